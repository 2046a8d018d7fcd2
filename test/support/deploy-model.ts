import type { CloudAssembly } from 'aws-cdk-lib/cx-api';

/** A stack of a synthesized app, as CloudFormation deploys it. */
export interface ModelStack {
  readonly name: string;
  readonly region: string;
  readonly account: string;
  readonly template: { Resources: Record<string, { Type: string; Properties?: Record<string, unknown>; DependsOn?: string[] }> };
  /** Stacks this one waits for (direct). */
  readonly dependsOn: readonly string[];
}

/** The stacks of an assembly with their dependencies. */
export function modelStacks(assembly: CloudAssembly): ModelStack[] {
  return assembly.stacks.map((s) => ({
    name: s.stackName,
    region: s.environment.region,
    account: s.environment.account,
    template: s.template,
    dependsOn: s.dependencies.filter((d) => assembly.stacks.some((x) => x.id === d.id)).map((d) => assembly.getStackArtifact(d.id).stackName),
  }));
}

/** Whether `later` deploys only after `earlier` has finished (transitively through stack dependencies). */
export function deploysAfter(stacks: readonly ModelStack[], later: string, earlier: string): boolean {
  const seen = new Set<string>();
  const walk = (name: string): boolean => {
    if (seen.has(name)) return false;
    seen.add(name);
    const s = stacks.find((x) => x.name === name);
    return !!s && s.dependsOn.some((d) => d === earlier || walk(d));
  };
  return walk(later);
}

function collectPrincipals(node: unknown, out: string[]): void {
  if (typeof node === 'string') out.push(node);
  else if (Array.isArray(node)) node.forEach((n) => collectPrincipals(n, out));
  else if (node && typeof node === 'object') {
    const o = node as Record<string, unknown>;
    if ('Fn::Join' in o) {
      const [sep, parts] = o['Fn::Join'] as [string, unknown[]];
      out.push(parts.map((p) => (typeof p === 'string' ? p : JSON.stringify(p))).join(sep));
    } else Object.values(o).forEach((n) => collectPrincipals(n, out));
  }
}

/** One AWS principal a key policy names, with where it is. */
export interface NamedPrincipal {
  readonly stack: string;
  readonly resource: string;
  readonly sid?: string;
  readonly principal: string;
}

/** Every AWS principal (not service principals, not `*`) named in the key policies of the stacks. */
export function keyPolicyPrincipals(stacks: readonly ModelStack[]): NamedPrincipal[] {
  const out: NamedPrincipal[] = [];
  for (const s of stacks) {
    for (const [id, r] of Object.entries(s.template.Resources)) {
      if (r.Type !== 'AWS::KMS::Key') continue;
      const statements = ((r.Properties?.KeyPolicy as { Statement?: { Sid?: string; Principal?: { AWS?: unknown } }[] })?.Statement) ?? [];
      for (const st of statements) {
        const names: string[] = [];
        collectPrincipals(st.Principal?.AWS, names);
        for (const p of names.filter((n) => n !== '*')) out.push({ stack: s.name, resource: id, sid: st.Sid, principal: p });
      }
    }
  }
  return out;
}

/**
 * Whether a principal a key policy names exists on a fresh account when that key is created: the
 * account root does; an IAM role or user exists only if the same stack creates it (CloudFormation
 * orders the reference) or an earlier stack does. A service-linked role (`aws-service-role/`) is
 * created by its service on first use, never before the first deploy.
 */
export function existsOnFreshAccount(stacks: readonly ModelStack[], p: NamedPrincipal): boolean {
  if (/^arn:[^:]*:iam::[^:]*:root$/.test(p.principal) || p.principal.includes('":root"') || /:root$/.test(p.principal)) return true;
  if (p.principal.includes('aws-service-role/')) return false;
  if (p.principal.includes('Fn::GetAtt') || p.principal.includes('"Ref"')) return true; // a resource of the same template
  const name = /:role\/(?:.*\/)?([^/]+)$/.exec(p.principal)?.[1];
  return stacks.some((s) => (s.name === p.stack || deploysAfter(stacks, p.stack, s.name)) &&
    Object.values(s.template.Resources).some((r) => r.Type === 'AWS::IAM::Role' && r.Properties?.RoleName === name));
}
