export * from './platform-keys';
export * from './acknowledge';
export * from './signer-key';
