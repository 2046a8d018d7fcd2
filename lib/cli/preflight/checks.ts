import type * as CloudFormation from '@aws-sdk/client-cloudformation';
import type * as Iam from '@aws-sdk/client-iam';
import type * as Route53 from '@aws-sdk/client-route-53';
import type * as ServiceQuotas from '@aws-sdk/client-service-quotas';
import type * as Ssm from '@aws-sdk/client-ssm';
import type * as Sts from '@aws-sdk/client-sts';
import type { ResolvedPlatformConfig } from '../../config/platform-config';
import { loadSdk } from '../sdk';
import { accountScope } from './checklist';
import { checkReplication, checkRepositories } from './ecr';
import { checkInstanceOfferings } from './offerings';
import { checkOrderableDatabase } from './orderable';
import { BOOTSTRAP_VERSION_PARAMETER, MIN_BOOTSTRAP_VERSION, accountRequirements, regionRequirements } from './requirements';
import type { CheckResult } from './result';
import { VCPU_QUOTAS, type VcpuNeed } from './vcpus';

/** Resolves the public name servers of a domain (`dns.promises.resolveNs`; tests inject one). */
export type NsResolver = (domain: string) => Promise<string[]>;

/** Options of {@link checkWithAws}. */
export interface AwsCheckOptions {
  /** Resolver for the delegation check. */
  readonly resolveNs: NsResolver;
}

/** The caller, or why there is none. */
export type Caller = { readonly account: string; readonly arn: string } | { readonly error: string };

const CREDENTIAL_ERRORS = /CredentialsProviderError|ExpiredToken|InvalidClientTokenId|UnrecognizedClient|SignatureDoesNotMatch|AccessDenied/;

/** Who the credentials belong to (STS GetCallerIdentity); an error message when there are none. */
export async function callerIdentity(region: string): Promise<Caller> {
  const sts = loadSdk<typeof Sts>('@aws-sdk/client-sts');
  try {
    const id = await new sts.STSClient({ region }).send(new sts.GetCallerIdentityCommand({}));
    return { account: id.Account ?? '', arn: id.Arn ?? '' };
  } catch (e) {
    const err = e as Error;
    if (CREDENTIAL_ERRORS.test(err.name) || CREDENTIAL_ERRORS.test(err.message)) return { error: `${err.name}: ${err.message}` };
    throw e;
  }
}

function errorName(e: unknown): string {
  return (e as Error).name ?? String(e);
}

/** Every prerequisite, checked with the AWS SDK as the current credentials. */
export async function checkWithAws(config: ResolvedPlatformConfig, options: AwsCheckOptions): Promise<CheckResult[]> {
  const acct = accountRequirements(config);
  const scope = accountScope(config.account);
  const primary = config.regions.find((r) => r.role === 'primary')!.region;
  const iam = loadSdk<typeof Iam>('@aws-sdk/client-iam');
  const iamClient = new iam.IAMClient({ region: primary });
  const out: CheckResult[] = [];

  const roleExists = async (name: string): Promise<boolean> => {
    try {
      await iamClient.send(new iam.GetRoleCommand({ RoleName: name }));
      return true;
    } catch (e) {
      if (errorName(e) === 'NoSuchEntityException') return false;
      throw e;
    }
  };

  if (acct.adminRole) {
    out.push(await roleExists(acct.adminRole.name)
      ? { scope, title: 'Admin principal', status: 'pass', detail: `${acct.adminRole.arn} exists.` }
      : { scope, title: 'Admin principal', status: 'fail', detail: `${acct.adminRole.arn} does not exist: the cluster access entry would fail and roll the regional stack back.`,
        fix: `create the role ${acct.adminRole.name} (trusted by your operators' identity provider), or set cluster.adminRoleArn to an existing role` });
  } else {
    out.push({ scope, title: 'Admin principal', status: 'warn', detail: 'cluster.adminRoleArn is not set: only the deploying role is cluster admin.',
      fix: 'set cluster.adminRoleArn to the operators\' role (e.g. PlatformAdmin)' });
  }

  for (const slr of acct.serviceLinkedRoles) {
    out.push(await roleExists(slr.role)
      ? { scope, title: `Service-linked role ${slr.role}`, status: 'pass', detail: 'exists.' }
      : { scope, title: `Service-linked role ${slr.role}`, status: 'warn', detail: `absent: ${slr.service} creates it on first use (${slr.usedBy}).`,
        fix: 'nothing if the deploying role may call iam:CreateServiceLinkedRole (the CDK execution role may); otherwise ' +
          `aws iam create-service-linked-role --aws-service-name ${slr.service}` });
  }

  out.push(await checkZone(config, primary, options.resolveNs));
  if (acct.replicationRegion) out.push(...await checkReplication(config, acct.replicationRegion));

  const offered = await checkInstanceOfferings(config);
  for (const r of regionRequirements(config)) {
    const region = r.region.region;
    out.push(await checkBootstrap(config.account, region));
    out.push(...offered.get(region) ?? []);
    out.push(...await checkOrderableDatabase(config, region));
    for (const need of r.vcpus) out.push(await checkQuota(region, need));
    out.push(...await checkStacks(region, r.stacks));
    out.push(...await checkRepositories(config, region));
  }
  return out;
}

async function checkBootstrap(account: string, region: string): Promise<CheckResult> {
  const ssm = loadSdk<typeof Ssm>('@aws-sdk/client-ssm');
  const fix = `npx cdk bootstrap aws://${account}/${region}`;
  try {
    const res = await new ssm.SSMClient({ region }).send(new ssm.GetParameterCommand({ Name: BOOTSTRAP_VERSION_PARAMETER }));
    const version = Number(res.Parameter?.Value);
    if (!Number.isFinite(version) || version < MIN_BOOTSTRAP_VERSION) {
      return { scope: region, title: 'CDK bootstrap', status: 'fail', detail: `bootstrap version ${res.Parameter?.Value} is older than ${MIN_BOOTSTRAP_VERSION}.`, fix };
    }
    return { scope: region, title: 'CDK bootstrap', status: 'pass', detail: `bootstrapped (version ${version}).` };
  } catch (e) {
    if (errorName(e) === 'ParameterNotFound') {
      return { scope: region, title: 'CDK bootstrap', status: 'fail', detail: `${region} is not bootstrapped (${BOOTSTRAP_VERSION_PARAMETER} missing).`, fix };
    }
    throw e;
  }
}

async function checkQuota(region: string, need: VcpuNeed): Promise<CheckResult> {
  const sq = loadSdk<typeof ServiceQuotas>('@aws-sdk/client-service-quotas');
  const client = new sq.ServiceQuotasClient({ region });
  const q = VCPU_QUOTAS[need.quota];
  const title = `vCPU quota ${q.code}`;
  let value: number | undefined;
  try {
    value = (await client.send(new sq.GetServiceQuotaCommand({ ServiceCode: 'ec2', QuotaCode: q.code }))).Quota?.Value;
  } catch (e) {
    if (errorName(e) !== 'NoSuchResourceException') throw e;
    // Never changed in this account: the AWS default applies.
    value = (await client.send(new sq.GetAWSDefaultServiceQuotaCommand({ ServiceCode: 'ec2', QuotaCode: q.code }))).Quota?.Value;
  }
  const have = value ?? 0;
  const raise = `aws service-quotas request-service-quota-increase --region ${region} --service-code ec2 --quota-code ${q.code} --desired-value ${need.max}`;
  const detail = `${q.name}: quota ${have}, needed ${need.desired} at desired size, ${need.max} at maximum (${need.breakdown.join(', ')}).`;
  if (have < need.desired) return { scope: region, title, status: 'fail', detail, fix: `${raise} (node groups cannot reach their desired size)` };
  if (have < need.max) return { scope: region, title, status: 'warn', detail, fix: `${raise} (the Cluster Autoscaler stops below the maximum)` };
  return { scope: region, title, status: 'pass', detail };
}

const BLOCKING = new Set(['ROLLBACK_COMPLETE', 'ROLLBACK_FAILED', 'DELETE_FAILED', 'CREATE_FAILED', 'UPDATE_ROLLBACK_FAILED', 'IMPORT_ROLLBACK_FAILED']);

async function checkStacks(region: string, stacks: readonly string[]): Promise<CheckResult[]> {
  const cfn = loadSdk<typeof CloudFormation>('@aws-sdk/client-cloudformation');
  const client = new cfn.CloudFormationClient({ region });
  const out: CheckResult[] = [];
  for (const name of stacks) {
    const title = `Stack ${name}`;
    let status: string | undefined;
    try {
      status = (await client.send(new cfn.DescribeStacksCommand({ StackName: name }))).Stacks?.[0]?.StackStatus;
    } catch (e) {
      if (!/does not exist/.test((e as Error).message)) throw e;
    }
    if (status === undefined) out.push({ scope: region, title, status: 'pass', detail: 'absent: the deploy creates it.' });
    else if (BLOCKING.has(status)) {
      out.push({ scope: region, title, status: 'fail', detail: `is ${status}: CloudFormation cannot update it.`,
        fix: status === 'UPDATE_ROLLBACK_FAILED'
          ? `aws cloudformation continue-update-rollback --region ${region} --stack-name ${name}`
          : `aws cloudformation delete-stack --region ${region} --stack-name ${name} (retained resources stay; see README "Destroy and redeploy")` });
    } else if (status.endsWith('_IN_PROGRESS')) {
      out.push({ scope: region, title, status: 'warn', detail: `is ${status}: wait for it to finish before deploying.` });
    } else {
      out.push({ scope: region, title, status: 'pass', detail: `${status}: the deploy updates it.` });
    }
  }
  return out;
}

async function checkZone(config: ResolvedPlatformConfig, primary: string, resolveNs: NsResolver): Promise<CheckResult> {
  const r53 = loadSdk<typeof Route53>('@aws-sdk/client-route-53');
  const client = new r53.Route53Client({ region: primary });
  const scope = accountScope(config.account);
  const title = 'Hosted zone delegation';
  const zoneName = config.domain.zoneName;
  let id = config.domain.hostedZoneId;
  if (!id) {
    const list = await client.send(new r53.ListHostedZonesByNameCommand({ DNSName: zoneName, MaxItems: 1 }));
    const existing = list.HostedZones?.find((z) => z.Name === `${zoneName}.` && !z.Config?.PrivateZone);
    if (!existing) {
      return { scope, title, status: 'manual', detail: `PaymentPlatform-global creates ${zoneName}; delegate it before any regional stack, or certificates never validate.`,
        fix: `after deploying PaymentPlatform-global: add its NameServers output as NS records of ${zoneName} in the parent zone or registrar` };
    }
    id = existing.Id!.replace('/hostedzone/', '');
    const managed = existing.Config?.Comment?.startsWith(`${config.name} ${config.environment} payment platform`) ?? false;
    if (!managed) {
      return { scope, title, status: 'warn', detail: `a public zone ${zoneName} already exists (${id}); PaymentPlatform-global would create a second one, which nobody delegates to.`,
        fix: `set domain.hostedZoneId to '${id}' to use the existing zone` };
    }
  }
  let zone: Route53.GetHostedZoneCommandOutput;
  try {
    zone = await client.send(new r53.GetHostedZoneCommand({ Id: id }));
  } catch (e) {
    if (errorName(e) === 'NoSuchHostedZone') {
      return { scope, title, status: 'fail', detail: `domain.hostedZoneId ${id} does not exist in this account.`, fix: 'set domain.hostedZoneId to the id of the platform zone, or remove it so the global stack creates the zone' };
    }
    throw e;
  }
  if (zone.HostedZone?.Name !== `${zoneName}.`) {
    return { scope, title, status: 'fail', detail: `hosted zone ${id} is ${zone.HostedZone?.Name}, not ${zoneName}.`, fix: `set domain.hostedZoneId to the zone of ${zoneName}` };
  }
  const expected = (zone.DelegationSet?.NameServers ?? []).map(normalise).sort();
  let actual: string[];
  try {
    actual = (await resolveNs(zoneName)).map(normalise).sort();
  } catch (e) {
    actual = [];
    if (!/ENOTFOUND|ENODATA|ESERVFAIL|NXDOMAIN/.test(String((e as NodeJS.ErrnoException).code ?? e))) throw e;
  }
  const missing = expected.filter((ns) => !actual.includes(ns));
  if (actual.length === 0 || missing.length > 0) {
    return { scope, title, status: 'fail', detail: `${zoneName} resolves to [${actual.join(', ') || 'nothing'}], not to the zone's name servers [${expected.join(', ')}].`,
      fix: `set the NS records of ${zoneName} in the parent zone or registrar to ${expected.join(', ')}` };
  }
  return { scope, title, status: 'pass', detail: `${zoneName} (${id}) is delegated to its name servers.` };
}

function normalise(ns: string): string {
  return ns.toLowerCase().replace(/\.$/, '');
}
