import * as kplus from 'cdk8s-plus-27';
import { Construct } from 'constructs';

/** TLS 1.3 with TLS 1.2 fallback, forward secrecy only (PCI DSS 4.2.1). */
export const DEFAULT_SSL_POLICY = 'ELBSecurityPolicy-TLS13-1-2-2021-06';

/** Props of `ApiIngress`. */
export interface ApiIngressProps {
  readonly namespace: string;
  /** @default 'api-gateway' */
  readonly name?: string;
  /** The Service behind the load balancer (its port 80 is used). */
  readonly service: kplus.Service;
  /** The region's own hostname (`api-us-east-1.example.com`); the only name ExternalDNS manages. */
  readonly regionalHostname: string;
  /**
   * The global hostname (`api.example.com`) the ALB also answers for. Its DNS record is a Route 53
   * failover record in the global CDK stack, never written by ExternalDNS.
   * @default - only the regional hostname
   */
  readonly globalHostname?: string;
  /** ACM certificate covering both hostnames. */
  readonly certificateArn: string;
  /** Regional WAFv2 web ACL. */
  readonly wafAclArn: string;
  /** ALB group (one ALB shared by the Ingresses of the group). */
  readonly groupName: string;
  /** @default '/health' */
  readonly healthCheckPath?: string;
  /** @default DEFAULT_SSL_POLICY */
  readonly sslPolicy?: string;
  /**
   * Path prefix routed to the service on both hostnames.
   * @default '/'
   */
  readonly path?: string;
  /**
   * Position of this Ingress's rules in the ALB group (lower first); a service routed under a path
   * must come before the gateway's catch-all `/`.
   * @default - the controller's default (0)
   */
  readonly groupOrder?: number;
  /**
   * Seconds the target group drains a leaving pod (`deregistration_delay.timeout_seconds`).
   * @default - the controller's default (300)
   */
  readonly deregistrationDelaySeconds?: number;
  /**
   * Seconds the ALB waits for a health-check answer.
   * @default - the controller's default (5)
   */
  readonly healthCheckTimeoutSeconds?: number;
}

/** Values resolved later (CDK tokens) are not validated. */
function isUnresolved(value: string): boolean {
  return value.includes('${Token[');
}

/**
 * The public entry: an Ingress for the AWS Load Balancer Controller (internet-facing ALB, IP
 * targets, HTTP 80 redirected to HTTPS 443, TLS policy, certificate, WAF, health check path).
 *
 * DNS: `external-dns.alpha.kubernetes.io/hostname` names only the regional hostname and
 * `ingress-hostname-source: annotation-only` stops ExternalDNS from also publishing the hosts of
 * the rules, so the global name stays owned by the Route 53 failover records.
 */
export class ApiIngress extends Construct {
  public readonly ingress: kplus.Ingress;

  constructor(scope: Construct, id: string, props: ApiIngressProps) {
    super(scope, id);
    if (!isUnresolved(props.certificateArn) && !/^arn:aws[a-z-]*:acm:[a-z0-9-]+:\d{12}:certificate\/[\w-]+$/.test(props.certificateArn)) {
      throw new Error(`ApiIngress: certificateArn '${props.certificateArn}' is not an ACM certificate ARN (arn:aws:acm:<region>:<account>:certificate/<id>).`);
    }
    if (!isUnresolved(props.wafAclArn) && !/^arn:aws[a-z-]*:wafv2:[a-z0-9-]+:\d{12}:regional\/webacl\/[\w-]+\/[\w-]+$/.test(props.wafAclArn)) {
      throw new Error(`ApiIngress: wafAclArn '${props.wafAclArn}' is not a regional WAFv2 web ACL ARN (arn:aws:wafv2:<region>:<account>:regional/webacl/<name>/<id>).`);
    }
    const hostname = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)+$/;
    for (const [field, host] of [['regionalHostname', props.regionalHostname], ['globalHostname', props.globalHostname]] as const) {
      if (host !== undefined && !isUnresolved(host) && !hostname.test(host)) throw new Error(`ApiIngress: ${field} '${host}' is not a DNS hostname.`);
    }
    const hosts = [props.regionalHostname, ...(props.globalHostname ? [props.globalHostname] : [])];
    const backend = kplus.IngressBackend.fromService(props.service, { port: 80 });
    this.ingress = new kplus.Ingress(this, 'Resource', {
      metadata: {
        name: props.name ?? 'api-gateway',
        namespace: props.namespace,
        annotations: {
          'alb.ingress.kubernetes.io/scheme': 'internet-facing',
          'alb.ingress.kubernetes.io/target-type': 'ip',
          'alb.ingress.kubernetes.io/listen-ports': '[{"HTTP":80},{"HTTPS":443}]',
          'alb.ingress.kubernetes.io/ssl-redirect': '443',
          'alb.ingress.kubernetes.io/certificate-arn': props.certificateArn,
          'alb.ingress.kubernetes.io/ssl-policy': props.sslPolicy ?? DEFAULT_SSL_POLICY,
          'alb.ingress.kubernetes.io/wafv2-acl-arn': props.wafAclArn,
          'alb.ingress.kubernetes.io/group.name': props.groupName,
          'alb.ingress.kubernetes.io/healthcheck-path': props.healthCheckPath ?? '/health',
          ...(props.groupOrder !== undefined ? { 'alb.ingress.kubernetes.io/group.order': String(props.groupOrder) } : {}),
          ...(props.deregistrationDelaySeconds !== undefined
            ? { 'alb.ingress.kubernetes.io/target-group-attributes': `deregistration_delay.timeout_seconds=${props.deregistrationDelaySeconds}` } : {}),
          ...(props.healthCheckTimeoutSeconds !== undefined ? { 'alb.ingress.kubernetes.io/healthcheck-timeout-seconds': String(props.healthCheckTimeoutSeconds) } : {}),
          'external-dns.alpha.kubernetes.io/hostname': props.regionalHostname,
          'external-dns.alpha.kubernetes.io/ingress-hostname-source': 'annotation-only',
        },
      },
      className: 'alb',
      rules: hosts.map((host) => ({ host, path: props.path ?? '/', pathType: kplus.HttpIngressPathType.PREFIX, backend })),
    });
  }
}
