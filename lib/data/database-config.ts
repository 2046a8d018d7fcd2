import { Stack } from 'aws-cdk-lib';
import * as kms from 'aws-cdk-lib/aws-kms';
import type { Construct } from 'constructs';
import { databaseClusterIdentifier, databaseSecretName, globalDatabaseIdentifier, keyAlias, regionalPrefix, secretName } from '../config/naming';
import type { ResolvedPlatformConfig } from '../config/platform-config';
import type { ReplicaRegion } from 'aws-cdk-lib/aws-secretsmanager';
import type { AppSecretsProps } from './app-secrets';
import type { PaymentCacheProps } from './cache';
import type { PaymentDatabaseProps } from './database';

/** Everything of `PaymentDatabaseProps` that comes from the configuration (the rest is network and keys). */
export type PaymentDatabaseSettings = Omit<PaymentDatabaseProps, 'vpc' | 'subnets' | 'rotationSubnets' | 'secretsManagerEndpoint' | 'key' | 'secretsKey' | 'logsKey'>;

/** Everything of `PaymentCacheProps` that comes from the configuration. */
export type PaymentCacheSettings = Omit<PaymentCacheProps, 'vpc' | 'subnets' | 'key' | 'secretsKey' | 'logsKey'>;

export { databaseClusterIdentifier } from '../config/naming';

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
    rotationDays: db.rotationDays,
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
  return {
    ...common,
    secretName: databaseSecretName(cfg, region),
    secretReplicaRegions: secretReplicaRegions(scope, cfg),
    globalDatabase: { identifier, role: 'primary' },
  };
}

/**
 * Every secondary region with its secrets key (by alias ARN: the key lives in that region's base
 * stack, deployed before the primary), for the replicas of the primary's shared secrets.
 * One imported key per region and scope.
 */
export function secretReplicaRegions(scope: Construct, cfg: ResolvedPlatformConfig): ReplicaRegion[] {
  const partition = Stack.of(scope).partition;
  return cfg.regions.filter((r) => r.role === 'secondary').map((r) => {
    const id = `SecretsKey-${r.region}`;
    const existing = Stack.of(scope).node.tryFindChild(id) as kms.IKey | undefined;
    return {
      region: r.region,
      encryptionKey: existing ?? kms.Key.fromKeyArn(Stack.of(scope), id, `arn:${partition}:kms:${r.region}:${cfg.account}:${keyAlias(cfg, 'secrets')}`),
    };
  });
}

/**
 * How a region's `AppSecrets` takes part in the sharing of `SHARED_SECRET_PURPOSES`: the primary
 * of a multi-region platform replicates them into every secondary, a secondary reads its replicas
 * of the primary's; a single region owns them.
 */
export function appSecretsReplication(scope: Construct, cfg: ResolvedPlatformConfig, region: string): Pick<AppSecretsProps, 'replicaRegions' | 'sharedSecretsRegion'> {
  const self = cfg.regions.find((r) => r.region === region);
  const primary = cfg.regions.find((r) => r.role === 'primary');
  if (!self || !primary) {
    throw new Error(`appSecretsReplication: region ${JSON.stringify(region)} is invalid: use one of the configured regions (${cfg.regions.map((r) => r.region).join(', ')}).`);
  }
  if (cfg.regions.length < 2) return {};
  return self.role === 'primary' ? { replicaRegions: secretReplicaRegions(scope, cfg) } : { sharedSecretsRegion: primary.region };
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
