import { CloudFormationClient, DescribeStackResourcesCommand, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { DescribeRegistryCommand, DescribeRepositoriesCommand, ECRClient } from '@aws-sdk/client-ecr';
import { GetRoleCommand, IAMClient } from '@aws-sdk/client-iam';
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

/** An error as the SDK throws it (`name` = the service's error code). */
export function awsError(name: string, message = name): Error {
  const e = new Error(message);
  e.name = name;
  return e;
}

/** Every check passes: the happy account (no platform stack or repository exists yet). */
export function healthyAccount(): void {
  for (const m of [sts, iam, ssm, quotas, r53, cfn, ecr]) m.reset();
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
