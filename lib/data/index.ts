export {};
export * from './database';
export * from './cache';
export * from './database-config';
