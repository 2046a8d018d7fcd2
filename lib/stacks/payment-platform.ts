import { Aws } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import type * as ecr from 'aws-cdk-lib/aws-ecr';
import {
  backupVaultArn, GLOBAL_STACK_NAME, HEALTH_ALARMS_STACK_NAME, REGISTRY_REPLICATION_STACK_NAME, regionalBaseStackName,
  regionalSecurityStackName, regionalStackName, regionSwitchExecutionRoleName, SECURITY_STACK_NAME,
} from '../config/naming';
import { HealthAlarmsStack } from './health-alarms-stack';
import type { PlatformConfig, ResolvedPlatformConfig, ResolvedRegionConfig } from '../config/platform-config';
import { resolvePlatformConfig } from '../config/resolve';
import { backupReplicationTarget } from '../global/replication';
import { scalableWorkloads } from '../global/scalable-workloads';
import { KafkaReplicator } from '../streaming/kafka-replicator';
import { regionalPrefix } from '../config/naming';
import { GlobalStack } from './global-stack';
import { acknowledgeWarnings, contextDate, reportConfigWarnings } from './platform-context';
import { RegionalBaseStack } from './regional-base-stack';
import { RegionalStack } from './regional-stack';
import { RegionalSecurityStack } from './regional-security-stack';
import { AccountSecurityStack } from './security-stack';
import { BackupAccountStack, backupAccountStackName } from './backup-account-stack';
import { RegistryReplicationStack } from './registry-replication-stack';
import type { WorkloadsPropsOverrides } from './workloads-props';

const FAILOVER_BUCKET_REASON = 'PCI DSS 12.10.1 / 9.5.1: this is the failover region, the destination of the primary region\'s ' +
  'replication (RTC, 15 minutes); it receives new dumps only while its region is the writer, and docs/runbooks/backup-replication.md ' +
  'turns replication back to the old primary on after a failover. S3 checks a replication destination when replication is configured, ' +
  'so the two buckets cannot replicate into each other from the first deployment.';

/** Options of {@link PaymentPlatform}. */
export interface PaymentPlatformOptions {
  /**
   * Apply the workload charts to each cluster through the kubectl provider.
   * @default true
   */
  readonly applyWorkloads?: boolean;
  /**
   * Changes to the workload chart of a region, e.g. a team's own services (`services`) or smaller
   * HPA ranges in standby regions (`apiGateway`, `paymentService`).
   * @default - the chart as derived from the configuration
   */
  readonly workloads?: (region: ResolvedRegionConfig) => WorkloadsPropsOverrides;
  /**
   * Replication rules of other teams in the primary region's registry, written together with the
   * platform's rule (the registry has one replication configuration, which the platform owns).
   * @default - none
   */
  readonly additionalReplicationRules?: ecr.CfnReplicationConfiguration.ReplicationRuleProperty[];
}

/**
 * The whole platform: validates the configuration once, then creates
 * - `PaymentPlatform-global` (in the primary region): hosted zone, failover records, the Aurora
 *   global database;
 * - per region, `PaymentPlatform-<region>-base`: the secrets and backups keys and the backups
 *   bucket, which other regions replicate into;
 * - per region, `PaymentPlatform-<region>`: network, data tier, edge, cluster and workloads;
 * - `PaymentPlatform-registry-replication` (primary region, with more than one region): ECR
 *   replication, after every regional stack has created its repositories.
 *
 * Deploy order, which `cdk deploy --all` follows from the stack dependencies: global and every
 * base stack (the failover region's before the others', which replicate into it) → the primary
 * region (its secret replicas need the other regions' secrets keys) → the secondary regions (a
 * secondary Aurora cluster joins the global database after the primary). `cdk deploy
 * PaymentPlatform-<region>` deploys what that region depends on too.
 *
 * Not a construct itself: the stacks are created directly in `scope` (an App or a Stage), so their
 * ids stay `PaymentPlatform-<region>` on the command line.
 */
export class PaymentPlatform {
  public readonly config: ResolvedPlatformConfig;
  public readonly globalStack: GlobalStack;
  /** The us-east-1 health-check alarms, when the global stack is in another region. */
  public readonly healthAlarmsStack?: HealthAlarmsStack;
  /** Base stacks, in configuration order. */
  public readonly baseStacks: readonly RegionalBaseStack[];
  /** Main regional stacks, in configuration order. */
  public readonly regionalStacks: readonly RegionalStack[];
  /** `PaymentPlatform-security`: the break-glass role and, in `account` mode, CloudTrail and the AWS Config bucket. */
  public readonly securityStack: AccountSecurityStack;
  /** Per region, with `securityBaseline.mode: 'account'`: GuardDuty, Security Hub, AWS Config, Access Analyzer. */
  public readonly regionalSecurityStacks: readonly RegionalSecurityStack[];
  /** `PaymentPlatform-<region>-backup-account`: the backup account's locked vaults (with `securityBaseline.backupAccount.createVaults`). */
  public readonly backupAccountStacks: readonly BackupAccountStack[];
  /** ECR replication to the secondary regions, after every regional stack (absent for one region). */
  public readonly registryReplicationStack?: RegistryReplicationStack;
  /**
   * Kafka topics and consumer offsets from the primary to the failover region (with streaming,
   * more than one region and `streaming.replicateToFailoverRegion`).
   */
  public readonly kafkaReplicator?: KafkaReplicator;

  constructor(scope: Construct, config: PlatformConfig, options: PaymentPlatformOptions = {}) {
    this.config = resolvePlatformConfig(config);
    const cfg = this.config;
    const today = contextDate(scope);
    this.globalStack = new GlobalStack(scope, GLOBAL_STACK_NAME, { config: cfg, healthCheckIntervalSeconds: cfg.edge.healthCheckIntervalSeconds });
    reportConfigWarnings(this.globalStack, cfg);
    const failoverRegion = this.globalStack.failover.failoverRegion;
    if (!this.globalStack.alarms) {
      // Route 53 health-check metrics exist only in us-east-1: the alarms live there, whatever the primary.
      this.healthAlarmsStack = new HealthAlarmsStack(scope, HEALTH_ALARMS_STACK_NAME, { config: cfg, healthChecks: this.globalStack.failover.healthChecks });
      this.healthAlarmsStack.addStackDependency(this.globalStack, 'the alarms watch the global stack\'s health checks');
    }
    const primary = cfg.regions.find((r) => r.role === 'primary')!;

    // Backups replicate from every region but the failover region into the failover region's
    // bucket, so each bucket has a copy elsewhere. The failover region's bucket cannot replicate
    // back: S3 checks the destination bucket when replication is configured, so the two would each
    // have to exist before the other. One destination keeps the base stacks two deep (failover
    // base, then all others in parallel), off the first deploy's critical path (the global stack
    // is as long); a chain secondary → primary → failover would put a third base stack on it.
    const bases = new Map<string, RegionalBaseStack>();
    const replicationTarget = (region: ResolvedRegionConfig): string | undefined =>
      region.region === failoverRegion ? undefined : failoverRegion;
    for (const region of cfg.regions) {
      const target = replicationTarget(region);
      bases.set(region.region, new RegionalBaseStack(scope, regionalBaseStackName(region.region), {
        config: cfg,
        region,
        backupReplication: target ? backupReplicationTarget(cfg, target) : undefined,
        noBackupReplicationReason: region.region === failoverRegion ? FAILOVER_BUCKET_REASON : undefined,
      }));
    }
    for (const region of cfg.regions) {
      const target = replicationTarget(region);
      if (target) bases.get(region.region)!.addStackDependency(bases.get(target)!, `the ${region.region} backups bucket replicates into the ${target} bucket`);
    }

    this.securityStack = new AccountSecurityStack(scope, SECURITY_STACK_NAME, { config: cfg });
    const accountBaseline = cfg.securityBaseline.mode === 'account';
    this.regionalSecurityStacks = accountBaseline
      ? cfg.regions.map((region) => {
        const stack = new RegionalSecurityStack(scope, regionalSecurityStackName(region.region), { config: cfg, region });
        // The recorder delivers into the account stack's bucket.
        stack.addStackDependency(this.securityStack, 'AWS Config delivers into the account security stack\'s bucket');
        return stack;
      })
      : [];
    const copyTargets = (region: ResolvedRegionConfig) => (replicationTarget(region) ? [{ vaultArn: backupVaultArn(cfg, replicationTarget(region)!) }] : []);
    // The backup account's vaults, one per region (each region's Aurora copies go to the one of its region).
    const backupAccount = cfg.securityBaseline.backupAccount;
    this.backupAccountStacks = accountBaseline && backupAccount?.createVaults
      ? cfg.regions.map((region) => new BackupAccountStack(scope, backupAccountStackName(region.region), { config: cfg, backupAccount, region: region.region }))
      : [];

    const stacks = new Map<string, RegionalStack>();
    for (const region of [primary, ...cfg.regions.filter((r) => r !== primary)]) {
      const stack = new RegionalStack(scope, regionalStackName(region.region), {
        config: cfg,
        region,
        base: bases.get(region.region)!,
        globalHostedZone: cfg.domain.hostedZoneId ? undefined : this.globalStack.hostedZone,
        // Every region writes through the global writer endpoint, which follows the writer region.
        databaseEndpoint: cfg.regions.length > 1 ? this.globalStack.globalDatabase.writerEndpoint : undefined,
        applyWorkloads: options.applyWorkloads,
        workloads: options.workloads?.(region),
        today,
        backupCopyTargets: accountBaseline ? copyTargets(region) : undefined,
      });
      stack.addStackDependency(this.globalStack, 'the regional Aurora cluster joins the global database');
      const vaultStack = this.backupAccountStacks.find((b) => b.region === region.region);
      if (vaultStack) stack.addStackDependency(vaultStack, 'the daily Aurora copy goes into the backup account\'s vault of the region');
      if (region === primary) {
        for (const other of cfg.regions.filter((r) => r !== primary)) {
          stack.addStackDependency(bases.get(other.region)!, 'the master secret is replicated with that region\'s secrets key');
        }
      } else {
        stack.addStackDependency(stacks.get(primary.region)!, 'a secondary Aurora cluster joins after the primary');
      }
      stacks.set(region.region, stack);
    }
    if (cfg.regions.length > 1) {
      const replication = new RegistryReplicationStack(scope, REGISTRY_REPLICATION_STACK_NAME, {
        config: cfg, additionalRules: options.additionalReplicationRules,
      });
      for (const stack of stacks.values()) replication.addStackDependency(stack, 'the destination repositories exist before images replicate');
      this.registryReplicationStack = replication;
    }
    const primaryKafka = stacks.get(primary.region)!.streaming?.kafka;
    const failoverStack = failoverRegion ? stacks.get(failoverRegion) : undefined;
    if (cfg.streaming?.replicateToFailoverRegion && primaryKafka && failoverStack?.streaming) {
      // In the failover region's stack, which already deploys after the primary's.
      this.kafkaReplicator = new KafkaReplicator(failoverStack, 'KafkaReplicator', {
        replicatorName: `${regionalPrefix(cfg, primary.region)}-to-${regionalPrefix(cfg, failoverStack.regionConfig.region).split('-').pop()}`,
        source: primaryKafka,
        target: failoverStack.streaming.kafka,
      });
    }
    this.baseStacks = cfg.regions.map((r) => bases.get(r.region)!);
    this.regionalStacks = cfg.regions.map((r) => stacks.get(r.region)!);

    if (cfg.regions.length > 1) {
      // The plans scale what each region's chart runs (also the chart a stack builds without applying it).
      const workloads = Object.fromEntries(this.regionalStacks.map((s) => [s.regionConfig.region, scalableWorkloads(s.workloadManifests)]));
      this.globalStack.addRegionSwitchPlans(workloads);
      const roleArn = `arn:${Aws.PARTITION}:iam::${cfg.account}:role/${regionSwitchExecutionRoleName(cfg)}`;
      for (const s of this.regionalStacks) {
        s.allowRegionSwitch(roleArn, [...new Set(workloads[s.regionConfig.region].map((w) => w.namespace))]);
      }
    }
    acknowledgeWarnings(scope, cfg);
  }

  /** The main stack of one region. */
  public regionalStack(region: string): RegionalStack {
    const stack = this.regionalStacks.find((s) => s.regionConfig.region === region);
    if (!stack) {
      throw new Error(`PaymentPlatform.regionalStack: '${region}' is not one of the platform's regions (${this.regionalStacks.map((s) => s.regionConfig.region).join(', ')}).`);
    }
    return stack;
  }
}
