import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import { nagFindings } from '../support/compliance';
import { expectRejected } from '../support/invalid-case';
import { database, dataTierEnv, type DataTierEnv } from '../observability/data-tier-fixtures';

/** A database alone is in no AWS Backup plan: RegionalStack adds DatabaseBackupPlan (test/data/backup-plan.test.ts). */
const NO_BACKUP_PLAN = ['NIST.800.53.R5-RDSInBackupPlan @ Test/Database/Cluster/Reader1/Resource', 'NIST.800.53.R5-RDSInBackupPlan @ Test/Database/Cluster/Writer/Resource'];

const GLOBAL_ID = 'verypay-prod-global';

function standalone(overrides: Parameters<typeof database>[1] = {}) {
  const env = dataTierEnv();
  const db = database(env, overrides);
  return { env, db, template: Template.fromStack(env.stack) };
}

function logicalId(env: DataTierEnv, path: string): string {
  const node = env.stack.node.findAll().find((c) => c.node.path === `Test/${path}`);
  if (!node) throw new Error(`no construct at ${path}`);
  return env.stack.getLogicalId(node as unknown as import('aws-cdk-lib').CfnElement);
}

/** The secrets key lets `role` decrypt, only through Secrets Manager. */
function expectDecryptThroughSecretsManager(template: Template, env: DataTierEnv, role: string): void {
  template.hasResourceProperties('AWS::KMS::Key', {
    KeyPolicy: {
      Statement: Match.arrayWith([{
        Action: 'kms:Decrypt', Effect: 'Allow', Resource: '*',
        Principal: { AWS: { 'Fn::GetAtt': [logicalId(env, role), 'Arn'] } },
        Condition: { StringEquals: { 'kms:ViaService': 'secretsmanager.us-east-1.amazonaws.com' } },
      }]),
    },
  });
}

describe('PaymentDatabase', () => {
  test('creates an encrypted, protected Aurora PostgreSQL cluster with IAM auth and log export', () => {
    const { env, template } = standalone();
    template.resourceCountIs('AWS::RDS::DBCluster', 1);
    template.hasResource('AWS::RDS::DBCluster', {
      DeletionPolicy: 'Snapshot',
      UpdateReplacePolicy: 'Snapshot',
      Properties: {
        Engine: 'aurora-postgresql',
        EngineVersion: '17.9',
        DBClusterIdentifier: 'verypay-prod-use1',
        DatabaseName: 'payments',
        MasterUsername: 'payments_admin',
        Port: 5432,
        StorageEncrypted: true,
        KmsKeyId: { 'Fn::GetAtt': [logicalId(env, 'DataKey/Resource'), 'Arn'] },
        BackupRetentionPeriod: 35,
        PreferredBackupWindow: '03:00-04:00',
        PreferredMaintenanceWindow: 'sun:04:00-sun:05:00',
        DeletionProtection: true,
        CopyTagsToSnapshot: true,
        EnableIAMDatabaseAuthentication: true,
        EnableCloudwatchLogsExports: ['postgresql'],
        PerformanceInsightsEnabled: true,
        PerformanceInsightsRetentionPeriod: 7,
        PerformanceInsightsKmsKeyId: { 'Fn::GetAtt': [logicalId(env, 'DataKey/Resource'), 'Arn'] },
        AutoMinorVersionUpgrade: true,
      },
    });
  });

  test('cluster parameters log DDL (not all statements), connections and slow queries, pgaudit (DDL, roles, writes, object-audited reads, no parameter values), and force TLS', () => {
    const { template } = standalone({ slowQueryMillis: 250 });
    template.hasResourceProperties('AWS::RDS::DBClusterParameterGroup', {
      Family: 'aurora-postgresql17',
      Parameters: {
        shared_preload_libraries: 'pg_stat_statements,pgaudit',
        'pgaudit.log': 'ddl,role,write',
        'pgaudit.role': 'rds_pgaudit',
        'pgaudit.log_parameter': '0',
        'pgaudit.log_catalog': '0',
        'pgaudit.log_relation': '1',
        log_min_duration_statement: '250',
        'rds.force_ssl': '1',
        log_statement: 'ddl',
        log_connections: '1',
        log_disconnections: '1',
      },
    });
    template.hasResourceProperties('AWS::RDS::DBParameterGroup', {
      Family: 'aurora-postgresql17',
      Parameters: { max_connections: '1000' },
    });
  });

  test('maps other versions to their parameter group family and sets max_connections', () => {
    const { template } = standalone({ engineVersion: '16.6', maxConnections: 500 });
    template.hasResourceProperties('AWS::RDS::DBCluster', { EngineVersion: '16.6' });
    template.hasResourceProperties('AWS::RDS::DBClusterParameterGroup', { Family: 'aurora-postgresql16' });
    template.hasResourceProperties('AWS::RDS::DBParameterGroup', { Family: 'aurora-postgresql16', Parameters: { max_connections: '500' } });
  });

  test('writer and reader sit in different zones with Performance Insights and 60 s enhanced monitoring', () => {
    const { env, template } = standalone();
    const common = {
      Engine: 'aurora-postgresql',
      PubliclyAccessible: false,
      EnablePerformanceInsights: true,
      PerformanceInsightsRetentionPeriod: 7,
      PerformanceInsightsKMSKeyId: { 'Fn::GetAtt': [logicalId(env, 'DataKey/Resource'), 'Arn'] },
      MonitoringInterval: 60,
      MonitoringRoleArn: { 'Fn::GetAtt': [logicalId(env, 'Database/Cluster/MonitoringRole/Resource'), 'Arn'] },
      CACertificateIdentifier: 'rds-ca-rsa2048-g1',
      DBParameterGroupName: { Ref: logicalId(env, 'Database/InstanceParameters/Resource') },
    };
    template.resourceCountIs('AWS::RDS::DBInstance', 2);
    template.hasResourceProperties('AWS::RDS::DBInstance', { ...common, DBInstanceClass: 'db.r6g.2xlarge', AvailabilityZone: 'us-east-1a', PromotionTier: 0 });
    template.hasResourceProperties('AWS::RDS::DBInstance', { ...common, DBInstanceClass: 'db.r6g.2xlarge', AvailabilityZone: 'us-east-1b', PromotionTier: 1 });
    template.hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: { Statement: [Match.objectLike({ Principal: { Service: 'monitoring.rds.amazonaws.com' } })] },
    });
  });

  test('two readers spread over all three zones', () => {
    const { template } = standalone({ readers: 2 });
    const zones = Object.values(template.findResources('AWS::RDS::DBInstance')).map((r) => r.Properties.AvailabilityZone);
    expect(zones.sort()).toEqual(['us-east-1a', 'us-east-1b', 'us-east-1c']);
  });

  test('instances run in the isolated subnets', () => {
    const { env, template } = standalone();
    const isolated = env.vpc.isolatedSubnets.map((s) => ({ Ref: logicalId(env, `${s.node.path.replace('Test/', '')}/Subnet`) }));
    template.hasResourceProperties('AWS::RDS::DBSubnetGroup', { SubnetIds: isolated });
  });

  test('the PostgreSQL log group is ours: created first, CMK-encrypted, kept a year, retained', () => {
    const { env, template } = standalone({ logRetentionDays: 731 });
    const logGroupId = logicalId(env, 'Database/PostgresqlLogGroup/Resource');
    template.hasResource('AWS::Logs::LogGroup', {
      DeletionPolicy: 'Retain',
      Properties: {
        LogGroupName: '/aws/rds/cluster/verypay-prod-use1/postgresql',
        KmsKeyId: { 'Fn::GetAtt': [logicalId(env, 'LogsKey/Resource'), 'Arn'] },
        RetentionInDays: 731,
      },
    });
    template.hasResource('AWS::RDS::DBCluster', { DependsOn: Match.arrayWith([logGroupId]) });
    // No LogRetention custom resource (its Lambda would need its own exceptions).
    template.resourceCountIs('Custom::LogRetention', 0);
  });

  test('master credentials are generated, CMK-encrypted, retained, named and rotated every 30 days from the app subnets', () => {
    const { env, template } = standalone();
    template.hasResource('AWS::SecretsManager::Secret', {
      DeletionPolicy: 'Retain',
      Properties: {
        Name: 'verypay/prod/us-east-1/database/master',
        KmsKeyId: { 'Fn::GetAtt': [logicalId(env, 'SecretsKey/Resource'), 'Arn'] },
        GenerateSecretString: Match.objectLike({ SecretStringTemplate: '{"username":"payments_admin"}', GenerateStringKey: 'password' }),
      },
    });
    template.hasResourceProperties('AWS::SecretsManager::RotationSchedule', { RotationRules: { ScheduleExpression: 'rate(30 days)' } });
    const [a, b, c] = env.vpc.privateSubnets.map((s) => ({ Ref: logicalId(env, `${s.node.path.replace('Test/', '')}/Subnet`) }));
    template.hasResourceProperties('AWS::Serverless::Application', {
      Parameters: Match.objectLike({
        vpcSubnetIds: { 'Fn::Join': ['', [a, ',', b, ',', c]] },
        kmsKeyArn: { 'Fn::GetAtt': [logicalId(env, 'SecretsKey/Resource'), 'Arn'] },
      }),
    });
  });

  test('rotation uses the Secrets Manager endpoint when one is given', () => {
    const env = dataTierEnv();
    const endpoint = env.vpc.addInterfaceEndpoint('SecretsManager', { service: ec2.InterfaceVpcEndpointAwsService.SECRETS_MANAGER });
    database(env, { secretsManagerEndpoint: endpoint, rotationDays: 7 });
    const template = Template.fromStack(env.stack);
    template.hasResourceProperties('AWS::SecretsManager::RotationSchedule', { RotationRules: { ScheduleExpression: 'rate(7 days)' } });
    template.hasResourceProperties('AWS::Serverless::Application', {
      Parameters: Match.objectLike({
        endpoint: { 'Fn::Join': ['', ['https://', { Ref: logicalId(env, 'Vpc/SecretsManager/Resource') }, '.secretsmanager.us-east-1.', { Ref: 'AWS::URLSuffix' }]] },
      }),
    });
  });

  test('the master secret can be replicated to other regions', () => {
    const { template } = standalone({ secretReplicaRegions: [{ region: 'eu-west-1' }] });
    template.hasResourceProperties('AWS::SecretsManager::Secret', { ReplicaRegions: [{ Region: 'eu-west-1' }] });
  });

  test('the security group admits only the rotation Lambda, and no egress', () => {
    const { env, template } = standalone();
    const sg = logicalId(env, 'Database/SecurityGroup/Resource');
    template.hasResourceProperties('AWS::EC2::SecurityGroup', {
      GroupDescription: Match.stringLikeRegexp('no ingress until allowConnectionsFrom'),
      SecurityGroupEgress: [Match.objectLike({ CidrIp: '255.255.255.255/32', Description: 'Disallow all traffic' })],
      SecurityGroupIngress: Match.absent(),
    });
    const ingress = Object.values(template.findResources('AWS::EC2::SecurityGroupIngress', {
      Properties: { GroupId: { 'Fn::GetAtt': [sg, 'GroupId'] } },
    }));
    expect(ingress.map((r) => r.Properties)).toEqual([expect.objectContaining({
      IpProtocol: 'tcp', FromPort: 5432, ToPort: 5432,
      SourceSecurityGroupId: { 'Fn::GetAtt': [logicalId(env, 'Database/RotationSecurityGroup/Resource'), 'GroupId'] },
    })]);
  });

  test('the rotation Lambda reaches only the Secrets Manager endpoint (443 in the VPC) and the cluster (5432)', () => {
    const { env, template } = standalone();
    const rotationSg = logicalId(env, 'Database/RotationSecurityGroup/Resource');
    expect(template.toJSON().Resources[rotationSg].Properties.SecurityGroupEgress).toEqual([
      expect.objectContaining({ IpProtocol: 'tcp', FromPort: 443, ToPort: 443, CidrIp: { 'Fn::GetAtt': [expect.any(String), 'CidrBlock'] } }),
    ]);
    const toDb = Object.values(template.findResources('AWS::EC2::SecurityGroupEgress', {
      Properties: { GroupId: { 'Fn::GetAtt': [rotationSg, 'GroupId'] } },
    }));
    expect(toDb.map((r) => [r.Properties.FromPort, r.Properties.ToPort, r.Properties.DestinationSecurityGroupId])).toEqual([
      [5432, 5432, { 'Fn::GetAtt': [logicalId(env, 'Database/SecurityGroup/Resource'), 'GroupId'] }],
    ]);
  });

  test('allowConnectionsFrom opens exactly 5432 from the peer security group', () => {
    const env = dataTierEnv();
    const db = database(env);
    const peer = new ec2.SecurityGroup(env.stack, 'Nodes', { vpc: env.vpc });
    db.allowConnectionsFrom(peer);
    const template = Template.fromStack(env.stack);
    const sg = logicalId(env, 'Database/SecurityGroup/Resource');
    const fromPeer = Object.values(template.findResources('AWS::EC2::SecurityGroupIngress', {
      Properties: { GroupId: { 'Fn::GetAtt': [sg, 'GroupId'] }, SourceSecurityGroupId: { 'Fn::GetAtt': [logicalId(env, 'Nodes/Resource'), 'GroupId'] } },
    }));
    expect(fromPeer.map((r) => [r.Properties.IpProtocol, r.Properties.FromPort, r.Properties.ToPort])).toEqual([['tcp', 5432, 5432]]);
    expect(db.connections.defaultPort?.toString()).toBe('5432');
  });

  test('grantConnect gives rds-db:connect for one database user; grantReadCredentials reads the secret', () => {
    const env = dataTierEnv();
    const db = database(env);
    const role = new iam.Role(env.stack, 'App', { assumedBy: new iam.ServicePrincipal('pods.eks.amazonaws.com') });
    db.grantConnect(role, 'payment_service');
    db.grantReadCredentials(role);
    const template = Template.fromStack(env.stack);
    const cluster = logicalId(env, 'Database/Cluster/Resource');
    template.hasResourceProperties('AWS::IAM::Policy', {
      Roles: [{ Ref: logicalId(env, 'App/Resource') }],
      PolicyDocument: {
        Statement: [
          {
            Action: 'rds-db:connect', Effect: 'Allow',
            Resource: {
              'Fn::Join': ['', ['arn:aws:rds-db:us-east-1:123456789012:dbuser:', { 'Fn::GetAtt': [cluster, 'DBClusterResourceId'] }, '/payment_service']],
            },
          },
          {
            Action: ['secretsmanager:DescribeSecret', 'secretsmanager:GetSecretValue'], Effect: 'Allow',
            Resource: env.stack.resolve(db.secret.secretArn),
          },
        ],
      },
    });
    expectDecryptThroughSecretsManager(template, env, 'App/Resource');
  });

  test('exposes endpoint hostnames, identifiers and sizing', () => {
    const { env, db } = standalone();
    const cluster = logicalId(env, 'Database/Cluster/Resource');
    expect(env.stack.resolve(db.endpointHostname)).toEqual({ 'Fn::GetAtt': [cluster, 'Endpoint.Address'] });
    expect(env.stack.resolve(db.readerEndpointHostname)).toEqual({ 'Fn::GetAtt': [cluster, 'ReadEndpoint.Address'] });
    expect(env.stack.resolve(db.clusterIdentifier)).toEqual({ Ref: cluster });
    expect(db.instanceIdentifiers).toHaveLength(2);
    expect([db.port, db.maxConnections, db.readers, db.globalRole]).toEqual([5432, 1000, 1, undefined]);
  });

  test('derives a valid identifier from the construct path when none is given', () => {
    const { template } = standalone({ clusterIdentifier: undefined });
    template.hasResourceProperties('AWS::RDS::DBCluster', { DBClusterIdentifier: Match.stringLikeRegexp('^test-database-[a-z0-9]{8}$') });
  });

  test('passes cdk-nag AwsSolutions, PCI DSS 3.2.1 and NIST 800-53 R5 but for the backup plan, which is the stack\'s', () => {
    const { db } = standalone();
    expect(nagFindings(db)).toEqual(NO_BACKUP_PLAN);
  });

  describe('warnings', () => {
    test('readers beyond zones - 1 share a zone', () => {
      const { env } = standalone({ readers: 3 });
      Annotations.fromStack(env.stack).hasWarning('/Test/Database', Match.stringLikeRegexp('readers is 3 but the subnets span 3 availability zones'));
    });
    test('no reader means no same-region failover target', () => {
      const { env, template } = standalone({ readers: 0 });
      template.resourceCountIs('AWS::RDS::DBInstance', 1);
      Annotations.fromStack(env.stack).hasWarning('/Test/Database', Match.stringLikeRegexp('readers is 0'));
    });
    test('a smaller reader class is restated once, by this library', () => {
      const { env } = standalone({ readerInstanceClass: 'db.r6g.xlarge' });
      const annotations = Annotations.fromStack(env.stack);
      annotations.hasWarning('/Test/Database', Match.stringLikeRegexp('readerInstanceClass db.r6g.xlarge differs from instanceClass db.r6g.2xlarge'));
      annotations.hasNoWarning('/Test/Database/Cluster', Match.stringLikeRegexp('do not have the same InstanceSize'));
    });
    test('matching classes and readers within zones give no warning', () => {
      const { env } = standalone({ readers: 2 });
      Annotations.fromStack(env.stack).hasNoWarning('*', Match.anyValue());
    });
  });

  describe('Aurora global database', () => {
    test('primary joins the global cluster and keeps its credentials and rotation', () => {
      const { db, template } = standalone({ globalDatabase: { identifier: GLOBAL_ID, role: 'primary' } });
      template.hasResourceProperties('AWS::RDS::DBCluster', {
        GlobalClusterIdentifier: GLOBAL_ID,
        MasterUsername: 'payments_admin',
        MasterUserPassword: Match.anyValue(),
        DatabaseName: 'payments',
      });
      template.resourceCountIs('AWS::SecretsManager::RotationSchedule', 1);
      expect(db.globalRole).toBe('primary');
      expect(nagFindings(db)).toEqual(NO_BACKUP_PLAN);
    });

    test('secondary inherits users and data: no master user, no database name, no rotation, own region key', () => {
      const env = dataTierEnv();
      const db = database(env, { globalDatabase: { identifier: GLOBAL_ID, role: 'secondary' } });
      const template = Template.fromStack(env.stack);
      template.hasResourceProperties('AWS::RDS::DBCluster', {
        GlobalClusterIdentifier: GLOBAL_ID,
        MasterUsername: Match.absent(),
        MasterUserPassword: Match.absent(),
        DatabaseName: Match.absent(),
        StorageEncrypted: true,
        KmsKeyId: { 'Fn::GetAtt': [logicalId(env, 'DataKey/Resource'), 'Arn'] },
      });
      template.resourceCountIs('AWS::SecretsManager::Secret', 0);
      template.resourceCountIs('AWS::SecretsManager::SecretTargetAttachment', 0);
      template.resourceCountIs('AWS::SecretsManager::RotationSchedule', 0);
      template.resourceCountIs('AWS::Serverless::Application', 0);
      expect(db.rotation).toBeUndefined();
      expect(db.globalRole).toBe('secondary');
      expect(nagFindings(db)).toEqual(NO_BACKUP_PLAN);
    });

    test('secondary credentials are the in-region replica of the primary secret', () => {
      const env = dataTierEnv();
      const db = database(env, { globalDatabase: { identifier: GLOBAL_ID, role: 'secondary' }, secretName: 'verypay/prod/us-east-1/database/master' });
      const role = new iam.Role(env.stack, 'Admin', { assumedBy: new iam.AccountRootPrincipal() });
      db.grantReadCredentials(role);
      Template.fromStack(env.stack).hasResourceProperties('AWS::IAM::Policy', {
        PolicyDocument: {
          Statement: [
            {
              Action: ['secretsmanager:DescribeSecret', 'secretsmanager:GetSecretValue'], Effect: 'Allow',
              Resource: 'arn:aws:secretsmanager:us-east-1:123456789012:secret:verypay/prod/us-east-1/database/master-??????',
            },
          ],
        },
      });
      expectDecryptThroughSecretsManager(Template.fromStack(env.stack), env, 'Admin/Resource');
      expect(env.stack.resolve(db.secret.secretName)).toBe('verypay/prod/us-east-1/database/master');
    });
  });

  describe('fails when (the rules of lib/core/rules, one PlatformConfigError per props)', () => {
    const secondaryDb = { identifier: GLOBAL_ID, role: 'secondary' as const };
    test.each([
      ['engineVersion', { engineVersion: '17' }, "must be an Aurora PostgreSQL version 'major.minor'"],
      ['engineVersion', { engineVersion: 'latest' }, "must be an Aurora PostgreSQL version 'major.minor'"],
      ['engineVersion', { engineVersion: '14.9' }, 'PostgreSQL 14 reaches end of standard support; use 16 or 17'],
      ['engineVersion', { engineVersion: '17.99' }, 'is not an Aurora PostgreSQL version AWS offers; use one of 17.1'],
      ['instanceClass', { instanceClass: 'r6g.2xlarge' }, "must be a DB instance class (starting with 'db.')"],
      ['instanceClass', { instanceClass: 'db.x99.large' }, "'db.x99' is no instance family we know"],
      ['readerInstanceClass', { readerInstanceClass: 'db.r6g' }, "must be a DB instance class (starting with 'db.')"],
      ['readers', { readers: 16 }, "must be an integer from 0 to 15; Aurora's replica limit is 15"],
      ['readers', { readers: -1 }, 'must be an integer from 0 to 15'],
      ['readers', { readers: 1.5 }, 'must be an integer from 0 to 15'],
      ['maxConnections', { maxConnections: 5 }, 'must be an integer from 10 to 262143'],
      ['slowQueryMillis', { slowQueryMillis: -1 }, 'must be an integer from 0 to 2147483647'],
      ['backupRetentionDays', { backupRetentionDays: 0 }, 'must be an integer from 1 to 35'],
      ['backupRetentionDays', { backupRetentionDays: 36 }, 'must be an integer from 1 to 35'],
      ['rotationDays', { rotationDays: 0 }, 'must be an integer from 1 to 90'],
      ['rotationDays', { rotationDays: 91 }, 'must be an integer from 1 to 90; days: a master password older than 90 days is a PCI DSS 8.3.9 finding'],
      ['preferredBackupWindow', { preferredBackupWindow: '3-4' }, "must be a window in the form 'hh:mm-hh:mm' (UTC)"],
      ['preferredBackupWindow', { preferredBackupWindow: '03:00-03:15' }, 'must last at least 30 minutes'],
      ['preferredMaintenanceWindow', { preferredMaintenanceWindow: 'sunday 4am' }, "must be a window in the form 'ddd:hh:mm-ddd:hh:mm'"],
      ['logRetentionDays', { logRetentionDays: 90 }, 'must be at least 365 days (PCI DSS 10.5.1'],
      ['logRetentionDays', { logRetentionDays: 366 }, 'must be a value CloudWatch Logs accepts: one of 365, 400'],
      ['clusterIdentifier', { clusterIdentifier: 'Payments_DB' }, 'must be 1–63 lowercase letters, digits and single hyphens'],
      ['clusterIdentifier', { clusterIdentifier: 'payments--db' }, 'must be 1–63 lowercase letters'],
      ['clusterIdentifier', { clusterIdentifier: 'payments-' }, 'not ending with a hyphen'],
      ['globalDatabase.identifier', { globalDatabase: { identifier: '1global', role: 'primary' as const } }, 'starting with a letter'],
      ['secretName', { secretName: undefined, globalDatabase: secondaryDb }, "is required when globalDatabase.role is 'secondary'"],
      ['secretReplicaRegions', { secretReplicaRegions: [{ region: 'eu-west-1' }], globalDatabase: secondaryDb }, 'must be empty for a global secondary'],
    ])('%s is invalid (%j)', (field, overrides, fix) => {
      const env = dataTierEnv();
      expectRejected(() => database(env, overrides), { what: field, input: overrides, field, fix });
      expect(() => database(dataTierEnv(), overrides)).toThrow(/^Invalid PaymentDatabase props \(1 problem\):/);
    });

    test('every problem of the props at once, in one error', () => {
      expect(() => database(dataTierEnv(), { readers: 16, logRetentionDays: 90, preferredBackupWindow: '3-4' }))
        .toThrow(/Invalid PaymentDatabase props \(3 problems\):\n {2}- readers: .*\n {2}- preferredBackupWindow: .*\n {2}- logRetentionDays: /);
    });
  });
});
