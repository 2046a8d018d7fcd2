import type { Construct } from 'constructs';
import { GLOBAL_STACK_NAME, regionalStackName } from '../config/naming';
import type { PlatformConfig, ResolvedPlatformConfig } from '../config/platform-config';
import { resolvePlatformConfig } from '../config/resolve';
import { backupReplicationTarget } from '../global/replication';
import { GlobalStack } from './global-stack';
import { RegionalStack } from './regional-stack';

/** Options of {@link PaymentPlatform}. */
export interface PaymentPlatformOptions {
  /**
   * Apply the workload charts to each cluster through the kubectl provider.
   * @default true
   */
  readonly applyWorkloads?: boolean;
  /**
   * The date the Kubernetes version guard compares support windows with (for reproducible tests).
   * @default - today
   */
  readonly today?: Date;
}

/**
 * The whole platform: validates the configuration once, then creates the global stack
 * (`PaymentPlatform-global`, in the primary region) and one independent stack per region
 * (`PaymentPlatform-<region>`). Deploy order, which `cdk deploy --all` follows from the stack
 * dependencies: global → primary region → secondary regions (a secondary Aurora cluster can only
 * join the global database once the primary has).
 *
 * Not a construct itself: the stacks are created directly in `scope` (an App or a Stage), so their
 * ids stay `PaymentPlatform-<region>` on the command line.
 */
export class PaymentPlatform {
  public readonly config: ResolvedPlatformConfig;
  public readonly globalStack: GlobalStack;
  /** In configuration order. */
  public readonly regionalStacks: RegionalStack[];

  constructor(scope: Construct, config: PlatformConfig, options: PaymentPlatformOptions = {}) {
    this.config = resolvePlatformConfig(config);
    const cfg = this.config;
    this.globalStack = new GlobalStack(scope, GLOBAL_STACK_NAME, { config: cfg });
    const failoverRegion = this.globalStack.failover.failoverRegion;

    const primary = cfg.regions.find((r) => r.role === 'primary')!;
    const ordered = [primary, ...cfg.regions.filter((r) => r !== primary)];
    const stacks = new Map<string, RegionalStack>();
    for (const region of ordered) {
      const stack = new RegionalStack(scope, regionalStackName(region.region), {
        config: cfg,
        region,
        globalHostedZone: cfg.domain.hostedZoneId ? undefined : this.globalStack.hostedZone,
        backupReplication: region === primary && failoverRegion ? backupReplicationTarget(cfg, failoverRegion) : undefined,
        applyWorkloads: options.applyWorkloads,
        today: options.today,
      });
      stack.addStackDependency(this.globalStack, 'the regional Aurora cluster joins the global database');
      if (region !== primary) stack.addStackDependency(stacks.get(primary.region)!, 'a secondary Aurora cluster joins after the primary');
      stacks.set(region.region, stack);
    }
    this.regionalStacks = cfg.regions.map((r) => stacks.get(r.region)!);
  }

  /** The stack of one region. */
  public regionalStack(region: string): RegionalStack {
    const stack = this.regionalStacks.find((s) => s.regionConfig.region === region);
    if (!stack) {
      throw new Error(`PaymentPlatform.regionalStack: '${region}' is not one of the platform's regions (${this.regionalStacks.map((s) => s.regionConfig.region).join(', ')}).`);
    }
    return stack;
  }
}
