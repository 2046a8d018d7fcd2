/**
 * Settings of the optional event-streaming module (Amazon MSK, GlobalPay's Kafka). Kept apart from
 * `platform-config.ts` so that file stays one concept per section; `PlatformConfig.streaming` points here.
 */

/** How much MSK reports to CloudWatch (`EnhancedMonitoring`). */
export type KafkaMonitoringLevel = 'DEFAULT' | 'PER_BROKER' | 'PER_TOPIC_PER_BROKER' | 'PER_TOPIC_PER_PARTITION';

/** One Kafka topic, created by CloudFormation (`AWS::MSK::Topic`). */
export interface KafkaTopicConfig {
  /** Topic name: letters, digits, `.`, `_` and `-`, at most 249 characters. Changing it replaces the topic. */
  readonly name: string;
  /** Partitions (1–1000). Kafka can only add partitions, never remove them. */
  readonly partitions: number;
  /**
   * Copies of every partition (2–3, at most the broker count); with `min.insync.replicas` 2 a
   * write survives the loss of one zone.
   * @default 3
   */
  readonly replicationFactor?: number;
  /**
   * `retention.ms` in hours.
   * @default 168 (7 days)
   */
  readonly retentionHours?: number;
}

/** The regional Kafka cluster (Amazon MSK provisioned, Standard brokers). */
export interface StreamingConfig {
  /**
   * Kafka version of the cluster, one MSK still supports (see `KAFKA_VERSIONS`); a version past
   * MSK's end of support is rejected at synth. Changing it is an in-place upgrade.
   * @default '3.9.x.kraft'
   */
  readonly kafkaVersion?: string;
  /**
   * Broker instance type.
   * @default 'kafka.m7g.2xlarge' (the seed's 8 vCPU / 32 GiB size on Graviton; kafka.m5.2xlarge cannot provision storage throughput)
   */
  readonly brokerInstanceType?: string;
  /**
   * Brokers in each of the (up to three) zones the cluster spans.
   * @default 2 (six brokers across three zones, GlobalPay's cluster)
   */
  readonly brokersPerZone?: number;
  /**
   * EBS volume of each broker in GiB (1–16384). Can only grow.
   * @default 1000
   */
  readonly volumeSizeGiB?: number;
  /**
   * Provisioned storage throughput of each broker volume in MiB/s, or `false` for the volume's
   * baseline. MSK accepts it only on kafka.m5.4xlarge / kafka.m7g.2xlarge and larger.
   * @default 250
   */
  readonly provisionedThroughputMiBps?: number | false;
  /**
   * Also accept SASL/SCRAM clients (port 9096) besides IAM (port 9098), with their credentials in
   * a Secrets Manager secret `AmazonMSK_<prefix>kafka-scram` encrypted with the secrets key.
   * @default false
   */
  readonly scram?: boolean;
  /**
   * CloudWatch metric level.
   * @default 'PER_TOPIC_PER_PARTITION'
   */
  readonly enhancedMonitoring?: KafkaMonitoringLevel;
  /**
   * Topics of the cluster; services name them in `ServiceSpec.streaming`.
   * @default - one topic `payment-events` with 12 partitions
   */
  readonly topics?: KafkaTopicConfig[];
  /**
   * With more than one region, copy every topic from the primary region's cluster to the failover
   * region's with MSK Replicator.
   * @default true
   */
  readonly replicateToFailoverRegion?: boolean;
}

/** A Kafka version MSK supports, with its published end of support (if any). */
export interface KafkaVersionInfo {
  readonly version: string;
  /**
   * `YYYY-MM-DD`; clusters on it are auto-upgraded after this day and new ones cannot be made.
   * @default - none published
   */
  readonly endOfSupport?: string;
  /** KRaft metadata mode (no ZooKeeper). */
  readonly kraft: boolean;
}

/**
 * Kafka versions MSK accepts for new clusters, from "Supported Apache Kafka versions" in the
 * Amazon MSK Developer Guide (docs.aws.amazon.com/msk/latest/developerguide/supported-kafka-versions.html)
 * and endoflife.date/amazon-msk, as of 2026-12-01. 3.5.1 (the seed's) reached end of support on 2025-10-23.
 */
export const KAFKA_VERSIONS: readonly KafkaVersionInfo[] = [
  { version: '3.5.1', endOfSupport: '2025-10-23', kraft: false },
  { version: '3.6.0', endOfSupport: '2026-06-01', kraft: false },
  { version: '3.7.x', endOfSupport: '2026-09-01', kraft: false },
  { version: '3.7.x.kraft', endOfSupport: '2026-09-01', kraft: true },
  { version: '3.8.x', kraft: false },
  { version: '3.8.x.kraft', kraft: true },
  { version: '3.9.x', kraft: false },
  { version: '3.9.x.kraft', kraft: true },
  { version: '4.0.x.kraft', kraft: true },
  { version: '4.1.x.kraft', kraft: true },
];

/**
 * Broker types that may provision storage throughput, with their maximum in MiB/s ("Provision
 * storage throughput for Standard brokers", Amazon MSK Developer Guide).
 */
export const KAFKA_MAX_PROVISIONED_THROUGHPUT: Readonly<Record<string, number>> = {
  'kafka.m5.4xlarge': 593,
  'kafka.m5.8xlarge': 850,
  'kafka.m5.12xlarge': 1000,
  'kafka.m5.16xlarge': 1000,
  'kafka.m5.24xlarge': 1000,
  'kafka.m7g.2xlarge': 312.5,
  'kafka.m7g.4xlarge': 625,
  'kafka.m7g.8xlarge': 1000,
  'kafka.m7g.12xlarge': 1000,
  'kafka.m7g.16xlarge': 1000,
};

/** Streaming with every default filled in. */
export interface ResolvedStreamingConfig {
  readonly kafkaVersion: string;
  readonly brokerInstanceType: string;
  readonly brokersPerZone: number;
  readonly volumeSizeGiB: number;
  readonly provisionedThroughputMiBps: number | false;
  readonly scram: boolean;
  readonly enhancedMonitoring: KafkaMonitoringLevel;
  readonly topics: Required<KafkaTopicConfig>[];
  readonly replicateToFailoverRegion: boolean;
}

export const DEFAULT_STREAMING = {
  kafkaVersion: '3.9.x.kraft',
  brokerInstanceType: 'kafka.m7g.2xlarge',
  brokersPerZone: 2,
  volumeSizeGiB: 1000,
  provisionedThroughputMiBps: 250,
  scram: false,
  enhancedMonitoring: 'PER_TOPIC_PER_PARTITION',
  replicateToFailoverRegion: true,
} as const;

export const DEFAULT_TOPIC = { replicationFactor: 3, retentionHours: 168 } as const;

export const DEFAULT_TOPICS: readonly KafkaTopicConfig[] = [{ name: 'payment-events', partitions: 12 }];

/** Fills in the defaults of a validated streaming section. */
export function resolveStreamingConfig(s: StreamingConfig): ResolvedStreamingConfig {
  return {
    kafkaVersion: s.kafkaVersion ?? DEFAULT_STREAMING.kafkaVersion,
    brokerInstanceType: s.brokerInstanceType ?? DEFAULT_STREAMING.brokerInstanceType,
    brokersPerZone: s.brokersPerZone ?? DEFAULT_STREAMING.brokersPerZone,
    volumeSizeGiB: s.volumeSizeGiB ?? DEFAULT_STREAMING.volumeSizeGiB,
    provisionedThroughputMiBps: s.provisionedThroughputMiBps ?? DEFAULT_STREAMING.provisionedThroughputMiBps,
    scram: s.scram ?? DEFAULT_STREAMING.scram,
    enhancedMonitoring: s.enhancedMonitoring ?? DEFAULT_STREAMING.enhancedMonitoring,
    topics: (s.topics ?? DEFAULT_TOPICS).map((t) => ({ ...DEFAULT_TOPIC, ...t })),
    replicateToFailoverRegion: s.replicateToFailoverRegion ?? DEFAULT_STREAMING.replicateToFailoverRegion,
  };
}
