import type { z } from 'zod';
import type { ResolvedPlatformConfig } from './resolve';
import type { streamingSchema, topicSchema } from './schema-streaming';

/**
 * Settings of the optional event-streaming module (Amazon MSK, GlobalPay's Kafka): the types (from
 * the schema, `schema-streaming.ts`) and the tables of what MSK offers.
 */

/** The regional Kafka cluster as configured (`PlatformConfig.streaming`). */
export type StreamingConfig = z.input<typeof streamingSchema>;

/** One Kafka topic, created by CloudFormation (`AWS::MSK::Topic`). */
export type KafkaTopicConfig = z.input<typeof topicSchema>;

/** How much MSK reports to CloudWatch (`EnhancedMonitoring`). */
export type KafkaMonitoringLevel = z.output<typeof streamingSchema>['enhancedMonitoring'];

/** Streaming with every default filled in. */
export type ResolvedStreamingConfig = NonNullable<ResolvedPlatformConfig['streaming']>;

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
