import * as kplus from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { dnsNameRule, PropChecks } from '../../lib/core/rules';
import { isUnresolved, type AlbGroup } from './alb-group';

export { DEFAULT_SSL_POLICY } from './alb-group';

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
  /**
   * The ALB this Ingress is a member of: its load-balancer and listener annotations (certificate,
   * WAF, TLS policy, access logs, header and desync handling) come from here, identical for every
   * member.
   */
  readonly group: AlbGroup;
  /**
   * The group's anchor (the gateway's Ingress): the one member that sets deletion protection.
   * @default false
   */
  readonly anchor?: boolean;
  /** @default '/health' */
  readonly healthCheckPath?: string;
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

/**
 * The public entry: an Ingress for the AWS Load Balancer Controller (IP targets, health check
 * path, routing rules) in an `AlbGroup`, which gives it the load balancer's settings: internet-facing,
 * HTTP 80 redirected to HTTPS 443, TLS policy, certificate, WAF, access logs, deletion protection
 * (the anchor), invalid header fields dropped, strictest desync mitigation.
 *
 * DNS: `external-dns.alpha.kubernetes.io/hostname` names only the regional hostname and
 * `ingress-hostname-source: annotation-only` stops ExternalDNS from also publishing the hosts of
 * the rules, so the global name stays owned by the Route 53 failover records.
 */
export class ApiIngress extends Construct {
  public readonly ingress: kplus.Ingress;

  constructor(scope: Construct, id: string, props: ApiIngressProps) {
    super(scope, id);
    // Validation (the shared rules of lib/core/rules; one error listing every problem).
    const checks = new PropChecks('ApiIngress', (v) => typeof v === 'string' && isUnresolved(v));
    checks.prop('regionalHostname', props.regionalHostname, dnsNameRule);
    checks.prop('globalHostname', props.globalHostname, dnsNameRule);
    checks.done();
    const hosts = [props.regionalHostname, ...(props.globalHostname ? [props.globalHostname] : [])];
    const backend = kplus.IngressBackend.fromService(props.service, { port: 80 });
    this.ingress = new kplus.Ingress(this, 'Resource', {
      metadata: {
        name: props.name ?? 'api-gateway',
        namespace: props.namespace,
        annotations: {
          ...props.group.annotations(props.anchor ?? false),
          'alb.ingress.kubernetes.io/target-type': 'ip',
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
