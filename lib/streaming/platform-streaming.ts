import * as ec2 from 'aws-cdk-lib/aws-ec2';
import type * as kms from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';
import { kafkaClusterName, secretNamePrefix, type NamingConfig } from '../config/naming';
import type { ResolvedRegionConfig } from '../config/platform-config';
import type { ResolvedStreamingConfig } from '../config/streaming-config';
import { kafkaZones } from '../config/checks-sections';
import { SCRAM_SECRET_PREFIX } from './kafka-scram';
import { KafkaBrokerEndpoints, type KafkaBrokerEndpointsProps } from './broker-endpoints';
import { KAFKA_EXPORTER_PORTS, KAFKA_PORTS, KafkaCluster } from './kafka-cluster';

/** Props of `PlatformStreaming`. */
export interface PlatformStreamingProps {
  readonly config: NamingConfig;
  readonly streaming: ResolvedStreamingConfig;
  readonly region: ResolvedRegionConfig;
  readonly vpc: ec2.IVpc;
  /** Where the brokers live (the isolated data subnets). */
  readonly brokerSubnets: ec2.SubnetSelection;
  /** Where the broker lookup function runs (private subnets with egress to the Kafka API). */
  readonly lookupSubnets: ec2.SubnetSelection;
  readonly dataKey: kms.IKey;
  readonly logsKey: kms.IKey;
  readonly secretsKey: kms.IKey;
  readonly logRetentionDays: number;
  /** @default - the synth time */
  readonly today?: Date;
}

/**
 * The region's event streaming: the Kafka cluster in the region's first three zones with the
 * configured topics, the brokers' addresses for clients and Prometheus, and the SCRAM secret when
 * enabled. Clients are admitted with `allowClients`, which opens the broker port (and the
 * exporters, for Prometheus) to a security group such as the EKS cluster's.
 */
export class PlatformStreaming extends Construct {
  public readonly kafka: KafkaCluster;
  private brokerEndpoints?: KafkaBrokerEndpoints;
  private readonly lookupProps: Omit<KafkaBrokerEndpointsProps, 'cluster' | 'securityGroup'>;

  constructor(scope: Construct, id: string, props: PlatformStreamingProps) {
    super(scope, id);
    const s = props.streaming;
    const zones = kafkaZones(props.region.availabilityZones);
    const name = kafkaClusterName(props.config, props.region.region);
    this.kafka = new KafkaCluster(this, 'Kafka', {
      clusterName: name,
      vpc: props.vpc,
      subnets: { ...props.brokerSubnets, availabilityZones: zones },
      kafkaVersion: s.kafkaVersion,
      brokerInstanceType: s.brokerInstanceType,
      brokersPerZone: s.brokersPerZone,
      volumeSizeGiB: s.volumeSizeGiB,
      provisionedThroughputMiBps: s.provisionedThroughputMiBps === false ? undefined : s.provisionedThroughputMiBps,
      enhancedMonitoring: s.enhancedMonitoring,
      dataKey: props.dataKey,
      logsKey: props.logsKey,
      logRetentionDays: props.logRetentionDays,
      tlsClientAuthentication: s.tlsClientAuthentication ? { certificateAuthorityArn: this.certificateAuthorityArnOf(s, props.region.region) } : undefined,
      scram: s.scram ? { secretName: `${SCRAM_SECRET_PREFIX}${secretNamePrefix(props.config, props.region.region)}kafka-scram`, secretsKey: props.secretsKey } : undefined,
      topics: s.topics,
      today: props.today,
    });
    this.lookupProps = { vpc: props.vpc, subnets: props.lookupSubnets, logsKey: props.logsKey, logRetentionDays: props.logRetentionDays };
  }

  /**
   * Reads the brokers' addresses at deploy time with a function in `securityGroup` (see
   * `KafkaBrokerEndpoints`); call once, before reading `brokers` or `bootstrapServers`.
   */
  public discoverBrokers(securityGroup: ec2.ISecurityGroup): KafkaBrokerEndpoints {
    if (this.brokerEndpoints) throw new Error('PlatformStreaming.discoverBrokers: called twice; the brokers are looked up once.');
    this.brokerEndpoints = new KafkaBrokerEndpoints(this, 'Brokers', { ...this.lookupProps, cluster: this.kafka, securityGroup });
    return this.brokerEndpoints;
  }

  /** The brokers' addresses (after `discoverBrokers`). */
  public get brokers(): KafkaBrokerEndpoints {
    if (!this.brokerEndpoints) throw new Error('PlatformStreaming.brokers: call discoverBrokers(securityGroup) first.');
    return this.brokerEndpoints;
  }

  /** `host:9094,…` for certificate-authenticated clients (with mutual TLS on; deploy-time value). */
  public get tlsBootstrapServers(): string | undefined {
    return this.kafka.tlsPort === undefined ? undefined : this.brokers.bootstrapServers(this.kafka.tlsPort);
  }

  private certificateAuthorityArnOf(s: ResolvedStreamingConfig, region: string): string {
    const arn = s.tlsClientAuthentication?.certificateAuthorityArns[region];
    if (arn === undefined) throw new Error(`PlatformStreaming: streaming.tlsClientAuthentication.certificateAuthorityArns has no CA for ${region}; name one for every region.`);
    return arn;
  }

  /** `host:9098,…` for IAM-authenticated clients (deploy-time value). */
  public get bootstrapServers(): string {
    return this.brokers.bootstrapServers(KAFKA_PORTS.iam);
  }

  /** Admits a client security group on the TLS client port(s) and the exporter ports (Prometheus runs on the same nodes). */
  public allowClients(peer: ec2.IConnectable, description: string, scram = false): void {
    if (this.kafka.tlsPort !== undefined) this.kafka.connections.allowFrom(peer, ec2.Port.tcp(this.kafka.tlsPort), `${description} (Kafka TLS, client certificate)`);
    this.kafka.connections.allowDefaultPortFrom(peer, `${description} (Kafka TLS, IAM)`);
    if (scram) this.kafka.connections.allowFrom(peer, ec2.Port.tcp(KAFKA_PORTS.scram), `${description} (Kafka TLS, SASL/SCRAM)`);
    this.kafka.connections.allowFrom(peer, ec2.Port.tcpRange(KAFKA_EXPORTER_PORTS.jmx, KAFKA_EXPORTER_PORTS.node), `${description} (Prometheus exporters)`);
  }
}

