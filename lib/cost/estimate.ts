import type { PriceTable, RegionPrices } from './price-table';
import type { UsageAssumptions } from './usage';
import { FREE_BASELINE_TYPES, SECURITY_BASELINE_LINES } from './security-baseline';

/** The families the report groups costs into, in report order. */
export const COST_FAMILIES = [
  'EKS control plane', 'EKS nodes', 'NAT gateways', 'Aurora', 'Valkey', 'MSK', 'S3', 'ECR', 'WAF', 'Route 53', 'KMS',
  'CloudWatch', 'Security baseline', 'Data transfer',
] as const;
export type CostFamily = typeof COST_FAMILIES[number];

/** One synthesized stack: its region (from the cloud assembly) and template. */
export interface StackTemplate {
  readonly stackName: string;
  readonly region: string;
  readonly template: { readonly Resources?: Record<string, { readonly Type: string; readonly Properties?: Record<string, unknown> }> };
}

/** One priced line. */
export interface CostLine {
  readonly region: string;
  readonly family: CostFamily;
  readonly stackName: string;
  readonly item: string;
  readonly quantity: number;
  readonly unit: string;
  readonly unitPrice: number;
  readonly monthly: number;
}

/** The estimate: every priced line and its sums by region and family. */
export interface CostEstimate {
  readonly lines: CostLine[];
  /** Monthly cost by region, then family. */
  readonly byRegion: Record<string, Partial<Record<CostFamily, number>>>;
  readonly regionTotals: Record<string, number>;
  readonly familyTotals: Partial<Record<CostFamily, number>>;
  readonly total: number;
  /** Resource types with no price rule and no known-free entry, by type with a count: never dropped silently. */
  readonly unpriced: Record<string, number>;
  readonly priceDate: string;
}

/** Types that cost nothing by themselves (or only through a resource priced elsewhere). */
export const FREE_RESOURCE_TYPES = new Set([
  'AWS::CDK::Metadata', 'AWS::EC2::VPC', 'AWS::EC2::Subnet', 'AWS::EC2::RouteTable', 'AWS::EC2::Route', 'AWS::EC2::SubnetRouteTableAssociation',
  'AWS::EC2::InternetGateway', 'AWS::EC2::VPCGatewayAttachment', 'AWS::EC2::SecurityGroup', 'AWS::EC2::SecurityGroupIngress',
  'AWS::EC2::SecurityGroupEgress', 'AWS::EC2::LaunchTemplate', 'AWS::EC2::FlowLog', 'AWS::IAM::Role', 'AWS::IAM::Policy',
  'AWS::IAM::ManagedPolicy', 'AWS::IAM::OIDCProvider', 'AWS::IAM::InstanceProfile', 'AWS::KMS::Alias', 'AWS::Lambda::Function',
  'AWS::Lambda::LayerVersion', 'AWS::Lambda::Permission', 'AWS::SNS::Topic', 'AWS::SNS::TopicPolicy', 'AWS::SNS::Subscription',
  'AWS::SSM::Parameter', 'AWS::SecretsManager::ResourcePolicy', 'AWS::SecretsManager::RotationSchedule',
  'AWS::SecretsManager::SecretTargetAttachment', 'AWS::ECR::ReplicationConfiguration', 'AWS::EKS::AccessEntry', 'AWS::EKS::Addon',
  'AWS::EKS::PodIdentityAssociation', 'AWS::ElastiCache::ParameterGroup', 'AWS::ElastiCache::SubnetGroup',
  'AWS::RDS::DBClusterParameterGroup', 'AWS::RDS::DBParameterGroup', 'AWS::RDS::DBSubnetGroup', 'AWS::RDS::GlobalCluster',
  'AWS::Serverless::Application', 'AWS::CertificateManager::Certificate', 'AWS::WAFv2::LoggingConfiguration', 'AWS::Route53::RecordSet',
  'AWS::S3::BucketPolicy', 'AWS::MSK::Configuration', 'AWS::MSK::Topic', 'AWS::MSK::BatchScramSecret', 'AWS::Logs::ResourcePolicy',
  'AWS::EC2::EIPAssociation', 'AWS::CloudWatch::CompositeAlarm',
  // A pull-through cache rule costs nothing; the cached images are ECR storage, like the platform's own (not priced).
  'AWS::ECR::PullThroughCacheRule', ...FREE_BASELINE_TYPES,
]);

type Resources = NonNullable<StackTemplate['template']['Resources']>;
type Props = Record<string, unknown>;

const num = (v: unknown): number | undefined => (typeof v === 'number' ? v : typeof v === 'string' && /^\d+(\.\d+)?$/.test(v) ? Number(v) : undefined);
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const refOf = (v: unknown): string | undefined => (v && typeof v === 'object' && typeof (v as Props).Ref === 'string' ? (v as Props).Ref as string : undefined);

/** Estimates the monthly cost of synthesized templates with a price table and usage assumptions. */
export function estimateCost(stacks: readonly StackTemplate[], table: PriceTable, usage: UsageAssumptions): CostEstimate {
  const lines: CostLine[] = [];
  const unpriced: Record<string, number> = {};
  let shieldCharged = false;
  for (const stack of stacks) {
    const prices = table.regions[stack.region];
    if (!prices) {
      throw new Error(`payment-platform cost: the price table (${table.date}) has no prices for ${stack.region} (stack ${stack.stackName}); ` +
        `regions priced: ${Object.keys(table.regions).join(', ')}. Add the region with --prices <file.json>.`);
    }
    const resources: Resources = stack.template.Resources ?? {};
    const add = (family: CostFamily, item: string, quantity: number, unit: string, unitPrice: number): void => {
      if (quantity === 0) return;
      lines.push({ region: stack.region, family, stackName: stack.stackName, item, quantity, unit, unitPrice, monthly: quantity * unitPrice });
    };
    const price = (map: Readonly<Record<string, number>>, key: string, what: string): number => {
      const p = map[key];
      if (p === undefined) {
        throw new Error(`payment-platform cost: no ${what} price for '${key}' in ${stack.region} (price table ${table.date}); add it with --prices <file.json>.`);
      }
      return p;
    };
    const hours = table.hoursPerMonth;
    const flowLogGroups = new Set(Object.values(resources).filter((r) => r.Type === 'AWS::EC2::FlowLog')
      .map((r) => refOf(r.Properties?.LogGroupName) ?? refOf(r.Properties?.LogDestination)).filter((x): x is string => x !== undefined));
    for (const [logicalId, r] of Object.entries(resources)) {
      const p: Props = r.Properties ?? {};
      switch (r.Type) {
        case 'AWS::EKS::Cluster':
          add('EKS control plane', `cluster ${str(p.Name) ?? logicalId}`, hours, 'cluster-hours', prices.eksClusterHour);
          break;
        case 'AWS::EKS::Nodegroup': {
          const type = str(arr(p.InstanceTypes)[0]);
          const scaling = (p.ScalingConfig ?? {}) as Props;
          const nodes = num(scaling.DesiredSize) ?? num(scaling.MinSize) ?? 0;
          if (!type) throw new Error(`payment-platform cost: node group ${logicalId} in ${stack.stackName} names no instance type.`);
          add('EKS nodes', `${str(p.NodegroupName) ?? logicalId}: ${nodes} × ${type}`, nodes * hours, 'instance-hours', price(prices.ec2InstanceHour, type, 'EC2'));
          const lt = resources[refOf((p.LaunchTemplate as Props | undefined)?.Id) ?? ''];
          const disk = arr((lt?.Properties?.LaunchTemplateData as Props | undefined)?.BlockDeviceMappings)
            .map((m) => num(((m as Props).Ebs as Props | undefined)?.VolumeSize) ?? 0).reduce((a, b) => a + b, 0) || num(p.DiskSize) || 20;
          add('EKS nodes', `${str(p.NodegroupName) ?? logicalId}: root volumes`, nodes * disk, 'GB-months (gp3)', prices.ebsGp3GbMonth);
          break;
        }
        case 'AWS::EC2::NatGateway':
          add('NAT gateways', 'NAT gateway', hours, 'gateway-hours', prices.natGatewayHour);
          add('NAT gateways', 'NAT data processing (assumed)', usage.natGbPerGateway, 'GB', prices.natGatewayGb);
          break;
        case 'AWS::EC2::EIP':
          add('NAT gateways', 'public IPv4 address', hours, 'address-hours', prices.publicIpv4Hour);
          break;
        case 'AWS::EC2::VPCEndpoint':
          if (str(p.VpcEndpointType) === 'Interface') {
            const zones = Math.max(1, arr(p.SubnetIds).length);
            add('Security baseline', `interface endpoint ${endpointService(p.ServiceName)} × ${zones} zones`, zones * hours, 'endpoint-hours', prices.interfaceEndpointHour);
            add('Security baseline', `interface endpoint ${endpointService(p.ServiceName)} data (assumed)`, usage.interfaceEndpointGbPerEndpoint, 'GB', prices.interfaceEndpointGb);
          }
          break;
        case 'AWS::RDS::DBInstance': {
          const cls = str(p.DBInstanceClass) ?? '';
          add('Aurora', `instance ${cls}`, hours, 'instance-hours', price(prices.auroraInstanceHour, cls, 'Aurora instance'));
          break;
        }
        case 'AWS::RDS::DBCluster':
          add('Aurora', 'storage (assumed)', usage.auroraStorageGb, 'GB-months', prices.auroraStorageGbMonth);
          if (str(p.StorageType) !== 'aurora-iopt1') add('Aurora', 'I/O requests (assumed)', usage.auroraIoMillions, 'million requests', prices.auroraIoPerMillion);
          add('Aurora', 'backup beyond the free allowance (assumed)', usage.auroraBackupGb, 'GB-months', prices.auroraBackupGbMonth);
          if (p.GlobalClusterIdentifier !== undefined && p.MasterUsername === undefined && p.MasterUserPassword === undefined) {
            add('Data transfer', 'Aurora global database replication into this region (assumed)', usage.auroraReplicationGbPerSecondary, 'GB', prices.interRegionGb);
          }
          break;
        case 'AWS::ElastiCache::ReplicationGroup': {
          const type = str(p.CacheNodeType) ?? '';
          const engine = str(p.Engine) === 'valkey' ? 'valkey' : 'redis';
          const nodes = num(p.NumCacheClusters) ?? ((num(p.NumNodeGroups) ?? 1) * ((num(p.ReplicasPerNodeGroup) ?? 0) + 1));
          const rate = prices.cacheNodeHour[type]?.[engine];
          if (rate === undefined) throw new Error(`payment-platform cost: no ElastiCache ${engine} price for '${type}' in ${stack.region}; add it with --prices <file.json>.`);
          add('Valkey', `${nodes} × ${type} (${engine})`, nodes * hours, 'node-hours', rate);
          break;
        }
        case 'AWS::MSK::Cluster':
          priceKafka(p, prices, hours, add, price);
          break;
        case 'AWS::MSK::Replicator':
          add('MSK', 'MSK Replicator', hours, 'replicator-hours', prices.mskReplicatorHour);
          add('MSK', 'MSK Replicator data (assumed)', usage.mskReplicatedGb, 'GB', prices.mskReplicatorGb);
          add('Data transfer', 'Kafka replication from the primary region (assumed)', usage.mskReplicatedGb, 'GB', prices.interRegionGb);
          break;
        case 'AWS::S3::Bucket':
          add('S3', `bucket ${str(p.BucketName) ?? logicalId} (assumed size)`, usage.s3GbPerBucket, 'GB-months', prices.s3StandardGbMonth);
          break;
        case 'AWS::ECR::Repository':
          add('ECR', `repository ${str(p.RepositoryName) ?? logicalId} (assumed size)`, usage.ecrGbPerRepository, 'GB-months', prices.ecrStorageGbMonth);
          break;
        case 'AWS::WAFv2::WebACL':
          add('WAF', 'web ACL', 1, 'ACL-months', prices.wafWebAclMonth);
          add('WAF', 'rules and rule groups', arr(p.Rules).length, 'rule-months', prices.wafRuleMonth);
          add('WAF', 'requests (assumed)', usage.wafMillionRequests, 'million requests', prices.wafPerMillionRequests);
          break;
        case 'AWS::Route53::HostedZone':
          add('Route 53', 'hosted zone', 1, 'zone-months', prices.route53HostedZoneMonth);
          add('Route 53', 'queries (assumed)', usage.route53MillionQueries, 'million queries', prices.route53PerMillionQueries);
          break;
        case 'AWS::Route53::HealthCheck': {
          const c = (p.HealthCheckConfig ?? {}) as Props;
          const features = [str(c.Type) === 'HTTPS' || str(c.Type) === 'HTTPS_STR_MATCH', String(c.Type ?? '').endsWith('STR_MATCH'),
            num(c.RequestInterval) === 10, c.MeasureLatency === true].filter(Boolean).length;
          add('Route 53', 'health check', 1, 'check-months', prices.route53HealthCheckMonth);
          add('Route 53', 'health check optional features (HTTPS, string match, fast interval, latency)', features, 'feature-months', prices.route53HealthCheckFeatureMonth);
          break;
        }
        case 'AWS::ARCRegionSwitch::Plan':
          add('Route 53', 'ARC Region switch plan', 1, 'plan-months', prices.arcRegionSwitchPlanMonth);
          break;
        case 'AWS::KMS::Key':
          add('KMS', 'customer-managed key', 1, 'key-months', prices.kmsKeyMonth);
          break;
        case 'AWS::KMS::ReplicaKey':
          // Each replica of a multi-Region key is billed as a key of its own.
          add('KMS', 'multi-Region replica key', 1, 'key-months', prices.kmsKeyMonth);
          break;
        case 'AWS::CloudWatch::Alarm': {
          const metrics = r.Properties?.Metrics === undefined ? 1 : arr(p.Metrics).filter((m) => (m as Props).MetricStat !== undefined).length;
          add('CloudWatch', 'alarm metrics', metrics, 'alarm-metric-months', prices.cloudwatchAlarmMetricMonth);
          break;
        }
        case 'AWS::CloudWatch::Dashboard':
          add('CloudWatch', 'dashboard', 1, 'dashboard-months', prices.cloudwatchDashboardMonth);
          break;
        case 'AWS::Logs::LogGroup': {
          const name = str(p.LogGroupName) ?? '';
          const gb = flowLogGroups.has(logicalId) ? usage.logsGbPerGroup.flowLogs : name.startsWith('/aws/eks/') ? usage.logsGbPerGroup.eksControlPlane
            : name.startsWith('aws-waf-logs-') ? usage.logsGbPerGroup.waf : usage.logsGbPerGroup.other;
          const months = Math.min(12, (num(p.RetentionInDays) ?? 365) / 30);
          add('CloudWatch', `logs ingested ${name || logicalId} (assumed)`, gb, 'GB', prices.cloudwatchLogsIngestGb);
          add('CloudWatch', `logs stored ${name || logicalId}`, gb * months * usage.logsCompression, 'GB-months', prices.cloudwatchLogsStoreGbMonth);
          break;
        }
        case 'AWS::SecretsManager::Secret':
          add('Security baseline', 'Secrets Manager secret (with replicas)', 1 + arr(p.ReplicaRegions).length, 'secret-months', prices.secretsManagerSecretMonth);
          break;
        case 'AWS::Shield::Protection':
          if (!shieldCharged) add('Security baseline', 'Shield Advanced subscription (once per organisation)', 1, 'months', prices.shieldAdvancedMonth);
          shieldCharged = true;
          break;
        default:
          if (SECURITY_BASELINE_LINES[r.Type]) {
            for (const l of SECURITY_BASELINE_LINES[r.Type]) add('Security baseline', l.item, l.quantity, l.unit, l.unitPrice);
          } else if (!FREE_RESOURCE_TYPES.has(r.Type) && !r.Type.startsWith('Custom::')) unpriced[r.Type] = (unpriced[r.Type] ?? 0) + 1;
      }
    }
  }
  return summarise(lines, unpriced, table.date);
}

function endpointService(name: unknown): string {
  const s = typeof name === 'string' ? name : JSON.stringify(name);
  return s.replace(/^com\.amazonaws\.[a-z0-9-]+\./, '');
}

function priceKafka(p: Props, prices: RegionPrices, hours: number, add: (f: CostFamily, i: string, q: number, u: string, up: number) => void,
  price: (m: Readonly<Record<string, number>>, k: string, w: string) => number): void {
  const info = (p.BrokerNodeGroupInfo ?? {}) as Props;
  const type = str(info.InstanceType) ?? '';
  const brokers = num(p.NumberOfBrokerNodes) ?? 0;
  add('MSK', `${brokers} × ${type} brokers`, brokers * hours, 'broker-hours', price(prices.mskBrokerHour, type, 'MSK broker'));
  const ebs = (((info.StorageInfo ?? {}) as Props).EBSStorageInfo ?? {}) as Props;
  add('MSK', 'broker storage', brokers * (num(ebs.VolumeSize) ?? 0), 'GB-months', prices.mskStorageGbMonth);
  const pt = (ebs.ProvisionedThroughput ?? {}) as Props;
  if (pt.Enabled === true) {
    add('MSK', 'provisioned storage throughput above the 250 MiB/s baseline', brokers * Math.max(0, (num(pt.VolumeThroughput) ?? 250) - 250), 'MiB/s-months', prices.mskThroughputMibpsMonth);
  }
}

function summarise(lines: CostLine[], unpriced: Record<string, number>, priceDate: string): CostEstimate {
  const byRegion: Record<string, Partial<Record<CostFamily, number>>> = {};
  const regionTotals: Record<string, number> = {};
  const familyTotals: Partial<Record<CostFamily, number>> = {};
  let total = 0;
  for (const l of lines) {
    const region = (byRegion[l.region] ??= {});
    region[l.family] = (region[l.family] ?? 0) + l.monthly;
    regionTotals[l.region] = (regionTotals[l.region] ?? 0) + l.monthly;
    familyTotals[l.family] = (familyTotals[l.family] ?? 0) + l.monthly;
    total += l.monthly;
  }
  return { lines, byRegion, regionTotals, familyTotals, total, unpriced, priceDate };
}
