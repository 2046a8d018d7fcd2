/**
 * The shared value rules: each check of the library written once, as plain functions that return
 * the problem (what is wrong and the fix) or `undefined`. Dependency-free (no aws-cdk-lib, cdk8s
 * or schema library), so the platform configuration, the constructs and the charts all use them.
 */
export * from './problems';
export * from './suggest';
export * from './network';
export * from './windows';
export * from './kubernetes';
export * from './schedule';
export * from './aws';
export * from './ethereum';
export * from './props';
export * from './waf';
export * from './images';
export * from './instance-types';
