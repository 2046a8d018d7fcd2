import { Annotations, Stack } from 'aws-cdk-lib';
import * as arc from 'aws-cdk-lib/aws-arcregionswitch';
import { Construct } from 'constructs';
import {
  backupBucketName, clusterName, databaseClusterIdentifier, globalDatabaseIdentifier, keyAlias, REGION_SWITCH_REPORT_PREFIX,
  regionSwitchApprovalRoleName, regionSwitchExecutionRoleName, regionSwitchPlanName,
} from '../config/naming';
import type { ResolvedPlatformConfig } from '../config/platform-config';
import { RegionSwitchRoles } from './region-switch-role';
import { expectedPlanSeconds, workflowSteps, type RegionTargets, type ScalableWorkload } from './region-switch-steps';

/** Props of {@link RegionSwitchPlans}. */
export interface RegionSwitchPlansProps {
  /** The validated configuration (`regions`, `recovery`, names). */
  readonly config: ResolvedPlatformConfig;
  /** Region → the warm-standby Deployments of that region's workload chart (`scalableWorkloads`). */
  readonly workloads: Record<string, readonly ScalableWorkload[]>;
  /**
   * Region → the alarm on the health check of that region's API, read into each execution report
   * (which region serves, before and after).
   * @default - no associated alarms
   */
  readonly healthAlarmArns?: Record<string, string>;
  /**
   * Route 53 health-check interval of the API records, for the recovery-time estimate.
   * @default 30
   */
  readonly healthCheckIntervalSeconds?: number;
}

/**
 * The ARC Region switch plans of a multi-region platform, created in the global stack: one
 * active/passive plan per secondary region, pairing it with the primary (a plan holds exactly two
 * regions). Each plan has one workflow per region that activates it: `activate <secondary>` moves
 * the platform there (failover, or a practice switchover), `activate <primary>` brings it back.
 *
 * A workflow is: optional approval → Aurora Global Database (switchover when executed graceful,
 * failover when ungraceful) → EKS scaling of the target region's warm-standby Deployments to the
 * old region's capacity. DNS is not a step: `api.<zone>` is a Route 53 failover pair whose health
 * checks follow the writer (a region that cannot reach the writer fails its check), so Route 53
 * answers with the target region while it scales, with no dependency on a control plane. The
 * nightly dump needs no step either: it gates itself on the writer region at run time.
 *
 * The plans reference regional resources by their deterministic names (no cross-stack
 * references); Region switch evaluates a plan every 30 minutes and warns while a region is not
 * deployed yet. Reports go to the secondary region's backups bucket (KMS-encrypted, versioned,
 * Object Lock, retained), which is up in both directions of the pair.
 */
export class RegionSwitchPlans extends Construct {
  /** Secondary region → its plan with the primary. */
  public readonly plans: Record<string, arc.CfnPlan> = {};
  public readonly roles: RegionSwitchRoles;
  /** Expected seconds of one execution, by the step budget (`expectedPlanSeconds`). */
  public readonly expectedSeconds: number;

  constructor(scope: Construct, id: string, props: RegionSwitchPlansProps) {
    super(scope, id);
    const { config } = props;
    const stack = Stack.of(this);
    const { partition, account } = stack;
    const primary = config.regions.find((r) => r.role === 'primary');
    if (!primary) throw new Error("RegionSwitchPlans: config.regions has no region with role 'primary'; mark exactly one.");
    const secondaries = config.regions.filter((r) => r.role === 'secondary').map((r) => r.region);
    if (secondaries.length === 0) throw new Error('RegionSwitchPlans: a Region switch plan needs a secondary region; create it only for multi-region platforms.');
    for (const region of config.regions.map((r) => r.region)) {
      if (!props.workloads[region]) throw new Error(`RegionSwitchPlans: workloads has no entry for ${region}; pass the Deployments of every region's chart.`);
    }

    const targets = (region: string): RegionTargets => ({
      region,
      databaseClusterArn: `arn:${partition}:rds:${region}:${account}:cluster:${databaseClusterIdentifier(config, region)}`,
      eksClusterArn: `arn:${partition}:eks:${region}:${account}:cluster/${clusterName(config, region)}`,
      workloads: props.workloads[region],
    });
    const planNames = secondaries.map((s) => regionSwitchPlanName(config, s));
    for (const name of planNames) {
      if (!/^[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,30}[a-zA-Z0-9])?$/.test(name)) {
        throw new Error(`RegionSwitchPlans: plan name '${name}' (from name, environment and region) exceeds the 32 characters Region switch allows; shorten name or environment by ${name.length - 32}.`);
      }
    }
    const reportPath = (secondary: string) => `${backupBucketName(config, secondary)}/${REGION_SWITCH_REPORT_PREFIX}${regionSwitchPlanName(config, secondary)}`;
    const alarms = props.healthAlarmArns ?? {};

    this.roles = new RegionSwitchRoles(this, 'Roles', {
      executionRoleName: regionSwitchExecutionRoleName(config),
      approvalRoleName: regionSwitchApprovalRoleName(config),
      targets: {
        globalClusterIdentifier: globalDatabaseIdentifier(config),
        databaseClusterArns: Object.fromEntries(config.regions.map((r) => [r.region, targets(r.region).databaseClusterArn])),
        eksClusterNames: Object.fromEntries(config.regions.map((r) => [r.region, clusterName(config, r.region)])),
        reportObjectArns: secondaries.map((s) => `arn:${partition}:s3:::${reportPath(s)}/*`),
        reportKeyAliases: Object.fromEntries(secondaries.map((s) => [s, keyAlias(config, 'backups')])),
        alarmArns: Object.values(alarms),
        planNames,
      },
    });
    const approval = config.recovery.approval;

    for (const secondary of secondaries) {
      const pair: [RegionTargets, RegionTargets] = [targets(primary.region), targets(secondary)];
      const workflow = (target: string): arc.CfnPlan.WorkflowProperty => ({
        workflowTargetAction: 'activate',
        workflowTargetRegion: target,
        workflowDescription: `Make ${target} the writer and serving region of ${config.name}-${config.environment}.`,
        steps: workflowSteps({
          target,
          regions: pair,
          globalClusterIdentifier: globalDatabaseIdentifier(config),
          approvalRoleArn: approval ? this.roles.approvalRole.roleArn : undefined,
          approvalTimeoutMinutes: config.recovery.approvalTimeoutMinutes,
        }),
      });
      const associated = Object.entries(alarms).filter(([r]) => r === primary.region || r === secondary);
      this.plans[secondary] = new arc.CfnPlan(this, `Plan-${secondary}`, {
        name: regionSwitchPlanName(config, secondary),
        description: `${config.name}-${config.environment}: fail over between ${primary.region} and ${secondary}, and back.`,
        executionRole: this.roles.executionRole.roleArn,
        recoveryApproach: 'activePassive',
        primaryRegion: primary.region,
        regions: [primary.region, secondary],
        recoveryTimeObjectiveMinutes: config.recovery.rtoMinutes,
        workflows: [workflow(secondary), workflow(primary.region)],
        associatedAlarms: associated.length > 0
          ? Object.fromEntries(associated.map(([r, a]) => [`api-health-${r}`, { alarmType: 'applicationHealth', resourceIdentifier: a }]))
          : undefined,
        reportConfiguration: { reportOutput: [{ s3Configuration: { bucketPath: reportPath(secondary), bucketOwner: account } }] },
      });
    }

    this.expectedSeconds = expectedPlanSeconds(approval, props.healthCheckIntervalSeconds);
    if (this.expectedSeconds > config.recovery.rtoMinutes * 60) {
      Annotations.of(this).addWarningV2('cdk-payment-platform:regionSwitchRto',
        `recovery.rtoMinutes ${config.recovery.rtoMinutes}: a Region switch execution is expected to take ${this.expectedSeconds} s ` +
          `(${approval ? 'approval, ' : ''}database, then scaling while DNS moves). Raise recovery.rtoMinutes to at least ` +
          `${Math.ceil(this.expectedSeconds / 60)}${approval ? ', or set recovery.approval to false' : ''}.`);
    }
  }
}
