export * from './kubernetes-version';
export * from './node-groups';
export * from './pod-identity-role';
export * from './payment-cluster';
export * from './workload-identities';
export * from './policy-data';
export * from './addons';
