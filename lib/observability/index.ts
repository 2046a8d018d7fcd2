export {};
export * from './platform-alarms';
export * from './database-alarms';
export * from './cache-alarms';
export * from './kafka-alarms';
