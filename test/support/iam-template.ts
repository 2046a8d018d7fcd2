import { runSimulation } from '@cloud-copilot/iam-simulate';

/**
 * Offline IAM evaluation of a synthesized template: CloudFormation intrinsics in policies are
 * resolved to concrete ARNs (deterministic names where the template has them, the logical id
 * otherwise), then `@cloud-copilot/iam-simulate` decides a request.
 */

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Obj = any;

export const ACCOUNT = '123456789012';

function arnOf(template: Obj, id: string, region: string): string {
  const r = template.Resources[id];
  if (!r) throw new Error(`no resource ${id}`);
  const p = r.Properties ?? {};
  switch (r.Type) {
    case 'AWS::SNS::Topic': return `arn:aws:sns:${region}:${ACCOUNT}:${p.TopicName ?? id}`;
    case 'AWS::KMS::Key': return `arn:aws:kms:${region}:${ACCOUNT}:key/${id}`;
    case 'AWS::IAM::Role': return `arn:aws:iam::${ACCOUNT}:role/${p.RoleName ?? id}`;
    case 'AWS::SecretsManager::Secret': return `arn:aws:secretsmanager:${region}:${ACCOUNT}:secret:${p.Name ?? id}-AbCdEf`;
    default: throw new Error(`no ARN rule for ${r.Type}`);
  }
}

/** Replaces Ref, Fn::GetAtt (Arn) and Fn::Join with concrete values. */
export function resolveIntrinsics(value: Obj, template: Obj, region: string): Obj {
  if (Array.isArray(value)) return value.map((v) => resolveIntrinsics(v, template, region));
  if (value === null || typeof value !== 'object') return value;
  if ('Ref' in value) {
    const pseudo: Record<string, string> = { 'AWS::Partition': 'aws', 'AWS::AccountId': ACCOUNT, 'AWS::Region': region, 'AWS::URLSuffix': 'amazonaws.com' };
    return pseudo[value.Ref] ?? arnOf(template, value.Ref, region);
  }
  if ('Fn::GetAtt' in value) return arnOf(template, value['Fn::GetAtt'][0], region);
  if ('Fn::Join' in value) return (resolveIntrinsics(value['Fn::Join'][1], template, region) as string[]).join(value['Fn::Join'][0]);
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, resolveIntrinsics(v, template, region)]));
}

/** The managed policies attached to a role (by logical id), resolved. */
export function identityPoliciesOf(template: Obj, roleId: string, region: string): { name: string; policy: Obj }[] {
  return Object.entries(template.Resources as Record<string, Obj>)
    .filter(([, r]) => r.Type === 'AWS::IAM::ManagedPolicy' && (r.Properties.Roles ?? []).some((x: Obj) => x.Ref === roleId))
    .map(([id, r]) => ({ name: id, policy: resolveIntrinsics(r.Properties.PolicyDocument, template, region) }));
}

/** 'Allowed', 'ImplicitlyDenied' or 'ExplicitlyDenied'. */
export async function decide(request: {
  principal: string; action: string; resource: string; context?: Record<string, string>;
  identityPolicies?: { name: string; policy: Obj }[]; resourcePolicy?: Obj;
}): Promise<string> {
  const result = await runSimulation({
    request: { principal: request.principal, action: request.action, resource: { resource: request.resource, accountId: ACCOUNT }, contextVariables: request.context ?? {} },
    identityPolicies: request.identityPolicies ?? [],
    serviceControlPolicies: [],
    resourceControlPolicies: [],
    resourcePolicy: request.resourcePolicy,
  }, {});
  if (result.resultType === 'error') throw new Error(JSON.stringify(result.errors));
  return result.overallResult;
}
