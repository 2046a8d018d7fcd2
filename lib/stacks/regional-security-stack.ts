import type { Construct } from 'constructs';
import { auditKeyAlias, configBucketName, regionalPrefix, regionalSecurityStackName } from '../config/naming';
import type { ResolvedRegionConfig } from '../config/platform-config';
import { ConfigRecorder } from '../security/baseline/config-recorder';
import { ThreatDetection } from '../security/baseline/threat-detection';
import { PlatformStack, type PlatformStackProps } from './platform-stack';

/** Props of {@link RegionalSecurityStack}. */
export interface RegionalSecurityStackProps extends PlatformStackProps {
  /** The region this stack deploys. */
  readonly region: ResolvedRegionConfig;
}

/**
 * `PaymentPlatform-<region>-security` (with `securityBaseline.mode: 'account'`): GuardDuty,
 * Security Hub, IAM Access Analyzer, Inspector ECR scanning and the AWS Config recorder of one
 * region (IAM and other global resources are recorded in the primary region only).
 */
export class RegionalSecurityStack extends PlatformStack {
  public readonly threatDetection: ThreatDetection;

  constructor(scope: Construct, id: string, props: RegionalSecurityStackProps) {
    super(scope, id, {
      stackName: regionalSecurityStackName(props.region.region),
      description: `${props.config.name} ${props.config.environment} payment platform, ${props.region.region} security baseline (GuardDuty, Security Hub, AWS Config, Access Analyzer)`,
      ...props,
      env: { account: props.config.account, region: props.region.region },
    });
    const primary = props.config.regions.find((r) => r.role === 'primary')!;
    this.threatDetection = new ThreatDetection(this, 'ThreatDetection', { analyzerName: `${regionalPrefix(props.config, props.region.region)}-account` });
    new ConfigRecorder(this, 'Config', {
      bucketName: configBucketName(props.config),
      bucketRegion: primary.region,
      bucketKeyAlias: auditKeyAlias(props.config),
      includeGlobalResources: props.region === primary,
      conformancePackTemplateS3Uri: props.config.securityBaseline.pciConformancePackTemplateS3Uri,
    });
  }
}
