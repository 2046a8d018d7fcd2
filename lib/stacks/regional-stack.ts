import type { Construct } from 'constructs';
import { regionalStackName } from '../config/naming';
import type { ResolvedRegionConfig } from '../config/platform-config';
import { PlatformStack, PlatformStackProps } from './platform-stack';

/** Props of one region's stack. */
export interface RegionalStackProps extends PlatformStackProps {
  /** The region this stack deploys. */
  readonly region: ResolvedRegionConfig;
}

/**
 * Everything one region needs, deployable on its own: `cdk deploy PaymentPlatform-<region>`.
 * Network → keys → data tier and cluster; edge protection and alarms.
 */
export class RegionalStack extends PlatformStack {
  public readonly regionConfig: ResolvedRegionConfig;

  constructor(scope: Construct, id: string, props: RegionalStackProps) {
    super(scope, id, {
      stackName: regionalStackName(props.region.region),
      description: `${props.config.name} ${props.config.environment} payment platform, ${props.region.region} (${props.region.role})`,
      ...props,
      env: { account: props.config.account, region: props.region.region },
    });
    this.regionConfig = props.region;
  }

  /** The configured zones: synth never performs an availability-zone context lookup. */
  public get availabilityZones(): string[] {
    return this.regionConfig.availabilityZones;
  }
}
