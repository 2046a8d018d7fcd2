export * from './platform-stack';
export * from './global-stack';
export * from './regional-stack';
export * from './payment-platform';
