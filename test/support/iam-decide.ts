import { runSimulation } from '@cloud-copilot/iam-simulate';

/**
 * Offline IAM decisions for behaviour tests (iam-simulate, a devDependency): resolves the few
 * intrinsics CloudFormation templates use in policies, then asks whether a request is allowed.
 */

/** Replaces `Ref`, `Fn::GetAtt`, `Fn::Join`, `Fn::Select`/`Fn::Split` with literal values (cross-stack values with placeholders). */
export function resolveIntrinsics(value: unknown, refs: Record<string, string>): unknown {
  if (Array.isArray(value)) return value.map((v) => resolveIntrinsics(v, refs));
  if (value === null || typeof value !== 'object') return value;
  const o = value as Record<string, unknown>;
  if (typeof o.Ref === 'string') {
    const ref = o.Ref === 'AWS::Partition' ? 'aws' : refs[o.Ref];
    if (ref === undefined) throw new Error(`resolveIntrinsics: no value for Ref ${o.Ref}`);
    return ref;
  }
  if (Array.isArray(o['Fn::GetAtt'])) {
    const key = (o['Fn::GetAtt'] as string[]).join('.');
    if (refs[key] === undefined) throw new Error(`resolveIntrinsics: no value for GetAtt ${key}`);
    return refs[key];
  }
  if (Array.isArray(o['Fn::Join'])) {
    const [sep, parts] = o['Fn::Join'] as [string, unknown[]];
    return (resolveIntrinsics(parts, refs) as string[]).join(sep);
  }
  if (Array.isArray(o['Fn::Select'])) {
    const [index, list] = o['Fn::Select'] as [number, unknown];
    return (resolveIntrinsics(list, refs) as string[])[Number(index)];
  }
  if (Array.isArray(o['Fn::Split'])) {
    const [sep, s] = o['Fn::Split'] as [string, unknown];
    return (resolveIntrinsics(s, refs) as string).split(sep);
  }
  // Values from other stacks: a stable placeholder (the tests never match on them).
  const imported = o['Fn::GetStackOutput'] ?? o['Fn::ImportValue'];
  if (imported !== undefined) return `arn:aws:unresolved:::${JSON.stringify(imported).replace(/[^A-Za-z0-9]/g, '')}`;
  return Object.fromEntries(Object.entries(o).map(([k, v]) => [k, resolveIntrinsics(v, refs)]));
}

export interface IamRequest {
  readonly principal: string;
  readonly action: string;
  readonly resource: string;
  readonly account?: string;
  readonly identityPolicies?: unknown[];
  readonly resourcePolicy?: unknown;
  readonly context?: Record<string, string | string[]>;
}

/** `Allowed`, `ImplicitlyDenied` or `ExplicitlyDenied`; throws when the simulation cannot run. */
export async function decide(req: IamRequest): Promise<string> {
  const result = await runSimulation({
    request: {
      principal: req.principal,
      action: req.action,
      resource: { resource: req.resource, accountId: req.account ?? '123456789012' },
      contextVariables: req.context ?? {},
    },
    identityPolicies: (req.identityPolicies ?? []).map((policy, i) => ({ name: `p${i}`, policy })),
    serviceControlPolicies: [],
    resourceControlPolicies: [],
    resourcePolicy: req.resourcePolicy,
  }, {});
  if (result.resultType === 'error') throw new Error(`iam-simulate: ${JSON.stringify(result.errors)}`);
  const r = result as unknown as { result?: { analysis?: { result?: string } }; overallResult?: string };
  const decision = r.overallResult ?? r.result?.analysis?.result;
  if (typeof decision !== 'string') throw new Error(`iam-simulate: unexpected result ${JSON.stringify(result).slice(0, 500)}`);
  return decision;
}
