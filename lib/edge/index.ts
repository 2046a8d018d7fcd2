export * from './hostnames';
export * from './api-certificate';
export * from './api-web-acl';
export * from './shield-protection';
export * from './api-edge';
export * from './load-balancer-logs';
