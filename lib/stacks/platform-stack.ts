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
    const tags = { Project: props.config.name, Environment: props.config.environment, CostCenter: props.config.costCenter };
    // Stack tags reach every resource CloudFormation can tag; Tags.of also writes them into the
    // template, where reviewers and policy checks see them.
    super(scope, id, { terminationProtection: true, ...props, tags: { ...tags, ...props.tags } });
    this.config = props.config;
    for (const [key, value] of Object.entries(tags)) Tags.of(this).add(key, value);
  }
}
