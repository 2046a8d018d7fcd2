export * from './platform-stack';
export * from './global-stack';
export * from './regional-stack';
export * from './registry-replication-stack';
export * from './payment-platform';
export * from './regional-base-stack';
export * from './health-alarms-stack';
export { TODAY_CONTEXT_KEY } from './platform-context';
