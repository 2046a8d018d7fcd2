/**
 * Who may assume a role through a web identity (OIDC) provider. iam-simulate ignores
 * provider-specific context keys such as `token.actions.githubusercontent.com:sub`, so trust
 * policies are evaluated here with IAM's rules for the operators they use: a statement applies when
 * its principal is the provider, its action is `sts:AssumeRoleWithWebIdentity`, and every condition
 * holds (StringEquals: the claim equals one of the values; StringLike: it matches one of the
 * patterns, `*` and `?` as wildcards; a missing claim fails). Any other operator is an error, so a
 * policy this model does not understand cannot pass silently.
 */

interface Statement {
  readonly Effect: 'Allow' | 'Deny';
  readonly Action: string | string[];
  readonly Principal?: { readonly Federated?: unknown };
  readonly Condition?: Record<string, Record<string, string | string[]>>;
}

const list = (v: string | string[]): string[] => (Array.isArray(v) ? v : [v]);

function like(pattern: string, value: string): boolean {
  const re = new RegExp(`^${pattern.split('').map((c) => (c === '*' ? '.*' : c === '?' ? '.' : c.replace(/[.+^${}()|[\]\\/]/g, '\\$&'))).join('')}$`);
  return re.test(value);
}

function conditionsHold(condition: Statement['Condition'], claims: Record<string, string>): boolean {
  for (const [operator, entries] of Object.entries(condition ?? {})) {
    for (const [key, expected] of Object.entries(entries)) {
      const claim = claims[key];
      if (claim === undefined) return false;
      if (operator === 'StringEquals') {
        if (!list(expected).includes(claim)) return false;
      } else if (operator === 'StringLike') {
        if (!list(expected).some((p) => like(p, claim))) return false;
      } else {
        throw new Error(`web-identity trust model: operator ${operator} is not modelled`);
      }
    }
  }
  return true;
}

/** True when a token from `providerArn` with these claims may assume the role. */
export function mayAssumeWithWebIdentity(trust: { Statement: Statement[] }, providerArn: string, claims: Record<string, string>): boolean {
  const applies = (s: Statement) => list(s.Action).includes('sts:AssumeRoleWithWebIdentity')
    && JSON.stringify(s.Principal?.Federated) === JSON.stringify(providerArn) && conditionsHold(s.Condition, claims);
  if (trust.Statement.some((s) => s.Effect === 'Deny' && applies(s))) return false;
  return trust.Statement.some((s) => s.Effect === 'Allow' && applies(s));
}
