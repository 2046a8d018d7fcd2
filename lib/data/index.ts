export {};
export * from './database';
export * from './cache';
export * from './database-config';
export * from './backup-bucket';
export * from './registry';
export * from './app-secrets';
export * from './database-users';
export * from './platform-database-users';
