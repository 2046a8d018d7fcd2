export * from './hosted-zone';
export * from './recovery-objectives';
export * from './api-failover';
export * from './health-check-alarms';
export * from './global-database';
export * from './registry-replication';
export * from './replication';
