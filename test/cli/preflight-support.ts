import { CloudFormationClient, DescribeStackResourcesCommand, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { DescribeInstanceTypeOfferingsCommand, EC2Client, type DescribeInstanceTypeOfferingsCommandInput, type InstanceTypeOffering, type _InstanceType } from '@aws-sdk/client-ec2';
import { DescribeRegistryCommand, DescribeRepositoriesCommand, ECRClient } from '@aws-sdk/client-ecr';
import { GetRoleCommand, IAMClient } from '@aws-sdk/client-iam';
import { DescribeOrderableDBInstanceOptionsCommand, RDSClient, type DescribeOrderableDBInstanceOptionsCommandInput } from '@aws-sdk/client-rds';
import { ListHostedZonesByNameCommand, Route53Client } from '@aws-sdk/client-route-53';
import { GetServiceQuotaCommand, ServiceQuotasClient } from '@aws-sdk/client-service-quotas';
import { GetParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { mockClient } from 'aws-sdk-client-mock';
import { runPreflight } from '../../lib/cli/preflight/command';
import { captureIo } from './helpers';

/** The mocked AWS SDK clients of the preflight tests (aws-sdk-client-mock). */
export const sts = mockClient(STSClient);
export const iam = mockClient(IAMClient);
export const ssm = mockClient(SSMClient);
export const quotas = mockClient(ServiceQuotasClient);
export const r53 = mockClient(Route53Client);
export const cfn = mockClient(CloudFormationClient);
export const ecr = mockClient(ECRClient);
export const ec2 = mockClient(EC2Client);
export const rds = mockClient(RDSClient);

/** What RDS offers for Aurora PostgreSQL, per region: engine version → instance class → whether in a global database. */
export type AuroraOrderable = Record<string, Record<string, Record<string, boolean>>>;

/** The example's version and class, orderable (and global) in each of its regions. */
export const AURORA_EVERYWHERE: AuroraOrderable = Object.fromEntries(['us-east-1', 'eu-west-1', 'ap-southeast-1'].map((r) => [r, { '17.9': { 'db.r6g.2xlarge': true } }]));

/** RDS DescribeOrderableDBInstanceOptions over `world`, by the asking client's region, `pageSize` options per page (Marker). */
export function rdsOffers(world: AuroraOrderable, pageSize = 100): void {
  rds.reset();
  rds.on(DescribeOrderableDBInstanceOptionsCommand).callsFake(async (input: DescribeOrderableDBInstanceOptionsCommandInput, getClient: () => { config: { region: () => Promise<string> } }) => {
    const region = await getClient().config.region();
    const all = input.Engine !== 'aurora-postgresql' ? [] : Object.entries(world[region]?.[input.EngineVersion ?? ''] ?? {})
      .filter(([c]) => !input.DBInstanceClass || c === input.DBInstanceClass)
      .map(([c, global]) => ({ Engine: input.Engine, EngineVersion: input.EngineVersion, DBInstanceClass: c, SupportsGlobalDatabases: global }));
    const start = Number(input.Marker ?? 0);
    return { OrderableDBInstanceOptions: all.slice(start, start + pageSize), Marker: start + pageSize < all.length ? String(start + pageSize) : undefined };
  });
}

/** What EC2 offers, per region: instance type → the zones that offer it. */
export type Ec2Offerings = Record<string, Record<string, readonly string[]>>;

/** The node-group types of the example, offered in zones a–d of each of its regions. */
export const EVERYWHERE: Ec2Offerings = Object.fromEntries(['us-east-1', 'eu-west-1', 'ap-southeast-1'].map((region) =>
  [region, Object.fromEntries(['t3.medium', 'm5.xlarge', 'c5.2xlarge', 'm5.4xlarge'].map((t) => [t, ['a', 'b', 'c', 'd'].map((z) => `${region}${z}`)]))]));

/**
 * EC2 DescribeInstanceTypeOfferings over `world` as the real API answers: by the asking client's
 * region, the `instance-type` filter with `*` wildcards, the `location` filter, and `pageSize`
 * offerings per page (NextToken).
 */
export function ec2Offers(world: Ec2Offerings, pageSize = 100): void {
  ec2.reset();
  ec2.on(DescribeInstanceTypeOfferingsCommand).callsFake(async (input: DescribeInstanceTypeOfferingsCommandInput, getClient: () => { config: { region: () => Promise<string> } }) => {
    const region = await getClient().config.region();
    const values = (name: string) => input.Filters?.find((f) => f.Name === name)?.Values;
    const patterns = (values('instance-type') ?? ['*']).map((v) => new RegExp(`^${v.replace(/\./g, '\\.').replace(/\*/g, '.*')}$`));
    const locations = values('location');
    const all = Object.entries(world[region] ?? {}).filter(([t]) => patterns.some((p) => p.test(t))).flatMap(([t, zones]): InstanceTypeOffering[] =>
      input.LocationType === 'region' ? (zones.length === 0 ? [] : [{ InstanceType: t as _InstanceType, LocationType: 'region', Location: region }])
        : zones.filter((z) => !locations || locations.includes(z)).map((z) => ({ InstanceType: t as _InstanceType, LocationType: 'availability-zone', Location: z })));
    const start = Number(input.NextToken ?? 0);
    const next = start + pageSize < all.length ? String(start + pageSize) : undefined;
    return { InstanceTypeOfferings: all.slice(start, start + pageSize), NextToken: next };
  });
}

/** An error as the SDK throws it (`name` = the service's error code). */
export function awsError(name: string, message = name): Error {
  const e = new Error(message);
  e.name = name;
  return e;
}

/** Every check passes: the happy account (no platform stack or repository exists yet). */
export function healthyAccount(): void {
  for (const m of [sts, iam, ssm, quotas, r53, cfn, ecr, ec2, rds]) m.reset();
  sts.on(GetCallerIdentityCommand).resolves({ Account: '123456789012', Arn: 'arn:aws:sts::123456789012:assumed-role/Deployer/ci' });
  iam.on(GetRoleCommand).resolves({ Role: { RoleName: 'x', Arn: 'arn', Path: '/', RoleId: 'id', CreateDate: new Date() } });
  ssm.on(GetParameterCommand).resolves({ Parameter: { Value: '21' } });
  quotas.on(GetServiceQuotaCommand).resolves({ Quota: { Value: 500 } });
  r53.on(ListHostedZonesByNameCommand).resolves({ HostedZones: [] });
  cfn.on(DescribeStacksCommand).rejects(awsError('ValidationError', 'Stack with id X does not exist'));
  cfn.on(DescribeStackResourcesCommand).callsFake(async (input: { PhysicalResourceId?: string }) => {
    throw awsError('ValidationError', `Stack for ${input.PhysicalResourceId} does not exist`);
  });
  ecr.on(DescribeRepositoriesCommand).callsFake(async (input: { repositoryNames?: string[] }) => {
    throw awsError('RepositoryNotFoundException', `The repository with name '${input.repositoryNames?.[0]}' does not exist in the registry with id '123456789012'`);
  });
  ecr.on(DescribeRegistryCommand).resolves({ registryId: '123456789012', replicationConfiguration: { rules: [] } });
  ec2Offers(EVERYWHERE);
  rdsOffers(AURORA_EVERYWHERE);
}

/** Runs the preflight with the mocks; `line(title, scope)` finds a result line (and its fix). */
export async function preflight(args: string[] = [], resolveNs = async () => ['ns-1.awsdns-01.org']) {
  const io = captureIo();
  const code = await runPreflight(args, io, { resolveNs });
  return { code, io, text: io.text(), line: (title: string, scope?: string) => lineOf(io.lines, title, scope) };
}

/** The result line of a check (`[FAIL] Admin principal: …`), under `scope` when given. */
export function lineOf(lines: string[], title: string, scope?: string): string {
  const start = scope ? lines.indexOf(scope) : 0;
  if (start < 0) throw new Error(`no scope ${scope}`);
  const l = lines.slice(start).find((x) => x.includes(`] ${title}:`));
  if (!l) throw new Error(`no line for ${title}`);
  const next = lines[lines.indexOf(l, start) + 1];
  return next?.trim().startsWith('fix:') ? `${l}\n${next}` : l;
}
