import { Annotations, ArnFormat, Duration, Names, RemovalPolicy, Stack, Token, Validations } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as rds from 'aws-cdk-lib/aws-rds';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import type { PaymentDatabaseProps } from './database-props';
import { PGAUDIT_PARAMETERS, SHARED_PRELOAD_LIBRARIES } from './pgaudit';
import {
  asRetention, checkDatabaseProps, ec2FormOfDbClass, engineMajor, propChecks, warnOnPlacement,
} from './database-validation';
import { applyCreateOrder } from './database-create-order';

export type { GlobalDatabaseMembership, PaymentDatabaseProps } from './database-props';

/** The PostgreSQL port; the only port `allowConnectionsFrom` opens. */
export const POSTGRES_PORT = 5432;

/** Characters aws-rds leaves out of generated passwords; the rotation Lambda must leave out the same. */
const RDS_PASSWORD_EXCLUDE_CHARACTERS = " %+~`#$&*()|[]{}:;<>?!'/@\"\\";

/**
 * The regional Aurora PostgreSQL cluster of the payment platform: a writer and `readers` readers
 * spread over the zones of the isolated subnets, encrypted with the data key, IAM authentication,
 * generated and rotated master credentials, audit-friendly logging exported for a year,
 * Performance Insights and enhanced monitoring, and a security group that admits nobody until
 * `allowConnectionsFrom` is called.
 */
export class PaymentDatabase extends Construct implements ec2.IConnectable {
  /** The Aurora cluster. */
  public readonly cluster: rds.IDatabaseCluster;
  /** The security group of the cluster (no ingress until `allowConnectionsFrom`, besides the rotation Lambda). */
  public readonly connections: ec2.Connections;
  /** Master credentials (for a global secondary: this region's replica of the primary's secret). */
  public readonly secret: secretsmanager.ISecret;
  /** Writer endpoint hostname. */
  public readonly endpointHostname: string;
  /** Reader endpoint hostname (load-balanced over the readers). */
  public readonly readerEndpointHostname: string;
  /** The PostgreSQL port (5432). */
  public readonly port: number = POSTGRES_PORT;
  /** Cluster identifier (CloudWatch dimension `DBClusterIdentifier`). */
  public readonly clusterIdentifier: string;
  /** Instance identifiers, writer first (CloudWatch dimension `DBInstanceIdentifier`). */
  public readonly instanceIdentifiers: string[];
  /** `max_connections` of every instance. */
  public readonly maxConnections: number;
  /** Number of readers. */
  public readonly readers: number;
  /** The global database role, if any. */
  public readonly globalRole?: 'primary' | 'secondary';
  /** The exported PostgreSQL log group. */
  public readonly logGroup: logs.ILogGroup;
  /** Secret rotation (undefined for a global secondary: the primary rotates). */
  public readonly rotation?: secretsmanager.SecretRotation;
  /** Cluster ARN (Data API calls, IAM). */
  public readonly clusterArn: string;
  /** Key of the master secret. */
  public readonly secretsKey: kms.IKey;
  /** The RDS Data API is on (every class but db.t*, which the Data API does not support). */
  public readonly dataApi: boolean;

  constructor(scope: Construct, id: string, props: PaymentDatabaseProps) {
    super(scope, id);
    const readers = props.readers ?? 1;
    const maxConnections = props.maxConnections ?? 1000;
    const slowQueryMillis = props.slowQueryMillis ?? 1000;
    const backupRetentionDays = props.backupRetentionDays ?? 35;
    const rotationDays = props.rotationDays ?? 30;
    const backupWindow = props.preferredBackupWindow ?? '03:00-04:00';
    const maintenanceWindow = props.preferredMaintenanceWindow ?? 'sun:04:00-sun:05:00';
    const logRetentionDays = props.logRetentionDays ?? 365;
    const clusterIdentifier = props.clusterIdentifier ?? defaultIdentifier(this);
    const secondary = props.globalDatabase?.role === 'secondary';
    const checks = propChecks('PaymentDatabase');
    checkDatabaseProps(checks, {
      engineVersion: props.engineVersion, instanceClass: props.instanceClass, readerInstanceClass: props.readerInstanceClass,
      readers, maxConnections, slowQueryMillis, backupRetentionDays, rotationDays, preferredBackupWindow: backupWindow,
      preferredMaintenanceWindow: maintenanceWindow, logRetentionDays, clusterIdentifier, globalIdentifier: props.globalDatabase?.identifier,
    });
    if (secondary && props.secretName === undefined) {
      checks.add('secretName', undefined, "is required when globalDatabase.role is 'secondary': give the name of this region's replica of the primary's master secret (a secondary inherits the primary's users)");
    }
    if (secondary && props.secretReplicaRegions?.length) {
      checks.add('secretReplicaRegions', props.secretReplicaRegions.map((r) => r.region), 'must be empty for a global secondary: replicate the secret from the primary region only');
    }
    checks.done();
    const version = { full: props.engineVersion, major: engineMajor(props.engineVersion) };
    const writerType = ec2FormOfDbClass(props.instanceClass);
    const readerType = ec2FormOfDbClass(props.readerInstanceClass ?? props.instanceClass);
    const retention = asRetention(logRetentionDays);
    const subnets = props.vpc.selectSubnets(props.subnets);
    const zones = subnets.availabilityZones.filter((z) => !Token.isUnresolved(z));
    warnOnPlacement(this, readers, zones);

    const engine = rds.DatabaseClusterEngine.auroraPostgres({ version: rds.AuroraPostgresEngineVersion.of(version.full, version.major) });
    const clusterParameters = new rds.ParameterGroup(this, 'ClusterParameters', {
      engine,
      description: `Payment platform Aurora PostgreSQL ${version.major} cluster parameters`,
      parameters: {
        // pgaudit (PCI DSS 10.2.1.x): DDL, role and write statements, object-audited reads of the
        // application schema; lib/data/pgaudit.ts says what and why, the tool-tier test runs it.
        shared_preload_libraries: SHARED_PRELOAD_LIBRARIES,
        ...PGAUDIT_PARAMETERS,
        log_min_duration_statement: String(slowQueryMillis),
        // Clients must use TLS (PCI DSS 4.2.1).
        'rds.force_ssl': '1',
        // 'ddl', NOT the seed's 'all': logging every statement writes statement text — card data,
        // tokens, PII in literals — into CloudWatch Logs, which PCI DSS 3.4 forbids (stored PAN
        // must be unreadable). Schema changes are still audited; slow statements are logged by
        // log_min_duration_statement.
        log_statement: 'ddl',
        // Who connected and when (PCI DSS 10.2.1, 10.2.2).
        log_connections: '1',
        log_disconnections: '1',
      },
    });
    const instanceParameters = new rds.ParameterGroup(this, 'InstanceParameters', {
      engine,
      description: `Payment platform Aurora PostgreSQL ${version.major} instance parameters`,
      parameters: { max_connections: String(maxConnections) },
    });
    const securityGroup = new ec2.SecurityGroup(this, 'SecurityGroup', {
      vpc: props.vpc,
      description: `Aurora PostgreSQL ${clusterIdentifier}: no ingress until allowConnectionsFrom`,
      allowAllOutbound: false,
    });

    // The log group exists before the cluster so it is ours: CMK-encrypted, retained, kept a year.
    // (The L2's `cloudwatchLogsRetention` would instead add a LogRetention Lambda that only sets the
    // retention of an RDS-created, unencrypted group.)
    const logGroup = new logs.LogGroup(this, 'PostgresqlLogGroup', {
      logGroupName: `/aws/rds/cluster/${clusterIdentifier}/postgresql`,
      encryptionKey: props.logsKey,
      retention,
      removalPolicy: RemovalPolicy.RETAIN,
    });

    // A secondary's credentials are the in-region replica of the primary's secret, encrypted with
    // this region's secrets key (given here so grants include kms:Decrypt).
    const replicaSecret = secondary
      ? secretsmanager.Secret.fromSecretAttributes(this, 'ReplicaSecret', {
        secretPartialArn: Stack.of(this).formatArn({
          service: 'secretsmanager', resource: 'secret', resourceName: props.secretName!, arnFormat: ArnFormat.COLON_RESOURCE_NAME,
        }),
        encryptionKey: props.secretsKey,
      })
      : undefined;
    const credentials = replicaSecret
      // A secondary has no master user of its own; CDK always renders one, so the properties are
      // removed below. The reference to the replica keeps any plaintext out of the template.
      ? rds.Credentials.fromPassword(props.masterUsername ?? 'payments_admin', replicaSecret.secretValueFromJson('password'))
      : rds.Credentials.fromGeneratedSecret(props.masterUsername ?? 'payments_admin', {
        secretName: props.secretName,
        encryptionKey: props.secretsKey,
        replicaRegions: props.secretReplicaRegions,
      });

    const zoneOf = (i: number): string | undefined => (zones.length > 0 ? zones[i % zones.length] : undefined);
    const instanceType = (t: string) => new ec2.InstanceType(t);
    // Auto minor version upgrade does not apply to members of a global database (RDS upgrades
    // them only when told, secondaries first); turned off there so the template says what runs:
    // the configured `engineVersion`, upgraded through `payment-platform upgrade-plan`.
    const autoMinorVersionUpgrade = props.globalDatabase === undefined;
    const instanceDefaults = {
      publiclyAccessible: false,
      autoMinorVersionUpgrade,
      caCertificate: rds.CaCertificate.RDS_CA_RSA2048_G1,
      enablePerformanceInsights: true,
      performanceInsightRetention: rds.PerformanceInsightRetention.DEFAULT,
      performanceInsightEncryptionKey: props.key,
    };
    const cluster = new rds.DatabaseCluster(this, 'Cluster', {
      engine,
      clusterIdentifier,
      vpc: props.vpc,
      vpcSubnets: props.subnets,
      securityGroups: [securityGroup],
      port: POSTGRES_PORT,
      credentials,
      defaultDatabaseName: secondary ? undefined : props.databaseName ?? 'payments',
      parameterGroup: clusterParameters,
      writer: rds.ClusterInstance.provisioned('Writer', {
        instanceType: instanceType(writerType),
        parameterGroup: instanceParameters,
        availabilityZone: zoneOf(0),
        promotionTier: 0,
        ...instanceDefaults,
      }),
      readers: Array.from({ length: readers }, (_, i) => rds.ClusterInstance.provisioned(`Reader${i + 1}`, {
        instanceType: instanceType(readerType),
        parameterGroup: instanceParameters,
        availabilityZone: zoneOf(i + 1),
        promotionTier: 1,
        ...instanceDefaults,
      })),
      storageEncrypted: true,
      storageEncryptionKey: props.key,
      backup: { retention: Duration.days(backupRetentionDays), preferredWindow: backupWindow },
      preferredMaintenanceWindow: maintenanceWindow,
      deletionProtection: true,
      removalPolicy: RemovalPolicy.SNAPSHOT,
      copyTagsToSnapshot: true,
      enablePerformanceInsights: true,
      performanceInsightRetention: rds.PerformanceInsightRetention.DEFAULT,
      performanceInsightEncryptionKey: props.key,
      monitoringInterval: Duration.seconds(60),
      cloudwatchLogsExports: ['postgresql'],
      iamAuthentication: true,
      // Administration from outside the cluster (per-service users, DatabaseUsers) runs SQL here.
      enableDataApi: !writerType.startsWith('t'),
      autoMinorVersionUpgrade,
    });
    applyCreateOrder(cluster, logGroup, secondary);
    if (readers > 0 && readerType !== writerType) {
      // Replaces aws-rds' generic warning with one that says what it means here.
      Annotations.of(cluster).acknowledgeWarning('@aws-cdk/aws-rds:provisionedReadersDontMatchWriter', 'restated by payment-platform:database-reader-class');
      Annotations.of(this).addWarningV2('payment-platform:database-reader-class',
        `readerInstanceClass ${props.readerInstanceClass} differs from instanceClass ${props.instanceClass}: after a failover the ` +
        'writer runs on the reader class. Use the same class if the reader class cannot carry the write load.');
    }
    Validations.of(cluster.node.findChild('MonitoringRole')).acknowledge({
      id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AmazonRDSEnhancedMonitoringRole]',
      reason: 'PCI DSS 7.2.1: the AWS-maintained enhanced-monitoring policy only lets monitoring.rds.amazonaws.com write OS ' +
        'metrics to the RDSOSMetrics log group; a copy inline would not track changes AWS makes to it.',
    });

    Validations.of(cluster).acknowledge({
      id: 'CloudFormation-Validate::W3010',
      reason: 'The writer and each reader are pinned to different configured availability zones on purpose, so a zone ' +
        'failure never takes the writer and its failover target together (PCI DSS 12.10.1 availability); the zones come ' +
        'from the validated configuration, not a hardcoded literal.',
    });

    if (!autoMinorVersionUpgrade) {
      for (const instance of [...cluster.node.children].filter((c) => c.node.id === 'Writer' || /^Reader\d+$/.test(c.node.id))) {
        Validations.of(instance).acknowledge({
          id: 'PCI.DSS.321-RDSAutomaticMinorVersionUpgradeEnabled',
          reason: 'PCI DSS 6.3.3 (patching): RDS does not apply automatic minor upgrades to global database members; minor versions ' +
            'are pinned in database.engineVersion and rolled out secondaries first by `payment-platform upgrade-plan --database`.',
        });
      }
    }

    const cfn = cluster.node.defaultChild as rds.CfnDBCluster;
    if (props.globalDatabase) {
      // DatabaseCluster has no global-database prop (aws-cdk#22212); the L1 property is plain.
      cfn.globalClusterIdentifier = props.globalDatabase.identifier;
    }
    if (secondary) {
      cfn.masterUsername = undefined;
      cfn.masterUserPassword = undefined;
    }

    // Our own Connections with a literal default port: the L2's default port is the token
    // `Endpoint.Port`, which would make every ingress rule (and cdk-nag's port checks) opaque.
    this.connections = new ec2.Connections({ securityGroups: [securityGroup], defaultPort: ec2.Port.tcp(POSTGRES_PORT) });
    let generated: secretsmanager.ISecret | undefined;
    if (!secondary) {
      // The generated secret is state (the only copy of the master password): keep it.
      generated = cluster.node.findChild('Secret') as secretsmanager.Secret;
      generated.applyRemovalPolicy(RemovalPolicy.RETAIN);
      // Single-user rotation of the master password by the AWS-published Lambda, in subnets that
      // reach Secrets Manager; its security group is the only ingress the cluster gets by default.
      // Egress only to the VPC on 443 (the Secrets Manager interface endpoint); the rotation adds
      // 5432 to the cluster itself. No route to the internet.
      const rotationSecurityGroup = new ec2.SecurityGroup(this, 'RotationSecurityGroup', {
        vpc: props.vpc,
        description: `Master password rotation of ${clusterIdentifier}: Secrets Manager endpoint and the cluster only`,
        allowAllOutbound: false,
      });
      rotationSecurityGroup.addEgressRule(ec2.Peer.ipv4(props.vpc.vpcCidrBlock), ec2.Port.tcp(443), 'Secrets Manager interface endpoint');
      this.rotation = new secretsmanager.SecretRotation(this, 'Rotation', {
        application: secretsmanager.SecretRotationApplication.POSTGRES_ROTATION_SINGLE_USER,
        secret: cluster.secret!,
        target: this,
        securityGroup: rotationSecurityGroup,
        vpc: props.vpc,
        vpcSubnets: props.rotationSubnets ?? props.subnets,
        endpoint: props.secretsManagerEndpoint,
        automaticallyAfter: Duration.days(rotationDays),
        excludeCharacters: RDS_PASSWORD_EXCLUDE_CHARACTERS,
      });
      // The schedule rotates at once on create, and the rotation Lambda connects to the writer. The
      // schedule hangs off the secret attachment, which waits only for the cluster (created minutes
      // before its instances), so the first rotation would run against a cluster with no instance
      // and fail. It waits for the instances.
      const schedule = cluster.secret!.node.tryFindChild('RotationSchedule');
      // The writer only: the readers come after it and would put the rotation on the longest chain.
      const writer = cluster.node.tryFindChild('Writer');
      if (schedule && writer) schedule.node.addDependency(writer);
    }

    this.cluster = cluster;
    // The secret itself (not the attachment the L2 exposes) so grants include kms:Decrypt on the key.
    this.secret = replicaSecret ?? generated!;
    this.endpointHostname = cluster.clusterEndpoint.hostname;
    this.readerEndpointHostname = cluster.clusterReadEndpoint.hostname;
    this.clusterIdentifier = cluster.clusterIdentifier;
    this.instanceIdentifiers = cluster.instanceIdentifiers;
    this.maxConnections = maxConnections;
    this.readers = readers;
    this.globalRole = props.globalDatabase?.role;
    this.logGroup = logGroup;
    this.clusterArn = cluster.clusterArn;
    this.secretsKey = props.secretsKey;
    this.dataApi = !writerType.startsWith('t');
  }

  /** Opens 5432 (only) from `peer`, e.g. the cluster's node or pod security group. */
  public allowConnectionsFrom(peer: ec2.IConnectable, description = 'PostgreSQL from an authorized client'): void {
    this.connections.allowFrom(peer, ec2.Port.tcp(POSTGRES_PORT), description);
  }

  /** IAM database authentication: `rds-db:connect` as `dbUser` on this cluster. */
  public grantConnect(grantee: iam.IGrantable, dbUser: string): iam.Grant {
    return this.cluster.grantConnect(grantee, dbUser);
  }

  /** Read the master credentials (and decrypt them with the secrets key). */
  public grantReadCredentials(grantee: iam.IGrantable): iam.Grant {
    return this.secret.grantRead(grantee);
  }
}

/** A deterministic, valid RDS identifier from the construct path. */
function defaultIdentifier(scope: Construct): string {
  const raw = Names.uniqueResourceName(scope, { maxLength: 55, separator: '-' }).toLowerCase();
  const cleaned = raw.replace(/[^a-z0-9-]/g, '-').replace(/-+/g, '-').replace(/^[^a-z]+/, '').replace(/-$/, '');
  return cleaned || 'payment-database';
}
