import { Stack, StackProps, Tags } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import type { ResolvedPlatformConfig } from '../config/platform-config';

/** Props shared by the platform's stacks. */
export interface PlatformStackProps extends StackProps {
  /** The validated configuration (`resolvePlatformConfig`). */
  readonly config: ResolvedPlatformConfig;
}

/**
 * Base of the platform's stacks: cost-allocation tags on everything and termination protection
 * on, since every stack holds stateful resources.
 */
export abstract class PlatformStack extends Stack {
  public readonly config: ResolvedPlatformConfig;

  protected constructor(scope: Construct, id: string, props: PlatformStackProps) {
    super(scope, id, { terminationProtection: true, ...props });
    this.config = props.config;
    Tags.of(this).add('Project', props.config.name);
    Tags.of(this).add('Environment', props.config.environment);
    Tags.of(this).add('CostCenter', props.config.costCenter);
  }
}
