export * from './platform-stack';
export * from './regional-stack';
