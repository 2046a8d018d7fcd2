import { Fn, RemovalPolicy, Stack, Token } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as msk from 'aws-cdk-lib/aws-msk';
import { Construct } from 'constructs';
import { KAFKA_MAX_PROVISIONED_THROUGHPUT, KAFKA_VERSIONS, type KafkaMonitoringLevel, type KafkaTopicConfig } from '../config/streaming-config';
import { KafkaScramSecret } from './kafka-scram';
import { KAFKA_TLS_PORT, PRIVATE_CA_ARN } from './kafka-tls-clients';
import { logRetentionDaysRule, PropChecks } from '../core/rules';

/** Broker ports by client authentication (TLS only: MSK's plaintext port 9092 is never opened). */
export const KAFKA_PORTS = { iam: 9098, scram: 9096 } as const;

/** Open-monitoring exporters on every broker (Prometheus JMX exporter and node exporter). */
export const KAFKA_EXPORTER_PORTS = { jmx: 11001, node: 11002 } as const;

/** Props of `KafkaCluster`. */
export interface KafkaClusterProps {
  /** MSK cluster name (≤ 64 characters). Changing it replaces the cluster. */
  readonly clusterName: string;
  readonly vpc: ec2.IVpc;
  /** Client subnets: two or three, each in its own zone. Changing them replaces the cluster. */
  readonly subnets: ec2.SubnetSelection;
  /** Kafka version, one of `KAFKA_VERSIONS`, not past its end of support. */
  readonly kafkaVersion: string;
  /** Broker instance type, e.g. `kafka.m7g.2xlarge`. */
  readonly brokerInstanceType: string;
  /** Brokers in each client subnet's zone. */
  readonly brokersPerZone: number;
  /** EBS volume per broker in GiB; can only grow. */
  readonly volumeSizeGiB: number;
  /**
   * Provisioned storage throughput per broker in MiB/s.
   * @default - the volume's baseline (no provisioned throughput)
   */
  readonly provisionedThroughputMiBps?: number;
  /** @default 'PER_TOPIC_PER_PARTITION' */
  readonly enhancedMonitoring?: KafkaMonitoringLevel;
  /** Encrypts the broker volumes at rest. Changing it replaces the cluster. */
  readonly dataKey: kms.IKey;
  /** Encrypts the broker log group; its policy must allow CloudWatch Logs. */
  readonly logsKey: kms.IKey;
  /** Days to keep broker logs (≥ 365 for PCI DSS 10.5.1). */
  readonly logRetentionDays: number;
  /**
   * Accept SASL/SCRAM clients on 9096 too, with their credentials in this secrets key's secret.
   * @default - IAM access control only
   */
  readonly scram?: { readonly secretName: string; readonly secretsKey: kms.IKey };
  /**
   * Also accept clients with a certificate from this AWS Private CA (mutual TLS, port 9094).
   * @default - IAM (and SCRAM) clients only
   */
  readonly tlsClientAuthentication?: { readonly certificateAuthorityArn: string };
  /**
   * Topics to create (`AWS::MSK::Topic`).
   * @default - none
   */
  readonly topics?: KafkaTopicConfig[];
  /**
   * "Today" for the end-of-support check (tests pin it).
   * @default - the synth time
   */
  readonly today?: Date;
}

/** Broker settings every cluster gets: no silent topic creation, no unclean leader election, writes on two zones. */
export const KAFKA_SERVER_PROPERTIES = [
  'auto.create.topics.enable=false',
  'default.replication.factor=3',
  'min.insync.replicas=2',
  'unclean.leader.election.enable=false',
  // SASL/SCRAM users get nothing without an explicit Kafka ACL (IAM clients are authorised by IAM).
  'allow.everyone.if.no.acl.found=false',
  'num.partitions=6',
].join('\n');

function checkProps(props: KafkaClusterProps, zones: number): void {
  const ca = props.tlsClientAuthentication?.certificateAuthorityArn;
  if (ca !== undefined && !Token.isUnresolved(ca) && !PRIVATE_CA_ARN.test(ca)) {
    throw new Error(`KafkaCluster: tlsClientAuthentication.certificateAuthorityArn '${ca}' is not an AWS Private CA ARN (arn:aws:acm-pca:<region>:<account>:certificate-authority/<id>).`);
  }
  const info = KAFKA_VERSIONS.find((v) => v.version === props.kafkaVersion);
  if (!info) {
    throw new Error(`KafkaCluster: kafkaVersion '${props.kafkaVersion}' is not one MSK accepts; use one of ${KAFKA_VERSIONS.map((v) => v.version).join(', ')}.`);
  }
  const today = (props.today ?? new Date()).toISOString().slice(0, 10);
  if (info.endOfSupport !== undefined && info.endOfSupport <= today) {
    const supported = KAFKA_VERSIONS.filter((v) => v.endOfSupport === undefined || v.endOfSupport > today).map((v) => v.version);
    throw new Error(`streaming.kafkaVersion: Kafka ${info.version} reached MSK end of support on ${info.endOfSupport} (today ${today}); ` +
      `MSK auto-upgrades such clusters and phases out new ones. Use one of ${supported.join(', ')}.`);
  }
  if (zones < 2 || zones > 3) {
    throw new Error(`KafkaCluster: subnets select ${zones} subnets; MSK needs two or three client subnets, each in its own zone.`);
  }
  const max = KAFKA_MAX_PROVISIONED_THROUGHPUT[props.brokerInstanceType];
  if (props.provisionedThroughputMiBps !== undefined && (max === undefined || props.provisionedThroughputMiBps < 250 || props.provisionedThroughputMiBps > max)) {
    throw new Error(`KafkaCluster: provisionedThroughputMiBps ${props.provisionedThroughputMiBps} is not available on ${props.brokerInstanceType}` +
      `${max === undefined ? ' (only kafka.m5.4xlarge, kafka.m7g.2xlarge and larger)' : ` (250–${max})`}; leave it unset for the baseline.`);
  }
  const checks = new PropChecks('KafkaCluster', (v) => Token.isUnresolved(v));
  checks.prop('logRetentionDays', props.logRetentionDays, logRetentionDaysRule);
  checks.done();
}

/**
 * An Amazon MSK provisioned cluster with the platform's defaults, as a small L2 over `CfnCluster`:
 * brokers spread evenly over two or three zones of private subnets, TLS only (client–broker and
 * between brokers), volumes encrypted with a customer-managed key, IAM access control (SASL/SCRAM
 * optional), no public access, broker logs in a KMS-encrypted log group, enhanced CloudWatch
 * metrics and the Prometheus JMX and node exporters. A security group admits only what
 * `connections.allowFrom` opens. Cluster, topics and log group are retained on stack deletion.
 */
export class KafkaCluster extends Construct implements ec2.IConnectable {
  public readonly resource: msk.CfnCluster;
  public readonly configuration: msk.CfnConfiguration;
  public readonly clusterName: string;
  public readonly clusterArn: string;
  /** The UUID part of the cluster ARN (topic and group ARNs contain it). */
  public readonly clusterUuid: string;
  public readonly connections: ec2.Connections;
  public readonly securityGroup: ec2.SecurityGroup;
  public readonly logGroup: logs.LogGroup;
  /** Broker ids 1 … number of brokers. */
  public readonly brokerIds: number[];
  /** The port IAM-authenticated clients use (9098). */
  public readonly iamPort = KAFKA_PORTS.iam;
  /** The port certificate-authenticated clients use (9094), with `tlsClientAuthentication` only. */
  public readonly tlsPort?: number;
  /** Present with SASL/SCRAM on. */
  public readonly scramSecret?: KafkaScramSecret;
  /** Topics by name. */
  public readonly topics: Record<string, msk.CfnTopic> = {};

  constructor(scope: Construct, id: string, props: KafkaClusterProps) {
    super(scope, id);
    const subnets = props.vpc.selectSubnets(props.subnets);
    checkProps(props, subnets.subnetIds.length);
    this.clusterName = props.clusterName;
    this.brokerIds = Array.from({ length: props.brokersPerZone * subnets.subnetIds.length }, (_, i) => i + 1);

    this.securityGroup = new ec2.SecurityGroup(this, 'SecurityGroup', {
      vpc: props.vpc,
      description: `${props.clusterName}: Kafka brokers (TLS ${KAFKA_PORTS.iam}${props.scram ? `/${KAFKA_PORTS.scram}` : ''}${props.tlsClientAuthentication ? `/${KAFKA_TLS_PORT}` : ''}, exporters ${KAFKA_EXPORTER_PORTS.jmx}-${KAFKA_EXPORTER_PORTS.node}) from admitted clients only`,
      allowAllOutbound: false,
    });
    // Brokers replicate to each other on the broker ports.
    this.securityGroup.addIngressRule(this.securityGroup, ec2.Port.tcpRange(9092, 9098), 'Broker-to-broker replication (TLS)');
    this.securityGroup.addEgressRule(this.securityGroup, ec2.Port.tcpRange(9092, 9098), 'Broker-to-broker replication (TLS)');
    this.connections = new ec2.Connections({ securityGroups: [this.securityGroup], defaultPort: ec2.Port.tcp(KAFKA_PORTS.iam) });

    this.logGroup = new logs.LogGroup(this, 'BrokerLogs', {
      logGroupName: `/aws/msk/${props.clusterName}/broker`,
      retention: props.logRetentionDays as logs.RetentionDays,
      encryptionKey: props.logsKey,
      removalPolicy: RemovalPolicy.RETAIN,
    });

    this.configuration = new msk.CfnConfiguration(this, 'Configuration', {
      name: `${props.clusterName}-config`,
      description: 'Platform broker settings: no auto-created topics, replication factor 3, min.insync.replicas 2',
      serverProperties: KAFKA_SERVER_PROPERTIES,
    });

    this.resource = new msk.CfnCluster(this, 'Resource', {
      clusterName: props.clusterName,
      kafkaVersion: props.kafkaVersion,
      numberOfBrokerNodes: this.brokerIds.length,
      brokerNodeGroupInfo: {
        instanceType: props.brokerInstanceType,
        clientSubnets: subnets.subnetIds,
        securityGroups: [this.securityGroup.securityGroupId],
        storageInfo: {
          ebsStorageInfo: {
            volumeSize: props.volumeSizeGiB,
            provisionedThroughput: props.provisionedThroughputMiBps !== undefined
              ? { enabled: true, volumeThroughput: props.provisionedThroughputMiBps }
              : undefined,
          },
        },
        connectivityInfo: { publicAccess: { type: 'DISABLED' } },
      },
      clientAuthentication: {
        sasl: { iam: { enabled: true }, scram: { enabled: props.scram !== undefined } },
        tls: props.tlsClientAuthentication ? { enabled: true, certificateAuthorityArnList: [props.tlsClientAuthentication.certificateAuthorityArn] } : undefined,
        unauthenticated: { enabled: false },
      },
      encryptionInfo: {
        encryptionAtRest: { dataVolumeKmsKeyId: props.dataKey.keyArn },
        encryptionInTransit: { clientBroker: 'TLS', inCluster: true },
      },
      enhancedMonitoring: props.enhancedMonitoring ?? 'PER_TOPIC_PER_PARTITION',
      openMonitoring: { prometheus: { jmxExporter: { enabledInBroker: true }, nodeExporter: { enabledInBroker: true } } },
      loggingInfo: { brokerLogs: { cloudWatchLogs: { enabled: true, logGroup: this.logGroup.logGroupName } } },
      configurationInfo: { arn: this.configuration.attrArn, revision: Token.asNumber(this.configuration.attrLatestRevisionRevision) },
    });
    this.resource.applyRemovalPolicy(RemovalPolicy.RETAIN);
    this.clusterArn = this.resource.attrArn;
    if (props.tlsClientAuthentication) this.tlsPort = KAFKA_TLS_PORT;
    this.clusterUuid = Fn.select(2, Fn.split('/', this.clusterArn));

    if (props.scram) {
      this.scramSecret = new KafkaScramSecret(this, 'Scram', { ...props.scram, clusterArn: this.clusterArn });
    }
    for (const topic of props.topics ?? []) this.addTopic(topic);
  }

  /** Creates a topic (retained on deletion, like the data it holds). */
  public addTopic(topic: KafkaTopicConfig): msk.CfnTopic {
    const replicationFactor = topic.replicationFactor ?? 3;
    if (replicationFactor > this.brokerIds.length) {
      throw new Error(`KafkaCluster: topic '${topic.name}' asks for ${replicationFactor} replicas but the cluster has ${this.brokerIds.length} brokers.`);
    }
    const configs = [
      `retention.ms=${(topic.retentionHours ?? 168) * 3_600_000}`,
      `min.insync.replicas=${Math.min(2, replicationFactor)}`,
    ].join('\n');
    const resource = new msk.CfnTopic(this, `Topic-${topic.name}`, {
      clusterArn: this.clusterArn,
      topicName: topic.name,
      partitionCount: topic.partitions,
      replicationFactor,
      configs: Buffer.from(configs, 'utf8').toString('base64'),
    });
    resource.applyRemovalPolicy(RemovalPolicy.RETAIN);
    this.topics[topic.name] = resource;
    return resource;
  }

  /** ARN of a consumer group of this cluster. */
  public groupArn(group: string): string {
    const stack = Stack.of(this);
    return `arn:${stack.partition}:kafka:${stack.region}:${stack.account}:group/${this.clusterName}/${this.clusterUuid}/${group}`;
  }

  /** ARN of a topic of this cluster (also for topics not created here). */
  public topicArn(topic: string): string {
    const existing = this.topics[topic];
    if (existing) return existing.attrTopicArn;
    const stack = Stack.of(this);
    return `arn:${stack.partition}:kafka:${stack.region}:${stack.account}:topic/${this.clusterName}/${this.clusterUuid}/${topic}`;
  }
}
