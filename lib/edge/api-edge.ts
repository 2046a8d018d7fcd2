import { Stack, Token } from 'aws-cdk-lib';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as route53 from 'aws-cdk-lib/aws-route53';
import { Construct } from 'constructs';
import { loadBalancerLogsBucketName, regionalPrefix } from '../config/naming';
import type { ResolvedPlatformConfig } from '../config/platform-config';
import { ApiCertificate } from './api-certificate';
import { ApiWebAcl } from './api-web-acl';
import { ApiHostnames, apiHostnames } from './hostnames';
import { LoadBalancerLogBucket } from './load-balancer-logs';
import { ShieldAdvancedProtection } from './shield-protection';

/** Props of {@link ApiEdge}. */
export interface ApiEdgeProps {
  /** The validated platform configuration (`domain`, `edge`, `retention`). */
  readonly config: ResolvedPlatformConfig;
  /** The platform's public hosted zone (see `platformHostedZone()` for regional stacks). */
  readonly hostedZone: route53.IHostedZone;
  /** The region's customer-managed logs key; encrypts the WAF logs. */
  readonly logsKey: kms.IKey;
}

/**
 * Everything in front of a region's public ALB, in one construct: the API certificate, the WAF web
 * ACL with its logging, the access-log bucket of the ALB (kept `retention.logRetentionDays`), and,
 * when `edge.shieldAdvanced` is true, the Shield Advanced protection group.
 * The api-gateway Ingress takes `certificateArn`, `webAclArn`, `loadBalancerLogs` and `hostnames`.
 */
export class ApiEdge extends Construct {
  public readonly certificate: ApiCertificate;
  public readonly webAcl: ApiWebAcl;
  /** Present only when `edge.shieldAdvanced` is true. */
  public readonly shield?: ShieldAdvancedProtection;
  /** ARN of the certificate (Ingress annotation `alb.ingress.kubernetes.io/certificate-arn`). */
  public readonly certificateArn: string;
  /** ARN of the web ACL (Ingress annotation `alb.ingress.kubernetes.io/wafv2-acl-arn`). */
  public readonly webAclArn: string;
  /** The API hostnames of this region (Ingress hosts; ExternalDNS publishes `regional` only). */
  public readonly hostnames: ApiHostnames;
  /** Where the ALB writes its access logs (annotation `access_logs.s3.bucket`). */
  public readonly loadBalancerLogs: LoadBalancerLogBucket;

  constructor(scope: Construct, id: string, props: ApiEdgeProps) {
    super(scope, id);
    const region = Stack.of(this).region;
    if (Token.isUnresolved(region)) {
      throw new Error('ApiEdge: the enclosing stack has no concrete region; give it `env: { account, region }`.');
    }
    this.hostnames = apiHostnames(props.config, region);
    this.certificate = new ApiCertificate(this, 'Certificate', { config: props.config, hostedZone: props.hostedZone, region });
    this.webAcl = new ApiWebAcl(this, 'WebAcl', { config: props.config, logsKey: props.logsKey, region });
    if (props.config.edge.shieldAdvanced) {
      this.shield = new ShieldAdvancedProtection(this, 'Shield', { protectionGroupId: `${regionalPrefix(props.config, region)}-alb` });
    }
    this.loadBalancerLogs = new LoadBalancerLogBucket(this, 'LoadBalancerLogs', {
      bucketName: loadBalancerLogsBucketName(props.config, region), retentionDays: props.config.retention.logRetentionDays,
    });
    this.certificateArn = this.certificate.certificateArn;
    this.webAclArn = this.webAcl.webAclArn;
  }
}
