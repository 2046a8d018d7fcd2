import { z } from 'zod';
import { flag, integer, labels, list, oneOf, section, text } from './schema-helpers';
import { PRIVATE_CA_ARN } from '../streaming/kafka-tls-clients';
import { KAFKA_VERSIONS } from './streaming-config';

/** The regional Kafka cluster (Amazon MSK provisioned, Standard brokers). */

const BROKER_TYPE = /^kafka\.(m5\.(large|xlarge|2xlarge|4xlarge|8xlarge|12xlarge|16xlarge|24xlarge)|m7g\.(large|xlarge|2xlarge|4xlarge|8xlarge|12xlarge|16xlarge))$/;
const TOPIC_NAME = /^[A-Za-z0-9._-]{1,249}$/;
const MONITORING = ['DEFAULT', 'PER_BROKER', 'PER_TOPIC_PER_BROKER', 'PER_TOPIC_PER_PARTITION'] as const;

/** One Kafka topic, created by CloudFormation (`AWS::MSK::Topic`). */
export const topicSchema = section({
  name: text((v) => (typeof v === 'string' && TOPIC_NAME.test(v) && v !== '.' && v !== '..' ? undefined
    : "must be 1–249 letters, digits, '.', '_' or '-', e.g. 'payment-events'"), 'Topic name. Changing it replaces the topic.'),
  partitions: integer(1, 1000, 'e.g. 12 (partitions can be added later, never removed)', 'Partitions (1–1000). Kafka can only add partitions, never remove them.'),
  replicationFactor: z.number({ error: 'must be 2 or 3 (a single copy would lose data with one broker); use 3' }).int({ error: 'must be 2 or 3 (a single copy would lose data with one broker); use 3' })
    .min(2, { error: 'must be 2 or 3 (a single copy would lose data with one broker); use 3' }).max(3, { error: 'must be 2 or 3 (a single copy would lose data with one broker); use 3' })
    .meta({ description: 'Copies of every partition (2–3, at most the broker count); with `min.insync.replicas` 2 a write survives the loss of one zone.' }).default(3),
  retentionHours: integer(1, 87600, 'e.g. 168', '`retention.ms` in hours (up to 10 years).').default(168),
}, "must be an object such as { name: 'payment-events', partitions: 12 }", 'A Kafka topic.');

/** The regional Kafka cluster. */
export const streamingSchema = section({
  kafkaVersion: text((v) => (KAFKA_VERSIONS.some((k) => k.version === v) ? undefined
    : `must be a Kafka version MSK accepts: one of ${KAFKA_VERSIONS.map((k) => k.version).join(', ')}; '3.9.x.kraft' is the default`),
  "Kafka version of the cluster, one MSK still supports; a version past MSK's end of support is rejected at synth. Changing it is an in-place upgrade.").default('3.9.x.kraft'),
  brokerInstanceType: text((v) => (typeof v === 'string' && BROKER_TYPE.test(v) ? undefined
    : "must be an MSK Standard broker type of the m5 or m7g family, e.g. 'kafka.m7g.2xlarge'"),
  "Broker instance type (the seed's 8 vCPU / 32 GiB size on Graviton by default).").default('kafka.m7g.2xlarge'),
  brokersPerZone: integer(1, 10, '(brokers in each zone), e.g. 2', 'Brokers in each of the (up to three) zones the cluster spans.').default(2),
  volumeSizeGiB: integer(1, 16384, 'GiB per broker, e.g. 1000', 'EBS volume of each broker in GiB. Can only grow.').default(1000),
  provisionedThroughputMiBps: z.union([z.number(), z.literal(false)], { error: 'must be a number of MiB/s such as 250, or false for the volume baseline' })
    .meta({ description: "Provisioned storage throughput of each broker volume in MiB/s, or `false` for the volume's baseline (only kafka.m5.4xlarge / kafka.m7g.2xlarge and larger)." })
    .default(250),
  scram: flag('must be true or false (or be omitted for the default)', 'Also accept SASL/SCRAM clients (port 9096) besides IAM (port 9098).').default(false),
  enhancedMonitoring: oneOf(MONITORING, `must be one of ${MONITORING.join(', ')}`, 'CloudWatch metric level.').default('PER_TOPIC_PER_PARTITION'),
  topics: list(topicSchema, "must be a non-empty list of topics such as [{ name: 'payment-events', partitions: 12 }], or be omitted for the default topic",
    'Topics of the cluster; services name them in `ServiceSpec.streaming`. Default: one topic `payment-events` with 12 partitions.', 1)
    .default([{ name: 'payment-events', partitions: 12, replicationFactor: 3, retentionHours: 168 }]),
  tlsClientAuthentication: section({
    certificateAuthorityArns: labels(
      (k) => (typeof k === 'string' && /^[a-z]{2}(-[a-z]+)+-\d$/.test(k) ? undefined : "must be a region code such as 'us-east-1'"),
      (v) => (typeof v === 'string' && PRIVATE_CA_ARN.test(v) ? undefined
        : "must be an AWS Private CA ARN such as 'arn:aws:acm-pca:us-east-1:123456789012:certificate-authority/11111111-2222-3333-4444-555555555555'"),
      "must be a map of region to AWS Private CA ARN, e.g. { 'us-east-1': 'arn:aws:acm-pca:us-east-1:123456789012:certificate-authority/…' }",
      'The existing AWS Private CA that signs the client certificates, for every region of the platform (one CA per cluster, as MSK recommends; it may belong to another account that shares it).'),
  }, "must be an object such as { certificateAuthorityArns: { 'us-east-1': 'arn:aws:acm-pca:…' } }, or be omitted for no mutual TLS",
  'Mutual-TLS client authentication (port 9094) next to IAM: the cluster trusts the region\'s Private CA, the services that declare streaming may obtain a client certificate from it. Off by default: an AWS Private CA costs USD 400 per month in general-purpose mode (USD 50 in short-lived-certificate mode) per region.').optional(),
  replicateToFailoverRegion: flag('must be true or false (or be omitted for the default)',
    "With more than one region, copy every topic from the primary region's cluster to the failover region's with MSK Replicator.").default(true),
}, "must be an object such as {} (the seeds' defaults), or be omitted for no streaming",
"An Amazon MSK (Kafka) cluster in every region; `{}` takes the seed's sizes (six kafka.m7g.2xlarge brokers, 1,000 GiB each).");
