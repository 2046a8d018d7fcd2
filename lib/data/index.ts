export {};
export * from './database';
export * from './cache';
