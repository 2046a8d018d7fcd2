import { Template } from 'aws-cdk-lib/assertions';
import { cacheReplicationGroupId, databaseClusterIdentifier, paymentCacheSettings, paymentDatabaseSettings } from '../../lib/data/database-config';
import { cache, database, dataTierEnv } from '../observability/data-tier-fixtures';
import { exampleConfig, testStack } from '../support/fixtures';

describe('data tier settings from the configuration', () => {
  const cfg = exampleConfig();
  const primary = cfg.regions.find((r) => r.role === 'primary')!.region;
  const secondaries = cfg.regions.filter((r) => r.role === 'secondary').map((r) => r.region);

  test('the primary region joins the global database as primary and replicates its master secret', () => {
    const stack = testStack();
    const settings = paymentDatabaseSettings(stack, cfg, primary);
    expect(settings).toEqual(expect.objectContaining({
      engineVersion: cfg.database.engineVersion,
      instanceClass: cfg.database.instanceClass,
      readers: cfg.database.readers,
      maxConnections: cfg.database.maxConnections,
      backupRetentionDays: cfg.database.backupRetentionDays,
      logRetentionDays: cfg.retention.logRetentionDays,
      clusterIdentifier: databaseClusterIdentifier(cfg, primary),
      secretName: `${cfg.name}/${cfg.environment}/${primary}/database/master`,
      globalDatabase: { identifier: `${cfg.name}-${cfg.environment}-global`, role: 'primary' },
    }));
    expect(settings.secretReplicaRegions!.map((r) => [r.region, r.encryptionKey?.keyArn])).toEqual(
      secondaries.map((r) => [r, `arn:aws:kms:${r}:${cfg.account}:alias/${cfg.name}-${cfg.environment}-secrets`]));
  });

  test('a secondary region uses the replica of the primary secret', () => {
    const region = secondaries[0];
    const settings = paymentDatabaseSettings(testStack(undefined, 'S', region), cfg, region);
    expect(settings.globalDatabase).toEqual({ identifier: `${cfg.name}-${cfg.environment}-global`, role: 'secondary' });
    expect(settings.secretName).toBe(`${cfg.name}/${cfg.environment}/${primary}/database/master`);
    expect(settings.secretReplicaRegions).toBeUndefined();
  });

  test('a single-region platform gets a standalone cluster', () => {
    const single = exampleConfig({ regions: [cfg.regions.find((r) => r.role === 'primary')!] });
    const settings = paymentDatabaseSettings(testStack(), single, primary);
    expect([settings.globalDatabase, settings.secretReplicaRegions, settings.secretName])
      .toEqual([undefined, undefined, `${cfg.name}/${cfg.environment}/${primary}/database/master`]);
  });

  test('settings build a valid database and cache', () => {
    const env = dataTierEnv();
    database(env, paymentDatabaseSettings(env.stack, cfg, primary));
    cache(env, paymentCacheSettings(cfg, primary));
    const template = Template.fromStack(env.stack);
    // Settings the configuration leaves open take the constructs' own defaults (one default per setting).
    template.hasResourceProperties('AWS::RDS::DBCluster', { DBClusterIdentifier: databaseClusterIdentifier(cfg, primary), BackupRetentionPeriod: 35 });
    template.hasResourceProperties('AWS::ElastiCache::ReplicationGroup', {
      ReplicationGroupId: `${cfg.name}-${cfg.environment}-use1-cache`,
      Engine: 'valkey', EngineVersion: '8.0', NumCacheClusters: 3, SnapshotRetentionLimit: 35,
    });
    template.hasResourceProperties('AWS::SecretsManager::Secret', { Name: `${cfg.name}/${cfg.environment}/${primary}/cache/auth-token` });
  });

  test('setting only database.instanceClass gives readers of the writer\'s class (the failover target keeps full capacity)', () => {
    const bigger = exampleConfig({ database: { instanceClass: 'db.r6g.4xlarge' } });
    expect(bigger.database.readerInstanceClass).toBeUndefined();
    const env = dataTierEnv();
    database(env, paymentDatabaseSettings(env.stack, bigger, primary));
    const instances = Template.fromStack(env.stack).findResources('AWS::RDS::DBInstance');
    const classes = Object.values(instances).map((i) => (i as { Properties: { DBInstanceClass: string } }).Properties.DBInstanceClass);
    expect(classes.length).toBeGreaterThanOrEqual(2);
    expect(new Set(classes)).toEqual(new Set(['db.r6g.4xlarge']));
  });

  test('an explicit reader class is passed through', () => {
    const env = dataTierEnv();
    database(env, paymentDatabaseSettings(env.stack, exampleConfig({ database: { instanceClass: 'db.r6g.4xlarge', readerInstanceClass: 'db.r6g.xlarge' } }), primary));
    const classes = Object.values(Template.fromStack(env.stack).findResources('AWS::RDS::DBInstance'))
      .map((i) => (i as { Properties: { DBInstanceClass: string } }).Properties.DBInstanceClass).sort();
    expect(classes).toEqual(['db.r6g.4xlarge', 'db.r6g.xlarge']);
  });

  test('identifiers are deterministic and within the services\' limits', () => {
    expect(databaseClusterIdentifier(cfg, 'us-east-1')).toBe(`${cfg.name}-${cfg.environment}-use1-postgres`);
    expect(cacheReplicationGroupId(cfg, 'ap-southeast-1')).toBe(`${cfg.name}-${cfg.environment}-apse1-cache`);
    const long = { name: 'a'.repeat(20), environment: 'b'.repeat(10), account: cfg.account };
    expect(cacheReplicationGroupId(long, 'ap-southeast-1')).toBe(`${'a'.repeat(20)}-${'b'.repeat(10)}-apse1`);
  });

  test('fails when the region is not configured', () => {
    expect(() => paymentDatabaseSettings(testStack(), cfg, 'sa-east-1')).toThrow(/paymentDatabaseSettings: region "sa-east-1" is invalid: use one of the configured regions/);
  });
});
