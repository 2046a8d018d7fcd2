export * from './platform-keys';
export * from './acknowledge';
