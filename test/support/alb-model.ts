/**
 * A model of what the AWS Load Balancer Controller (v3.4) makes of an IngressGroup, and of what
 * the resulting ALB enforces, for behaviour tests of the public load balancer:
 * - `mergeGroup`: the members' load-balancer settings merged the way the controller does
 *   (`pkg/ingress/model_build_load_balancer_attributes.go`: the same attribute key with two values
 *   rejects the group; so do two SSL policies, WAF ACLs, schemes or listener protocols);
 * - `hardeningGaps`: what a PCI platform's public ALB must have, checked on the merged result;
 * - `deletionRefusal`: the controller's refusal to delete a member whose annotation keeps
 *   `deletion_protection.enabled=true` (`pkg/ingress/model_builder.go`, `run`).
 */
type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const A = 'alb.ingress.kubernetes.io/';

/**
 * The TLS 1.2 and 1.3 suites of the ALB security policies this platform has used or may use
 * (ELB user guide, "Security policies for your Application Load Balancer", the policy table).
 * A suite is forward secret when its key exchange is ephemeral: every TLS 1.3 suite (`TLS_*`) and
 * the `ECDHE-*` suites; the plain `AES*` suites use RSA key exchange.
 */
export const ALB_SECURITY_POLICIES: Record<string, { protocols: string[]; ciphers: string[] }> = {
  'ELBSecurityPolicy-TLS13-1-2-2021-06': {
    protocols: ['TLSv1.2', 'TLSv1.3'],
    ciphers: [
      'TLS_AES_128_GCM_SHA256', 'TLS_AES_256_GCM_SHA384', 'TLS_CHACHA20_POLY1305_SHA256',
      'ECDHE-ECDSA-AES128-GCM-SHA256', 'ECDHE-RSA-AES128-GCM-SHA256', 'ECDHE-ECDSA-AES128-SHA256', 'ECDHE-RSA-AES128-SHA256',
      'ECDHE-ECDSA-AES256-GCM-SHA384', 'ECDHE-RSA-AES256-GCM-SHA384', 'ECDHE-ECDSA-AES256-SHA384', 'ECDHE-RSA-AES256-SHA384',
      'AES128-GCM-SHA256', 'AES128-SHA256', 'AES256-GCM-SHA384', 'AES256-SHA256',
    ],
  },
  'ELBSecurityPolicy-TLS13-1-2-Res-2021-06': {
    protocols: ['TLSv1.2', 'TLSv1.3'],
    ciphers: [
      'TLS_AES_128_GCM_SHA256', 'TLS_AES_256_GCM_SHA384', 'TLS_CHACHA20_POLY1305_SHA256',
      'ECDHE-ECDSA-AES128-GCM-SHA256', 'ECDHE-RSA-AES128-GCM-SHA256', 'ECDHE-ECDSA-AES256-GCM-SHA384', 'ECDHE-RSA-AES256-GCM-SHA384',
    ],
  },
  'ELBSecurityPolicy-TLS13-1-2-Res-PQ-2025-09': {
    protocols: ['TLSv1.2', 'TLSv1.3'],
    ciphers: [
      'TLS_AES_128_GCM_SHA256', 'TLS_AES_256_GCM_SHA384', 'TLS_CHACHA20_POLY1305_SHA256',
      'ECDHE-ECDSA-AES128-GCM-SHA256', 'ECDHE-RSA-AES128-GCM-SHA256', 'ECDHE-ECDSA-AES256-GCM-SHA384', 'ECDHE-RSA-AES256-GCM-SHA384',
    ],
  },
  'ELBSecurityPolicy-2016-08': {
    protocols: ['TLSv1', 'TLSv1.1', 'TLSv1.2'],
    ciphers: ['ECDHE-ECDSA-AES128-GCM-SHA256', 'ECDHE-RSA-AES128-GCM-SHA256', 'AES128-GCM-SHA256', 'AES128-SHA', 'AES256-SHA'],
  },
};

export function attributesOf(ing: Json): Record<string, string> {
  const raw: string = ing.metadata?.annotations?.[`${A}load-balancer-attributes`] ?? '';
  return Object.fromEntries(raw.split(',').filter((p) => p !== '').map((p) => [p.slice(0, p.indexOf('=')), p.slice(p.indexOf('=') + 1)]));
}

export interface MergedGroup {
  readonly name: string;
  readonly members: string[];
  readonly errors: string[];
  readonly attributes: Record<string, string>;
  readonly sslPolicy?: string;
  readonly wafAclArn?: string;
  readonly scheme?: string;
}

/** The controller's merge of every ALB group in `objects` (Ingresses of class `alb`). */
export function mergeGroups(objects: readonly Json[]): MergedGroup[] {
  const groups = new Map<string, Json[]>();
  for (const o of objects.filter((x) => x.kind === 'Ingress' && x.spec?.ingressClassName === 'alb')) {
    const name = o.metadata.annotations?.[`${A}group.name`] ?? `${o.metadata.namespace}/${o.metadata.name}`;
    groups.set(name, [...(groups.get(name) ?? []), o]);
  }
  return [...groups].map(([name, members]) => {
    const errors: string[] = [];
    const attributes: Record<string, string> = {};
    const single: Record<string, string | undefined> = {};
    for (const m of members) {
      const id = `${m.metadata.namespace}/${m.metadata.name}`;
      for (const [k, v] of Object.entries(attributesOf(m))) {
        if (k in attributes && attributes[k] !== v) errors.push(`conflicting load balancer attributes ${k}: ${attributes[k]} | ${v} (${id})`);
        attributes[k] = v;
      }
      for (const key of ['ssl-policy', 'wafv2-acl-arn', 'scheme', 'listen-ports']) {
        const v = m.metadata.annotations?.[`${A}${key}`];
        if (v === undefined) continue;
        if (single[key] !== undefined && single[key] !== v) errors.push(`conflicting ${key}: ${single[key]} | ${v} (${id})`);
        single[key] = v;
      }
    }
    return {
      name, members: members.map((m) => `${m.metadata.namespace}/${m.metadata.name}`), errors, attributes,
      sslPolicy: single['ssl-policy'], wafAclArn: single['wafv2-acl-arn'], scheme: single.scheme,
    };
  });
}

const FORWARD_SECRET = (cipher: string) => cipher.startsWith('TLS_') || cipher.startsWith('ECDHE-');

/** What the merged ALB fails to enforce (empty: hardened). `bucket` is the region's log bucket. */
export function hardeningGaps(g: MergedGroup, bucket: string): string[] {
  const gaps: string[] = [...g.errors];
  const a = g.attributes;
  if (a['access_logs.s3.enabled'] !== 'true') gaps.push('access logs are off');
  if (a['access_logs.s3.bucket'] !== bucket) gaps.push(`access logs go to ${a['access_logs.s3.bucket'] ?? 'no bucket'}, not ${bucket}`);
  if (a['deletion_protection.enabled'] !== 'true') gaps.push('no deletion protection');
  if (a['routing.http.drop_invalid_header_fields.enabled'] !== 'true') gaps.push('invalid header fields are forwarded');
  if (a['routing.http.desync_mitigation_mode'] !== 'strictest') {
    gaps.push(`desync mitigation is ${a['routing.http.desync_mitigation_mode'] ?? 'the default (defensive)'}, not strictest`);
  }
  if (a['waf.fail_open.enabled'] === 'true') gaps.push('WAF fails open');
  if (!g.wafAclArn) gaps.push('no WAF web ACL');
  const policy = ALB_SECURITY_POLICIES[g.sslPolicy ?? 'ELBSecurityPolicy-2016-08'];
  if (!policy) gaps.push(`unknown TLS policy ${g.sslPolicy}`);
  else {
    const old = policy.protocols.filter((p) => p === 'TLSv1' || p === 'TLSv1.1');
    if (old.length > 0) gaps.push(`TLS policy ${g.sslPolicy ?? '(controller default)'} offers ${old.join(', ')}`);
    const weak = policy.ciphers.filter((c) => !FORWARD_SECRET(c));
    if (weak.length > 0) gaps.push(`TLS policy ${g.sslPolicy} offers non-forward-secret suites ${weak.join(', ')}`);
  }
  return gaps;
}

/**
 * What the controller answers when every Ingress of `deleting` is being deleted, with the
 * annotations they carry at that moment: its refusal, or undefined when it deletes the ALB.
 */
export function deletionRefusal(deleting: readonly Json[]): string | undefined {
  const stuck = deleting.find((ing) => attributesOf(ing)['deletion_protection.enabled'] === 'true');
  return stuck ? `deletion_protection is enabled, cannot delete the ingress: ${stuck.metadata.name}` : undefined;
}

/**
 * Why Elastic Load Balancing could not write access logs into this bucket (undefined: it can,
 * as far as the bucket's own settings go; the policy is evaluated separately): ALB access logs
 * support SSE-S3 only (ELB user guide, "Enable access logs", bucket requirements).
 */
export function deliveryRefusal(bucket: Json): string | undefined {
  const rules: Json[] = bucket.Properties?.BucketEncryption?.ServerSideEncryptionConfiguration ?? [];
  const algorithms = rules.map((r) => r.ServerSideEncryptionByDefault?.SSEAlgorithm);
  if (algorithms.some((a) => a !== 'AES256')) return `default encryption ${algorithms.join(', ')}: ALB access logs support only SSE-S3 (AES256)`;
  return undefined;
}
