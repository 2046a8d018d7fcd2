import { DescribeInstanceTypeOfferingsCommand } from '@aws-sdk/client-ec2';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { exampleConfig } from '../support/fixtures';
import { awsError, ec2, ec2Offers, EVERYWHERE, healthyAccount, preflight, type Ec2Offerings } from './preflight-support';

/**
 * Instance-type offerings in `payment-platform preflight`: the configuration checks families and
 * sizes offline, but only EC2 knows which types a region and each of its zones offer. A managed
 * node group spans the private subnet of every configured zone, so a type missing in the region,
 * or in one configured zone, fails the node group at deploy.
 */

const REGIONS = ['us-east-1', 'eu-west-1', 'ap-southeast-1'];
const TYPES = { 't3.medium': 'system', 'm5.xlarge': 'api', 'c5.2xlarge': 'worker', 'm5.4xlarge': 'blockchain' };
const zones = (region: string, letters = 'abcd') => [...letters].map((z) => `${region}${z}`);

/** EVERYWHERE with `extra` (region → type → zones) laid over it; `[]` removes a type. */
function world(extra: Ec2Offerings): Ec2Offerings {
  return Object.fromEntries(REGIONS.map((r) => [r, { ...EVERYWHERE[r], ...extra[r] }]));
}

/** Region of the client that sent an EC2 call. */
async function regionOf(call: { thisValue: unknown }): Promise<string> {
  return (call.thisValue as { config: { region: () => Promise<string> } }).config.region();
}

beforeEach(healthyAccount);

describe('EC2 instance-type offerings per region and zone', () => {
  test('passes when each region and each of its configured zones offers every node-group type', async () => {
    const r = await preflight();
    expect(r.code).toBe(0);
    for (const region of REGIONS) {
      for (const [type, group] of Object.entries(TYPES)) {
        expect(r.line(`EC2 instance type ${type}`, region))
          .toBe(`  [PASS] EC2 instance type ${type}: offered in ${region} and in ${region}a, ${region}b, ${region}c (node group ${group}).`);
      }
    }
    // Two calls per region, one per location type, each filtered by every node-group type.
    const calls = ec2.commandCalls(DescribeInstanceTypeOfferingsCommand);
    expect(await Promise.all(calls.map(regionOf))).toEqual(REGIONS.flatMap((x) => [x, x]));
    expect(calls.map((c) => c.args[0].input.LocationType)).toEqual(REGIONS.flatMap(() => ['region', 'availability-zone']));
    for (const c of calls) expect(c.args[0].input.Filters).toEqual([{ Name: 'instance-type', Values: Object.keys(TYPES) }]);
  });

  test('reads every page of the answer (NextToken)', async () => {
    ec2Offers(EVERYWHERE, 1);
    const r = await preflight();
    expect(r.code).toBe(0);
    expect(r.line('EC2 instance type m5.4xlarge', 'ap-southeast-1')).toContain('[PASS]');
  });

  test('fails on a type the region does not offer, naming an alternative of the same class and size offered in every configured zone of every region', async () => {
    const alternatives: Ec2Offerings = Object.fromEntries(REGIONS.map((region) => [region, {
      'c6i.2xlarge': zones(region), 'c5a.2xlarge': zones(region),
      'c6g.2xlarge': zones(region), // Graviton: not for the x86 node AMI
      'c7i.2xlarge': region === 'eu-west-1' ? zones(region, 'ab') : zones(region), // misses a zone in one region
      'c5.4xlarge': zones(region), // another size
    }]));
    ec2Offers(world({ ...alternatives, 'ap-southeast-1': { ...alternatives['ap-southeast-1'], 'c5.2xlarge': [] } }));
    const r = await preflight();
    expect(r.code).toBe(1);
    expect(r.line('EC2 instance type c5.2xlarge', 'ap-southeast-1')).toBe(
      '  [FAIL] EC2 instance type c5.2xlarge: c5.2xlarge is not offered in ap-southeast-1: the node group worker cannot launch.\n' +
      '         fix: set cluster.nodeGroups.worker.instanceType to c6i.2xlarge (offered in every configured zone of us-east-1, eu-west-1, ap-southeast-1; also: c5a.2xlarge)');
    expect(r.line('EC2 instance type c5.2xlarge', 'us-east-1')).toContain('[PASS]');
    expect(r.line('EC2 instance type m5.xlarge', 'ap-southeast-1')).toContain('[PASS]');
    // The alternatives were looked up by class and size in each region's configured zones.
    const lookups = ec2.commandCalls(DescribeInstanceTypeOfferingsCommand).filter((c) => c.args[0].input.Filters?.[0].Values?.[0] === 'c*.2xlarge');
    expect(lookups.map((c) => c.args[0].input.Filters?.[1])).toEqual(REGIONS.map((region) => ({ Name: 'location', Values: zones(region, 'abc') })));
  });

  test('fails on a type missing in one configured zone: the node group would fail to launch there', async () => {
    ec2Offers(world({ 'us-east-1': { 'm5.4xlarge': ['us-east-1a', 'us-east-1b', 'us-east-1d'] } }));
    const r = await preflight();
    expect(r.code).toBe(1);
    const line = r.line('EC2 instance type m5.4xlarge', 'us-east-1');
    expect(line).toContain('[FAIL] EC2 instance type m5.4xlarge: m5.4xlarge is not offered in us-east-1c (offered in us-east-1a, us-east-1b, us-east-1d): ' +
      'the node group blockchain spans every configured zone and would fail to launch there.');
    // No m-class 4xlarge but m5 itself is offered in all three zones of every region: say how to find one, or move the zones.
    expect(line).toContain('fix: set cluster.nodeGroups.blockchain.instanceType to a type offered in every configured zone of us-east-1, eu-west-1, ap-southeast-1; ' +
      "list the m-class 4xlarge types with aws ec2 describe-instance-type-offerings --region us-east-1 --location-type availability-zone --filters Name=instance-type,Values=m*.4xlarge Name=location,Values=us-east-1a,us-east-1b,us-east-1c");
    expect(line).toContain("; or set regions[0].availabilityZones to zones that offer m5.4xlarge (us-east-1a, us-east-1b, us-east-1d; this replaces the region's subnets)");
    expect(r.line('EC2 instance type m5.4xlarge', 'eu-west-1')).toContain('[PASS]');
  });

  test('a type two groups share names both settings', async () => {
    ec2Offers(world({ 'eu-west-1': { 'm5.xlarge': [], 'm6i.xlarge': zones('eu-west-1') }, 'us-east-1': { 'm6i.xlarge': zones('us-east-1') },
      'ap-southeast-1': { 'm6i.xlarge': zones('ap-southeast-1') } }));
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'preflight-'));
    const file = path.join(dir, 'config.js');
    const cfg = exampleConfig();
    fs.writeFileSync(file, `module.exports = { config: ${JSON.stringify({ ...cfg, cluster: { ...cfg.cluster,
      nodeGroups: { system: { instanceType: 'm5.xlarge', minSize: 2, maxSize: 3, diskSizeGiB: 50 } } } })} };`);
    const r = await preflight(['--config', file]);
    expect(r.line('EC2 instance type m5.xlarge', 'eu-west-1')).toContain('the node groups system, api cannot launch.');
    expect(r.line('EC2 instance type m5.xlarge', 'eu-west-1')).toContain('fix: set cluster.nodeGroups.system.instanceType and cluster.nodeGroups.api.instanceType to m6i.xlarge');
  });

  test('access denied is "not checked" with the IAM action and the hand command, never a pass', async () => {
    ec2.on(DescribeInstanceTypeOfferingsCommand).rejects(awsError('UnauthorizedOperation', 'You are not authorized to perform this operation. User: arn:aws:sts::123456789012:assumed-role/Deployer/ci is not authorized to perform: ec2:DescribeInstanceTypeOfferings'));
    const r = await preflight();
    expect(r.code).toBe(0);
    for (const type of Object.keys(TYPES)) {
      const line = r.line(`EC2 instance type ${type}`, 'eu-west-1');
      expect(line).toContain(`[CHECK] EC2 instance type ${type}: not checked: UnauthorizedOperation (You are not authorized to perform this operation.`);
      expect(line).toContain("fix: allow ec2:DescribeInstanceTypeOfferings to the preflight's role, or check by hand (every type in every zone): " +
        'aws ec2 describe-instance-type-offerings --region eu-west-1 --location-type availability-zone --filters Name=instance-type,Values=t3.medium,m5.xlarge,c5.2xlarge,m5.4xlarge ' +
        'Name=location,Values=eu-west-1a,eu-west-1b,eu-west-1c');
    }
    expect(r.text).not.toContain('[PASS] EC2 instance type');
  });

  test('other EC2 errors surface (throttling is not a pass or a "not checked")', async () => {
    ec2.on(DescribeInstanceTypeOfferingsCommand).rejects(awsError('RequestLimitExceeded', 'Request limit exceeded.'));
    await expect(preflight()).rejects.toThrow('Request limit exceeded.');
  });

  test('the checklist without credentials lists the types per region with the zones and the command', async () => {
    const r = await preflight(['--offline']);
    const line = r.line('EC2 instance types', 'ap-southeast-1');
    expect(line).toContain('[CHECK] EC2 instance types: t3.medium (system), m5.xlarge (api), c5.2xlarge (worker), m5.4xlarge (blockchain) must be offered in ap-southeast-1 ' +
      'and in each of its zones ap-southeast-1a, ap-southeast-1b, ap-southeast-1c: a node group spans every configured zone and fails to launch in one without its type');
    expect(line).toContain('fix: aws ec2 describe-instance-type-offerings --region ap-southeast-1 --location-type availability-zone ' +
      "--filters Name=instance-type,Values=t3.medium,m5.xlarge,c5.2xlarge,m5.4xlarge Name=location,Values=ap-southeast-1a,ap-southeast-1b,ap-southeast-1c --query 'InstanceTypeOfferings[].[InstanceType,Location]': every type must be listed for every zone");
    expect(ec2.calls()).toHaveLength(0);
  });
});
