export {};
export * from './platform-alarms';
export * from './database-alarms';
export * from './cache-alarms';
export * from './alert-routing';
export * from './regional-observability';
export * from './kafka-alarms';
