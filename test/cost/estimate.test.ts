import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { runCli } from '../../lib/cli/commands';
import { COST_COMMAND } from '../../lib/cost/command';
import { COST_FAMILIES, estimateCost, type StackTemplate } from '../../lib/cost/estimate';
import { PRICE_TABLE, type PriceTable, type RegionPrices } from '../../lib/cost/price-table';
import { DEFAULT_USAGE, type UsageAssumptions } from '../../lib/cost/usage';
import { examplePlatform } from '../app/platform-fixture';

/** Round prices, so every line below can be checked by hand. */
const PRICES: RegionPrices = {
  eksClusterHour: 0.10, eksClusterExtendedHour: 0.60, ec2InstanceHour: { 't3.medium': 0.05 }, ebsGp3GbMonth: 0.10,
  natGatewayHour: 0.05, natGatewayGb: 0.05, publicIpv4Hour: 0.005, interfaceEndpointHour: 0.01, interfaceEndpointGb: 0.01,
  auroraInstanceHour: { 'db.r6g.large': 0.30 }, auroraStorageGbMonth: 0.10, auroraIoPerMillion: 0.20, auroraBackupGbMonth: 0.02,
  cacheNodeHour: { 'cache.r6g.large': { valkey: 0.15, redis: 0.20 } }, mskBrokerHour: { 'kafka.m7g.large': 0.20 }, mskStorageGbMonth: 0.10,
  mskThroughputMibpsMonth: 0.08, mskReplicatorHour: 0.30, mskReplicatorGb: 0.08, interRegionGb: 0.02, s3StandardGbMonth: 0.02,
  ecrStorageGbMonth: 0.10, wafWebAclMonth: 5, wafRuleMonth: 1, wafPerMillionRequests: 0.60, route53HostedZoneMonth: 0.50,
  route53HealthCheckMonth: 0.50, route53HealthCheckFeatureMonth: 1, route53PerMillionQueries: 0.40, arcRegionSwitchPlanMonth: 70, kmsKeyMonth: 1,
  cloudwatchAlarmMetricMonth: 0.10, cloudwatchLogsIngestGb: 0.50, cloudwatchLogsStoreGbMonth: 0.03, cloudwatchDashboardMonth: 3,
  secretsManagerSecretMonth: 0.40, shieldAdvancedMonth: 3000,
};
const TABLE: PriceTable = {
  date: '2026-12-01', currency: 'USD', hoursPerMonth: 730, regions: { 'us-east-1': PRICES, 'eu-west-1': PRICES },
  sources: { 'us-east-1': { pages: ['https://aws.amazon.com/pricing/'], checked: 'page' } },
};
const USAGE: UsageAssumptions = {
  ...DEFAULT_USAGE, natGbPerGateway: 100, interfaceEndpointGbPerEndpoint: 10, auroraStorageGb: 50, auroraIoMillions: 10, auroraBackupGb: 20,
  s3GbPerBucket: 100, wafMillionRequests: 2, logsGbPerGroup: { eksControlPlane: 10, flowLogs: 0, waf: 0, other: 0 }, logsCompression: 0.1,
};

/** A small platform: a cluster with two nodes, a NAT gateway, an endpoint, a key, an alarm, a secret, a Kafka cluster (us-east-1); a database, a cache, a web ACL and a bucket (eu-west-1). */
const SMALL: StackTemplate[] = [
  {
    stackName: 'Small-us-east-1', region: 'us-east-1', template: {
      Resources: {
        Cluster: { Type: 'AWS::EKS::Cluster', Properties: { Name: 'small' } },
        Lt: { Type: 'AWS::EC2::LaunchTemplate', Properties: { LaunchTemplateData: { BlockDeviceMappings: [{ Ebs: { VolumeSize: 50, VolumeType: 'gp3' } }] } } },
        Nodes: { Type: 'AWS::EKS::Nodegroup', Properties: { InstanceTypes: ['t3.medium'], ScalingConfig: { DesiredSize: 2, MinSize: 1, MaxSize: 4 }, LaunchTemplate: { Id: { Ref: 'Lt' } } } },
        Nat: { Type: 'AWS::EC2::NatGateway', Properties: {} },
        Eip: { Type: 'AWS::EC2::EIP', Properties: {} },
        Sts: { Type: 'AWS::EC2::VPCEndpoint', Properties: { VpcEndpointType: 'Interface', ServiceName: 'com.amazonaws.us-east-1.sts', SubnetIds: ['a', 'b'] } },
        S3: { Type: 'AWS::EC2::VPCEndpoint', Properties: { VpcEndpointType: 'Gateway', ServiceName: 'com.amazonaws.us-east-1.s3' } },
        Key: { Type: 'AWS::KMS::Key', Properties: {} },
        Alarm: { Type: 'AWS::CloudWatch::Alarm', Properties: { MetricName: 'CPUUtilization' } },
        Secret: { Type: 'AWS::SecretsManager::Secret', Properties: { ReplicaRegions: [{ Region: 'eu-west-1' }] } },
        Kafka: { Type: 'AWS::MSK::Cluster', Properties: { NumberOfBrokerNodes: 3, BrokerNodeGroupInfo: { InstanceType: 'kafka.m7g.large', StorageInfo: { EBSStorageInfo: { VolumeSize: 100 } } } } },
        Logs: { Type: 'AWS::Logs::LogGroup', Properties: { LogGroupName: '/aws/eks/small/cluster', RetentionInDays: 365 } },
        Role: { Type: 'AWS::IAM::Role', Properties: {} },
        Mystery: { Type: 'AWS::Foo::Bar', Properties: {} },
      },
    },
  },
  {
    stackName: 'Small-eu-west-1', region: 'eu-west-1', template: {
      Resources: {
        Db: { Type: 'AWS::RDS::DBCluster', Properties: { Engine: 'aurora-postgresql', MasterUsername: 'admin' } },
        Writer: { Type: 'AWS::RDS::DBInstance', Properties: { DBInstanceClass: 'db.r6g.large' } },
        Cache: { Type: 'AWS::ElastiCache::ReplicationGroup', Properties: { Engine: 'valkey', CacheNodeType: 'cache.r6g.large', NumCacheClusters: 2 } },
        Acl: { Type: 'AWS::WAFv2::WebACL', Properties: { Rules: [{}, {}, {}] } },
        Bucket: { Type: 'AWS::S3::Bucket', Properties: { BucketName: 'small-backups' } },
      },
    },
  },
];

describe('estimateCost against a hand-computed small platform', () => {
  const e = estimateCost(SMALL, TABLE, USAGE);
  const cents = (n: number | undefined) => Math.round((n ?? 0) * 100) / 100;

  test('us-east-1 by family', () => {
    expect(Object.fromEntries(Object.entries(e.byRegion['us-east-1']).map(([f, v]) => [f, cents(v)]))).toEqual({
      'EKS control plane': 73.00, // 730 h × $0.10
      'EKS nodes': 83.00, // 2 × 730 h × $0.05 + 2 × 50 GB × $0.10
      'NAT gateways': 45.15, // 730 h × $0.05 + 100 GB × $0.05 + 730 h × $0.005 (its public IPv4 address)
      'Security baseline': 15.50, // 2 zones × 730 h × $0.01 + 10 GB × $0.01 + (1 + 1 replica) × $0.40
      'KMS': 1.00,
      'CloudWatch': 5.46, // alarm $0.10 + 10 GB × $0.50 ingested + 10 GB × 12 months × 0.1 × $0.03 stored
      'MSK': 468.00, // 3 × 730 h × $0.20 + 3 × 100 GB × $0.10
    });
  });
  test('eu-west-1 by family', () => {
    expect(Object.fromEntries(Object.entries(e.byRegion['eu-west-1']).map(([f, v]) => [f, cents(v)]))).toEqual({
      'Aurora': 226.40, // 730 h × $0.30 + 50 GB × $0.10 + 10 M × $0.20 + 20 GB × $0.02
      'Valkey': 219.00, // 2 × 730 h × $0.15
      'WAF': 9.20, // $5 + 3 rules × $1 + 2 M × $0.60
      'S3': 2.00, // 100 GB × $0.02
    });
  });
  test('totals per region and overall', () => {
    expect(cents(e.regionTotals['us-east-1'])).toBe(691.11);
    expect(cents(e.regionTotals['eu-west-1'])).toBe(456.60);
    expect(cents(e.total)).toBe(1147.71);
    expect(cents(Object.values(e.familyTotals).reduce((a, b) => a + (b ?? 0), 0))).toBe(1147.71);
  });
  test('an unknown resource type is reported, never dropped; known free ones are not', () => {
    expect(e.unpriced).toEqual({ 'AWS::Foo::Bar': 1 });
  });
  test('Redis is priced at the Redis rate, provisioned throughput above the baseline is charged', () => {
    const redis = estimateCost([{ stackName: 's', region: 'us-east-1', template: { Resources: {
      C: { Type: 'AWS::ElastiCache::ReplicationGroup', Properties: { Engine: 'redis', CacheNodeType: 'cache.r6g.large', NumCacheClusters: 1 } },
      K: { Type: 'AWS::MSK::Cluster', Properties: { NumberOfBrokerNodes: 2, BrokerNodeGroupInfo: { InstanceType: 'kafka.m7g.large', StorageInfo: { EBSStorageInfo: { VolumeSize: 10, ProvisionedThroughput: { Enabled: true, VolumeThroughput: 300 } } } } } },
    } } }], TABLE, USAGE);
    expect(cents(redis.familyTotals.Valkey)).toBe(146.00);
    expect(cents(redis.familyTotals.MSK)).toBe(cents(2 * 730 * 0.20 + 20 * 0.10 + 2 * 50 * 0.08));
  });
  test('fails when a region has no prices', () => {
    expect(() => estimateCost([{ ...SMALL[0], region: 'sa-east-1' }], TABLE, USAGE)).toThrow(/has no prices for sa-east-1 .*--prices/);
  });
  test('fails when an instance type has no price', () => {
    const bigger = JSON.parse(JSON.stringify(SMALL[0]).replace('"t3.medium"', '"m6i.large"')) as StackTemplate;
    expect(() => estimateCost([bigger], TABLE, USAGE)).toThrow("payment-platform cost: no EC2 price for 'm6i.large' in us-east-1 (price table 2026-12-01); add it with --prices <file.json>.");
  });
});

describe('the example platform with the committed price table', () => {
  const built = examplePlatform();
  const stacks: StackTemplate[] = built.assembly.stacks.map((s) => ({ stackName: s.stackName, region: s.environment.region, template: s.template }));
  const e = estimateCost(stacks, PRICE_TABLE, DEFAULT_USAGE);

  test('every resource type of the example is priced or known to be free', () => {
    expect(e.unpriced).toEqual({});
  });
  test('every family the issue names appears, and the regions are the example\'s', () => {
    expect(Object.keys(e.regionTotals).sort()).toEqual(['ap-southeast-1', 'eu-west-1', 'us-east-1']);
    for (const family of COST_FAMILIES) expect(e.familyTotals[family]).toBeGreaterThan(0);
  });
  test('the two ARC Region switch plans (global stack, primary region) cost $70 a month each', () => {
    const plans = e.lines.filter((l) => l.item === 'ARC Region switch plan');
    expect(plans).toEqual([expect.objectContaining({ region: 'us-east-1', family: 'Route 53', quantity: 1, unitPrice: 70, monthly: 70 }),
      expect.objectContaining({ region: 'us-east-1', family: 'Route 53', quantity: 1, unitPrice: 70, monthly: 70 })]);
  });
  test('the six MSK brokers of the primary region cost 6 × 730 h × the table price', () => {
    const brokers = e.lines.find((l) => l.region === 'us-east-1' && l.family === 'MSK' && l.item.includes('brokers'))!;
    expect(brokers).toMatchObject({ quantity: 6 * 730, unitPrice: PRICE_TABLE.regions['us-east-1'].mskBrokerHour['kafka.m7g.2xlarge'] });
  });
  test('the table is dated and every priced region names its sources', () => {
    expect(PRICE_TABLE.date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    for (const region of Object.keys(PRICE_TABLE.regions)) {
      expect(PRICE_TABLE.sources[region].pages.length).toBeGreaterThan(0);
      for (const page of PRICE_TABLE.sources[region].pages) expect(page).toMatch(/^https:\/\/aws\.amazon\.com\//);
    }
  });
});

describe('payment-platform cost', () => {
  function run(args: string[]): Promise<{ code: number; out: string[]; err: string[] }> {
    const out: string[] = [];
    const err: string[] = [];
    return COST_COMMAND.run(args, { out: (l) => out.push(l), err: (l) => err.push(l) }).then((code) => ({ code, out, err }));
  }
  function assembly(stacks: StackTemplate[]): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cost-'));
    const artifacts: Record<string, unknown> = {};
    for (const s of stacks) {
      fs.writeFileSync(path.join(dir, `${s.stackName}.template.json`), JSON.stringify(s.template));
      artifacts[s.stackName] = { type: 'aws:cloudformation:stack', environment: `aws://123456789012/${s.region}`, properties: { templateFile: `${s.stackName}.template.json` } };
    }
    fs.writeFileSync(path.join(dir, 'manifest.json'), JSON.stringify({ artifacts }));
    return dir;
  }
  test('prints the table by family and region, the assumptions and the price date', async () => {
    const dir = assembly(SMALL);
    const prices = path.join(dir, 'prices.json');
    fs.writeFileSync(prices, JSON.stringify(TABLE));
    const usage = path.join(dir, 'usage.json');
    fs.writeFileSync(usage, JSON.stringify(USAGE));
    const { code, out } = await run(['--out', dir, '--prices', prices, '--usage', usage]);
    expect(code).toBe(0);
    expect(out[0]).toBe('Estimated monthly cost (USD, on-demand list prices of 2026-12-01, 730 h/month)');
    expect(out).toContain('| Family | us-east-1 | eu-west-1 | Total |');
    expect(out).toContain('| MSK | $468.00 | $0.00 | $468.00 |');
    expect(out).toContain('| **Total** | **$691.11** | **$456.60** | **$1,147.71** |');
    expect(out.join('\n')).toMatch(/Not priced .*AWS::Foo::Bar × 1/);
    expect(out.join('\n')).toContain('NAT gateways: 100 GB processed per gateway');
  });
  test('--json gives the estimate as data', async () => {
    const { code, out } = await run(['--out', assembly(SMALL), '--json', '--prices', writeTemp(TABLE)]);
    expect(code).toBe(0);
    expect(JSON.parse(out.join('\n')).priceDate).toBe('2026-12-01');
  });
  test('fails with the fix when nothing was synthesized', async () => {
    const { code, err } = await run(['--out', path.join(os.tmpdir(), 'no-such-cdk-out')]);
    expect(code).toBe(1);
    expect(err[0]).toMatch(/manifest\.json does not exist; run 'npx cdk synth' first/);
  });
  test('`payment-platform cost` runs it: the CLI lists it in its help and dispatches to it with the same output', async () => {
    const dir = assembly(SMALL);
    const prices = writeTemp(TABLE);
    const io = { lines: [] as string[], errors: [] as string[], out(l: string) { this.lines.push(l); }, err(l: string) { this.errors.push(l); } };
    expect(await runCli(['cost', '--out', dir, '--prices', prices], io)).toBe(0);
    expect(io.lines).toEqual((await run(['--out', dir, '--prices', prices])).out);
    expect(io.lines).toContain('| Family | us-east-1 | eu-west-1 | Total |');
    const help = { lines: [] as string[], out(l: string) { this.lines.push(l); }, err() { /* none */ } };
    expect(await runCli(['help'], help)).toBe(0);
    expect(help.lines.some((l) => /^ {2}cost +estimate the monthly cost/.test(l))).toBe(true);
    const bad = { lines: [] as string[], errors: [] as string[], out(l: string) { this.lines.push(l); }, err(l: string) { this.errors.push(l); } };
    expect(await runCli(['cost', '--bogus'], bad)).toBe(2);
    expect(bad.errors[0]).toMatch(/unknown option '--bogus'/);
  });
  test('fails with the usage on an unknown option or a missing value', async () => {
    expect(await run(['--bogus'])).toMatchObject({ code: 2, err: [expect.stringMatching(/unknown option '--bogus'/)] });
    expect(await run(['--out'])).toMatchObject({ code: 2, err: [expect.stringMatching(/--out needs a value/)] });
  });
});

function writeTemp(value: unknown): string {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'cost-')), 'x.json');
  fs.writeFileSync(file, JSON.stringify(value));
  return file;
}
