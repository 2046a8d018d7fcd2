export * from './kafka-cluster';
export * from './kafka-scram';
export * from './kafka-access';
export * from './broker-endpoints';
export * from './kafka-replicator';
export * from './platform-streaming';
export * from './streaming-identities';
