/**
 * The committed price table of `payment-platform cost`: public on-demand list prices (USD) per
 * region, with the date they were taken and the page each comes from. No network is used at run
 * time; `--prices <file.json>` replaces the table with a refreshed one of the same shape.
 */

/** Hourly or monthly list prices of one region. */
export interface RegionPrices {
  /** EKS cluster per hour (standard support; extended support is 6×). */
  readonly eksClusterHour: number;
  readonly eksClusterExtendedHour: number;
  /** EC2 on-demand Linux per instance-hour, by instance type. */
  readonly ec2InstanceHour: Readonly<Record<string, number>>;
  /** EBS gp3 per GB-month. */
  readonly ebsGp3GbMonth: number;
  readonly natGatewayHour: number;
  readonly natGatewayGb: number;
  /** Public IPv4 address per hour (the NAT gateways' Elastic IPs). */
  readonly publicIpv4Hour: number;
  /** Interface VPC endpoint per endpoint and zone per hour, and per GB processed. */
  readonly interfaceEndpointHour: number;
  readonly interfaceEndpointGb: number;
  /** Aurora PostgreSQL (Aurora Standard) per instance-hour, by instance class. */
  readonly auroraInstanceHour: Readonly<Record<string, number>>;
  readonly auroraStorageGbMonth: number;
  readonly auroraIoPerMillion: number;
  readonly auroraBackupGbMonth: number;
  /** ElastiCache node-hour by node type and engine (Valkey is priced 20% below Redis OSS). */
  readonly cacheNodeHour: Readonly<Record<string, { readonly valkey: number; readonly redis: number }>>;
  /** MSK Standard broker-hour by broker type. */
  readonly mskBrokerHour: Readonly<Record<string, number>>;
  readonly mskStorageGbMonth: number;
  /** Provisioned storage throughput per MiB/s-month above the 250 MiB/s baseline. */
  readonly mskThroughputMibpsMonth: number;
  readonly mskReplicatorHour: number;
  readonly mskReplicatorGb: number;
  /** Data transfer to another AWS region per GB. */
  readonly interRegionGb: number;
  readonly s3StandardGbMonth: number;
  readonly ecrStorageGbMonth: number;
  readonly wafWebAclMonth: number;
  readonly wafRuleMonth: number;
  readonly wafPerMillionRequests: number;
  readonly route53HostedZoneMonth: number;
  readonly route53HealthCheckMonth: number;
  /** Each optional health-check feature (HTTPS, string match, fast interval, latency) per month. */
  readonly route53HealthCheckFeatureMonth: number;
  readonly route53PerMillionQueries: number;
  /** ARC Region switch plan per month (executions included). */
  readonly arcRegionSwitchPlanMonth: number;
  readonly kmsKeyMonth: number;
  /** Standard-resolution alarm per metric per month. */
  readonly cloudwatchAlarmMetricMonth: number;
  readonly cloudwatchLogsIngestGb: number;
  readonly cloudwatchLogsStoreGbMonth: number;
  readonly cloudwatchDashboardMonth: number;
  readonly secretsManagerSecretMonth: number;
  /** Shield Advanced subscription per organisation per month. */
  readonly shieldAdvancedMonth: number;
}

/** Where a region's figures come from, and how they were taken. */
export interface PriceSource {
  readonly pages: readonly string[];
  /**
   * `page` when every figure was read from the listed pages on `date`; `recalled` when figures were
   * entered from the listed pages without a live copy at hand (refresh them with `--prices`).
   */
  readonly checked: 'page' | 'recalled';
  /** @default - no note */
  readonly note?: string;
}

/** The whole table: a date, the currency and the figures and sources of every priced region. */
export interface PriceTable {
  /** The day the figures were taken (ISO date). */
  readonly date: string;
  readonly currency: 'USD';
  /** Hours billed per month (AWS uses 730). */
  readonly hoursPerMonth: number;
  readonly regions: Readonly<Record<string, RegionPrices>>;
  readonly sources: Readonly<Record<string, PriceSource>>;
}

/** The AWS pricing pages every region's figures come from. */
export const PRICE_PAGES = [
  'https://aws.amazon.com/eks/pricing/',
  'https://aws.amazon.com/ec2/pricing/on-demand/',
  'https://aws.amazon.com/ebs/pricing/',
  'https://aws.amazon.com/vpc/pricing/',
  'https://aws.amazon.com/privatelink/pricing/',
  'https://aws.amazon.com/rds/aurora/pricing/',
  'https://aws.amazon.com/elasticache/pricing/',
  'https://aws.amazon.com/msk/pricing/',
  'https://aws.amazon.com/s3/pricing/',
  'https://aws.amazon.com/ecr/pricing/',
  'https://aws.amazon.com/waf/pricing/',
  'https://aws.amazon.com/route53/pricing/',
  'https://aws.amazon.com/application-recovery-controller/pricing/',
  'https://aws.amazon.com/kms/pricing/',
  'https://aws.amazon.com/cloudwatch/pricing/',
  'https://aws.amazon.com/secrets-manager/pricing/',
  'https://aws.amazon.com/shield/pricing/',
] as const;

const GLOBAL_PRICES = {
  eksClusterHour: 0.10,
  eksClusterExtendedHour: 0.60,
  publicIpv4Hour: 0.005,
  wafWebAclMonth: 5,
  wafRuleMonth: 1,
  wafPerMillionRequests: 0.60,
  route53HostedZoneMonth: 0.50,
  route53HealthCheckMonth: 0.50,
  route53HealthCheckFeatureMonth: 1.00,
  route53PerMillionQueries: 0.40,
  arcRegionSwitchPlanMonth: 70,
  kmsKeyMonth: 1,
  cloudwatchAlarmMetricMonth: 0.10,
  cloudwatchDashboardMonth: 3,
  secretsManagerSecretMonth: 0.40,
  shieldAdvancedMonth: 3000,
  ecrStorageGbMonth: 0.10,
} as const;

export const PRICE_TABLE: PriceTable = {
  date: '2026-12-01',
  currency: 'USD',
  hoursPerMonth: 730,
  regions: {
    'us-east-1': {
      ...GLOBAL_PRICES,
      ec2InstanceHour: {
        't3.medium': 0.0416, 't3.large': 0.0832, 'm5.large': 0.096, 'm5.xlarge': 0.192, 'm5.2xlarge': 0.384, 'm5.4xlarge': 0.768,
        'c5.xlarge': 0.17, 'c5.2xlarge': 0.34, 'c5.4xlarge': 0.68, 'r5.xlarge': 0.252,
      },
      ebsGp3GbMonth: 0.08,
      natGatewayHour: 0.045, natGatewayGb: 0.045,
      interfaceEndpointHour: 0.01, interfaceEndpointGb: 0.01,
      auroraInstanceHour: { 'db.r6g.large': 0.26, 'db.r6g.xlarge': 0.519, 'db.r6g.2xlarge': 1.038, 'db.r6g.4xlarge': 2.076 },
      auroraStorageGbMonth: 0.10, auroraIoPerMillion: 0.20, auroraBackupGbMonth: 0.021,
      cacheNodeHour: {
        'cache.r6g.large': { redis: 0.206, valkey: 0.1648 }, 'cache.r6g.xlarge': { redis: 0.411, valkey: 0.3288 },
        'cache.r6g.2xlarge': { redis: 0.821, valkey: 0.6568 },
      },
      mskBrokerHour: {
        'kafka.m5.large': 0.21, 'kafka.m5.xlarge': 0.42, 'kafka.m5.2xlarge': 0.84, 'kafka.m5.4xlarge': 1.68,
        'kafka.m7g.large': 0.204, 'kafka.m7g.xlarge': 0.408, 'kafka.m7g.2xlarge': 0.816, 'kafka.m7g.4xlarge': 1.632,
      },
      mskStorageGbMonth: 0.10, mskThroughputMibpsMonth: 0.08, mskReplicatorHour: 0.30, mskReplicatorGb: 0.08,
      interRegionGb: 0.02,
      s3StandardGbMonth: 0.023,
      cloudwatchLogsIngestGb: 0.50, cloudwatchLogsStoreGbMonth: 0.03,
    },
    'eu-west-1': {
      ...GLOBAL_PRICES,
      ec2InstanceHour: {
        't3.medium': 0.0456, 't3.large': 0.0912, 'm5.large': 0.107, 'm5.xlarge': 0.214, 'm5.2xlarge': 0.428, 'm5.4xlarge': 0.856,
        'c5.xlarge': 0.192, 'c5.2xlarge': 0.384, 'c5.4xlarge': 0.768, 'r5.xlarge': 0.282,
      },
      ebsGp3GbMonth: 0.088,
      natGatewayHour: 0.048, natGatewayGb: 0.048,
      interfaceEndpointHour: 0.011, interfaceEndpointGb: 0.01,
      auroraInstanceHour: { 'db.r6g.large': 0.281, 'db.r6g.xlarge': 0.562, 'db.r6g.2xlarge': 1.124, 'db.r6g.4xlarge': 2.248 },
      auroraStorageGbMonth: 0.11, auroraIoPerMillion: 0.22, auroraBackupGbMonth: 0.021,
      cacheNodeHour: {
        'cache.r6g.large': { redis: 0.228, valkey: 0.1824 }, 'cache.r6g.xlarge': { redis: 0.456, valkey: 0.3648 },
        'cache.r6g.2xlarge': { redis: 0.912, valkey: 0.7296 },
      },
      mskBrokerHour: {
        'kafka.m5.large': 0.235, 'kafka.m5.xlarge': 0.47, 'kafka.m5.2xlarge': 0.94, 'kafka.m5.4xlarge': 1.88,
        'kafka.m7g.large': 0.228, 'kafka.m7g.xlarge': 0.456, 'kafka.m7g.2xlarge': 0.912, 'kafka.m7g.4xlarge': 1.824,
      },
      mskStorageGbMonth: 0.11, mskThroughputMibpsMonth: 0.088, mskReplicatorHour: 0.33, mskReplicatorGb: 0.088,
      interRegionGb: 0.02,
      s3StandardGbMonth: 0.023,
      cloudwatchLogsIngestGb: 0.57, cloudwatchLogsStoreGbMonth: 0.03,
    },
    'ap-southeast-1': {
      ...GLOBAL_PRICES,
      ec2InstanceHour: {
        't3.medium': 0.0528, 't3.large': 0.1056, 'm5.large': 0.12, 'm5.xlarge': 0.24, 'm5.2xlarge': 0.48, 'm5.4xlarge': 0.96,
        'c5.xlarge': 0.196, 'c5.2xlarge': 0.392, 'c5.4xlarge': 0.784, 'r5.xlarge': 0.304,
      },
      ebsGp3GbMonth: 0.096,
      natGatewayHour: 0.059, natGatewayGb: 0.059,
      interfaceEndpointHour: 0.013, interfaceEndpointGb: 0.01,
      auroraInstanceHour: { 'db.r6g.large': 0.31, 'db.r6g.xlarge': 0.62, 'db.r6g.2xlarge': 1.24, 'db.r6g.4xlarge': 2.48 },
      auroraStorageGbMonth: 0.12, auroraIoPerMillion: 0.24, auroraBackupGbMonth: 0.023,
      cacheNodeHour: {
        'cache.r6g.large': { redis: 0.249, valkey: 0.1992 }, 'cache.r6g.xlarge': { redis: 0.497, valkey: 0.3976 },
        'cache.r6g.2xlarge': { redis: 0.994, valkey: 0.7952 },
      },
      mskBrokerHour: {
        'kafka.m5.large': 0.252, 'kafka.m5.xlarge': 0.504, 'kafka.m5.2xlarge': 1.008, 'kafka.m5.4xlarge': 2.016,
        'kafka.m7g.large': 0.245, 'kafka.m7g.xlarge': 0.49, 'kafka.m7g.2xlarge': 0.98, 'kafka.m7g.4xlarge': 1.96,
      },
      mskStorageGbMonth: 0.12, mskThroughputMibpsMonth: 0.096, mskReplicatorHour: 0.36, mskReplicatorGb: 0.096,
      interRegionGb: 0.09,
      s3StandardGbMonth: 0.025,
      cloudwatchLogsIngestGb: 0.70, cloudwatchLogsStoreGbMonth: 0.033,
    },
  },
  sources: {
    'us-east-1': {
      pages: PRICE_PAGES, checked: 'recalled',
      note: 'US East (N. Virginia) on-demand list prices; EC2, EBS, EKS and NAT figures match the copies of the pages found offline.',
    },
    'eu-west-1': { pages: PRICE_PAGES, checked: 'recalled', note: 'Europe (Ireland) on-demand list prices; MSK and ElastiCache figures are the least certain.' },
    'ap-southeast-1': { pages: PRICE_PAGES, checked: 'recalled', note: 'Asia Pacific (Singapore) on-demand list prices; MSK and Aurora figures are the least certain.' },
  },
};
