import { acmCertificateArnRule, PropChecks, regionalWebAclArnRule } from '../../lib/core/rules';

/**
 * One internet-facing ALB shared by several Ingresses (an AWS Load Balancer Controller *IngressGroup*):
 * the settings of the load balancer and of its listeners, declared once and stamped on every member.
 *
 * The controller merges the members' annotations and rejects the whole group when two members give
 * one load-balancer attribute different values (`conflicting load balancer attributes`), or differ
 * in SSL policy, WAF ACL or listener protocol. Every member therefore gets its annotations from the
 * same `AlbGroup`, never written by hand.
 *
 * Deletion protection is set by the group's *anchor* only, the gateway's Ingress, which lives as
 * long as the load balancer: the controller refuses to delete any member Ingress that carries
 * `deletion_protection.enabled=true` (v3.4 `pkg/ingress/model_builder.go`), even one whose removal
 * leaves the ALB in place, and that refusal stops the reconciliation of the whole group. A catalog
 * route can thus be removed on day 2, while the ALB itself cannot be deleted by deleting Ingresses;
 * the other members omit the key (a missing key is no conflict) and carry every other attribute.
 */

/**
 * TLS 1.3 and TLS 1.2 with forward-secret key exchange only (PCI DSS 4.2.1), plus hybrid
 * post-quantum ML-KEM key exchange for clients that offer it. The `-Res-` ("restricted") policies
 * keep only the TLS 1.3 suites and the ECDHE AES-GCM suites of TLS 1.2; the unrestricted
 * `ELBSecurityPolicy-TLS13-1-2-2021-06` also offers `AES128-GCM-SHA256`, `AES256-GCM-SHA384`,
 * `AES128-SHA256` and `AES256-SHA256`, whose RSA key exchange is not forward secret. AWS's ALB
 * security-policy table; the console's default since 2025-09.
 */
export const DEFAULT_SSL_POLICY = 'ELBSecurityPolicy-TLS13-1-2-Res-PQ-2025-09';

/** The annotation that carries the load-balancer attributes (`key=value,key=value`). */
export const LOAD_BALANCER_ATTRIBUTES = 'alb.ingress.kubernetes.io/load-balancer-attributes';

/** The attribute the controller reads to refuse deleting a member Ingress. */
export const DELETION_PROTECTION = 'deletion_protection.enabled';

/** How the ALB treats requests that could be read differently by two HTTP parsers (request smuggling). */
export type DesyncMitigationMode = 'monitor' | 'defensive' | 'strictest';

/** Props of {@link AlbGroup}. */
export interface AlbGroupProps {
  /** The group name (`alb.ingress.kubernetes.io/group.name`): one ALB per name. */
  readonly name: string;
  /** ACM certificate covering the hostnames of every member. */
  readonly certificateArn: string;
  /** Regional WAFv2 web ACL. */
  readonly wafAclArn: string;
  /**
   * Where the ALB writes its access logs: a bucket in the ALB's region whose policy lets Elastic
   * Load Balancing write (`LoadBalancerLogBucket`), SSE-S3 (ALB access logs support no SSE-KMS).
   */
  readonly accessLogs: {
    readonly bucket: string;
    /**
     * Key prefix (no leading or trailing `/`, not containing `AWSLogs`, which ELB appends).
     * @default 'alb'
     */
    readonly prefix?: string;
  };
  /** @default DEFAULT_SSL_POLICY */
  readonly sslPolicy?: string;
  /**
   * `routing.http.desync_mitigation_mode`. `strictest` rejects every request that is not RFC 7230
   * compliant: an API called by payment clients has no reason to accept ambiguous framing.
   * @default 'strictest'
   */
  readonly desyncMitigationMode?: DesyncMitigationMode;
}

/** Values resolved later (CDK tokens) are not validated. */
export function isUnresolved(value: string): boolean {
  return value.includes('${Token[');
}

const BUCKET = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;

/** `a=b,c=d` → `{ a: 'b', c: 'd' }` (the controller's string-map annotation format). */
export function parseAttributes(value: string): Record<string, string> {
  return Object.fromEntries(value.split(',').filter((p) => p.trim() !== '').map((p) => {
    const i = p.indexOf('=');
    return [p.slice(0, i).trim(), p.slice(i + 1).trim()];
  }));
}

/** `{ a: 'b', c: 'd' }` → `a=b,c=d`. */
export function formatAttributes(attributes: Record<string, string>): string {
  return Object.entries(attributes).map(([k, v]) => `${k}=${v}`).join(',');
}

/** The shared settings of one ALB; see the module comment. */
export class AlbGroup {
  public readonly name: string;
  public readonly certificateArn: string;
  public readonly wafAclArn: string;
  public readonly sslPolicy: string;
  public readonly accessLogsBucket: string;
  public readonly accessLogsPrefix: string;
  public readonly desyncMitigationMode: DesyncMitigationMode;

  constructor(props: AlbGroupProps) {
    const checks = new PropChecks('AlbGroup', (v) => typeof v === 'string' && isUnresolved(v));
    checks.prop('certificateArn', props.certificateArn, acmCertificateArnRule);
    checks.prop('wafAclArn', props.wafAclArn, regionalWebAclArnRule);
    checks.done();
    if (!/^[a-z0-9]([-a-z0-9.]{0,61}[a-z0-9])?$/.test(props.name)) {
      throw new Error(`AlbGroup: name '${props.name}' is not a valid group name (up to 63 lower-case letters, digits, '-' and '.').`);
    }
    const bucket = props.accessLogs.bucket;
    if (!isUnresolved(bucket) && !bucket.includes('REPLACED-AT-DEPLOY') && (!BUCKET.test(bucket) || bucket.includes('..'))) {
      throw new Error(`AlbGroup: accessLogs.bucket '${bucket}' is not an S3 bucket name (3–63 lower-case letters, digits, '.' and '-').`);
    }
    const prefix = props.accessLogs.prefix ?? 'alb';
    if (!/^[A-Za-z0-9!_.*'()-]+(\/[A-Za-z0-9!_.*'()-]+)*$/.test(prefix) || prefix.includes('AWSLogs')) {
      throw new Error(`AlbGroup: accessLogs.prefix '${prefix}' must be a key prefix without leading or trailing '/', ',' or '=', and must not contain 'AWSLogs' (Elastic Load Balancing appends AWSLogs/<account>/...); e.g. 'alb'.`);
    }
    this.name = props.name;
    this.certificateArn = props.certificateArn;
    this.wafAclArn = props.wafAclArn;
    this.sslPolicy = props.sslPolicy ?? DEFAULT_SSL_POLICY;
    this.accessLogsBucket = bucket;
    this.accessLogsPrefix = prefix;
    this.desyncMitigationMode = props.desyncMitigationMode ?? 'strictest';
  }

  /**
   * The load-balancer attributes of a member: access logs, invalid header fields dropped, desync
   * mitigation, WAF fail-closed, and (the anchor only) deletion protection.
   */
  public attributes(anchor: boolean): Record<string, string> {
    return {
      ...(anchor ? { [DELETION_PROTECTION]: 'true' } : {}),
      'access_logs.s3.enabled': 'true',
      'access_logs.s3.bucket': this.accessLogsBucket,
      'access_logs.s3.prefix': this.accessLogsPrefix,
      // Header fields that are not valid HTTP names are removed before they reach a pod.
      'routing.http.drop_invalid_header_fields.enabled': 'true',
      'routing.http.desync_mitigation_mode': this.desyncMitigationMode,
      // If WAF cannot be reached, requests are refused rather than forwarded unfiltered.
      'waf.fail_open.enabled': 'false',
    };
  }

  /** The load-balancer and listener annotations of a member Ingress of this group. */
  public annotations(anchor: boolean): Record<string, string> {
    return {
      'alb.ingress.kubernetes.io/scheme': 'internet-facing',
      'alb.ingress.kubernetes.io/listen-ports': '[{"HTTP":80},{"HTTPS":443}]',
      'alb.ingress.kubernetes.io/ssl-redirect': '443',
      'alb.ingress.kubernetes.io/certificate-arn': this.certificateArn,
      'alb.ingress.kubernetes.io/ssl-policy': this.sslPolicy,
      'alb.ingress.kubernetes.io/wafv2-acl-arn': this.wafAclArn,
      'alb.ingress.kubernetes.io/group.name': this.name,
      [LOAD_BALANCER_ATTRIBUTES]: formatAttributes(this.attributes(anchor)),
    };
  }
}
