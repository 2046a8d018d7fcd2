import { Stack, Token } from 'aws-cdk-lib';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import type * as route53 from 'aws-cdk-lib/aws-route53';
import { Construct } from 'constructs';
import type { ResolvedPlatformConfig } from '../config/platform-config';
import { apiHostnames } from './hostnames';

/** Props of {@link ApiCertificate}. */
export interface ApiCertificateProps {
  /** The validated platform configuration: `domain.zoneName` and `domain.apiLabel` name the hosts. */
  readonly config: ResolvedPlatformConfig;
  /**
   * The region whose regional hostname (`<label>-<region>.<zone>`) the certificate covers.
   * @default - the region of the enclosing stack
   */
  readonly region?: string;
  /**
   * The platform's public hosted zone, in which ACM's DNS validation records are created. In a
   * regional stack, import it with `platformHostedZone()` (lib/global/hosted-zone.ts).
   */
  readonly hostedZone: route53.IHostedZone;
}

/**
 * The TLS certificate of a region's public load balancer: the global API name (`api.<zone>`, which
 * the failover records answer with this region while it serves traffic) plus the region's own name
 * (`api-<region>.<zone>`, which the health checks probe). DNS-validated in the platform zone, so ACM
 * renews it without anyone acting. The api-gateway Ingress references `certificateArn`; the ALB's TLS
 * policy (TLS 1.2+ with TLS 1.3, forward-secret suites only, `ELBSecurityPolicy-TLS13-1-2-Res-PQ-2025-09`) is an Ingress annotation.
 */
export class ApiCertificate extends Construct {
  /** The certificate. */
  public readonly certificate: acm.ICertificate;
  /** Its ARN, for the `alb.ingress.kubernetes.io/certificate-arn` annotation. */
  public readonly certificateArn: string;
  /** The names the certificate covers: global first, then regional. */
  public readonly domainNames: string[];

  constructor(scope: Construct, id: string, props: ApiCertificateProps) {
    super(scope, id);
    const region = props.region ?? this.stackRegion(scope);
    const names = apiHostnames(props.config, region);
    const zoneName = props.hostedZone.zoneName;
    if (!Token.isUnresolved(zoneName) && zoneName.replace(/\.$/, '') !== props.config.domain.zoneName) {
      throw new Error(
        `ApiCertificate: hostedZone '${zoneName}' is not the platform zone '${props.config.domain.zoneName}' (domain.zoneName). ` +
          'Pass the platform hosted zone so ACM can create the validation records for the API names.',
      );
    }
    const certificate = new acm.Certificate(this, 'Resource', {
      domainName: names.global,
      subjectAlternativeNames: [names.regional],
      validation: acm.CertificateValidation.fromDns(props.hostedZone),
      certificateName: names.regional,
    });
    this.certificate = certificate;
    this.certificateArn = certificate.certificateArn;
    this.domainNames = [names.global, names.regional];
  }

  private stackRegion(scope: Construct): string {
    const region = Stack.of(scope).region;
    if (Token.isUnresolved(region)) {
      throw new Error(
        'ApiCertificate: region is not set and the enclosing stack has no concrete region. ' +
          "Pass `region: 'us-east-1'` or give the stack an `env.region`.",
      );
    }
    return region;
  }
}
