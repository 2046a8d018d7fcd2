import type * as ecr from 'aws-cdk-lib/aws-ecr';
import type { Construct } from 'constructs';
import { REGISTRY_REPLICATION_STACK_NAME } from '../config/naming';
import { RegistryReplication } from '../global/registry-replication';
import { PlatformStack, PlatformStackProps } from './platform-stack';

/** Props of {@link RegistryReplicationStack}. */
export interface RegistryReplicationStackProps extends PlatformStackProps {
  /**
   * Other teams' replication rules of this registry, kept beside the platform's.
   * @default - none
   */
  readonly additionalRules?: ecr.CfnReplicationConfiguration.ReplicationRuleProperty[];
}

/**
 * `PaymentPlatform-registry-replication`, in the primary region: the ECR replication rule, deployed
 * after every regional stack (which create the destination repositories), so replication never
 * creates a repository a regional stack is about to create. See {@link RegistryReplication}.
 */
export class RegistryReplicationStack extends PlatformStack {
  public readonly replication: RegistryReplication;

  constructor(scope: Construct, id: string, props: RegistryReplicationStackProps) {
    const primary = props.config.regions.find((r) => r.role === 'primary');
    if (!primary) throw new Error("RegistryReplicationStack: config.regions has no region with role 'primary'; mark exactly one.");
    super(scope, id, {
      stackName: REGISTRY_REPLICATION_STACK_NAME,
      description: `${props.config.name} ${props.config.environment} payment platform, ECR replication to the secondary regions (owns the registry's replication configuration)`,
      ...props,
      env: { account: props.config.account, region: primary.region },
    });
    this.replication = new RegistryReplication(this, 'RegistryReplication', { config: props.config, additionalRules: props.additionalRules });
  }
}
