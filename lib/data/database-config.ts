import { Stack } from 'aws-cdk-lib';
import * as kms from 'aws-cdk-lib/aws-kms';
import type { Construct } from 'constructs';
import { databaseSecretName, globalDatabaseIdentifier, keyAlias, regionalPrefix, secretName } from '../config/naming';
import type { ResolvedPlatformConfig } from '../config/platform-config';
import type { PaymentCacheProps } from './cache';
import type { PaymentDatabaseProps } from './database';

/** Everything of `PaymentDatabaseProps` that comes from the configuration (the rest is network and keys). */
export type PaymentDatabaseSettings = Omit<PaymentDatabaseProps, 'vpc' | 'subnets' | 'rotationSubnets' | 'secretsManagerEndpoint' | 'key' | 'secretsKey' | 'logsKey'>;

/** Everything of `PaymentCacheProps` that comes from the configuration. */
export type PaymentCacheSettings = Omit<PaymentCacheProps, 'vpc' | 'subnets' | 'key' | 'secretsKey' | 'logsKey'>;

/** Aurora cluster identifier of a region: `verypay-prod-use1-postgres` (also names its log group). */
export function databaseClusterIdentifier(cfg: Pick<ResolvedPlatformConfig, 'name' | 'environment' | 'account'>, region: string): string {
  return `${regionalPrefix(cfg, region)}-postgres`;
}

/**
 * ElastiCache replication group id of a region: `verypay-prod-use1-cache`, or the bare regional
 * prefix when the suffix would pass ElastiCache's 40-character limit (long names and environments).
 */
export function cacheReplicationGroupId(cfg: Pick<ResolvedPlatformConfig, 'name' | 'environment' | 'account'>, region: string): string {
  const id = `${regionalPrefix(cfg, region)}-cache`;
  return id.length <= 40 ? id : regionalPrefix(cfg, region);
}

/**
 * The database props of `region` from the configuration. With more than one region, the
 * clusters join the Aurora global database `globalDatabaseIdentifier(cfg)` (created by the global
 * stack, deployed first): the primary region's cluster as primary, whose master secret is
 * replicated to every secondary region (encrypted there with that region's secrets key, by alias);
 * the others as secondaries that use that replica.
 */
export function paymentDatabaseSettings(scope: Construct, cfg: ResolvedPlatformConfig, region: string): PaymentDatabaseSettings {
  const primary = cfg.regions.find((r) => r.role === 'primary');
  const self = cfg.regions.find((r) => r.region === region);
  if (!primary || !self) {
    throw new Error(`paymentDatabaseSettings: region ${JSON.stringify(region)} is invalid: use one of the configured regions (${cfg.regions.map((r) => r.region).join(', ')}).`);
  }
  const global = cfg.regions.length > 1;
  const db = cfg.database;
  const common = {
    engineVersion: db.engineVersion,
    instanceClass: db.instanceClass,
    readerInstanceClass: db.readerInstanceClass,
    readers: db.readers,
    databaseName: db.databaseName,
    masterUsername: db.masterUsername,
    maxConnections: db.maxConnections,
    slowQueryMillis: db.slowQueryMillis,
    backupRetentionDays: db.backupRetentionDays,
    preferredBackupWindow: db.preferredBackupWindow,
    preferredMaintenanceWindow: db.preferredMaintenanceWindow,
    logRetentionDays: cfg.retention.logRetentionDays,
    clusterIdentifier: databaseClusterIdentifier(cfg, region),
  };
  if (!global) return { ...common, secretName: databaseSecretName(cfg, region) };
  const identifier = globalDatabaseIdentifier(cfg);
  if (self.role === 'secondary') {
    return { ...common, secretName: databaseSecretName(cfg, region), globalDatabase: { identifier, role: 'secondary' } };
  }
  const partition = Stack.of(scope).partition;
  return {
    ...common,
    secretName: databaseSecretName(cfg, region),
    secretReplicaRegions: cfg.regions.filter((r) => r.role === 'secondary').map((r) => ({
      region: r.region,
      encryptionKey: kms.Key.fromKeyArn(scope, `SecretsKey-${r.region}`, `arn:${partition}:kms:${r.region}:${cfg.account}:${keyAlias(cfg, 'secrets')}`),
    })),
    globalDatabase: { identifier, role: 'primary' },
  };
}

/** The cache props of `region` from the configuration. */
export function paymentCacheSettings(cfg: ResolvedPlatformConfig, region: string): PaymentCacheSettings {
  const c = cfg.cache;
  return {
    engine: c.engine,
    engineVersion: c.engineVersion,
    nodeType: c.nodeType,
    nodes: c.nodes,
    snapshotRetentionDays: c.snapshotRetentionDays,
    snapshotWindow: c.snapshotWindow,
    maintenanceWindow: c.maintenanceWindow,
    logRetentionDays: cfg.retention.logRetentionDays,
    authTokenSecretName: secretName(cfg, region, 'cache/auth-token'),
    replicationGroupId: cacheReplicationGroupId(cfg, region),
  };
}
