export * from './platform-config';
export * from './defaults';
export * from './errors';
export * from './naming';
export * from './resolve';
export * from './validate';
export * from './regions';
export * from './security-config';
