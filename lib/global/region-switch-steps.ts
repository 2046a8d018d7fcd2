import type { CfnPlan } from 'aws-cdk-lib/aws-arcregionswitch';
import { FAILOVER_BUDGET } from './recovery-objectives';

/** The phases of a Region switch workflow, in the order they must run. */
export const PLAN_PHASES = ['approval', 'database', 'scaling'] as const;
export type PlanPhase = (typeof PLAN_PHASES)[number];

/** Execution block type of each phase (the `ExecutionBlockType` values Region switch accepts). */
export const PHASE_BLOCK_TYPES: Record<PlanPhase, string> = {
  approval: 'ManualApproval',
  database: 'AuroraGlobalDatabase',
  scaling: 'EKSResourceScaling',
};

/**
 * The expected duration of each phase, in seconds: what a Region switch execution's recovery time
 * is made of (docs/failover.md explains each figure). `routing` is not a plan step: Route 53 moves
 * `api.<zone>` by itself once the old writer region fails its health check, while the target region
 * scales, so it runs in parallel with `scaling`.
 */
export const PLAN_STEP_SECONDS = {
  /** An on-call approver answering the page; zero when `recovery.approval` is off. */
  approval: 60,
  /** `SwitchoverGlobalCluster` (planned) or `FailoverGlobalCluster` (outage): typically one to two minutes. */
  database: FAILOVER_BUDGET.databaseFailoverSeconds,
  /** Warm standby pods already serve; new pods up to the old region's capacity need nodes: about two minutes. */
  scaling: 120,
  /** The old region's health check fails (interval × threshold), then resolvers drop the cached answer (TTL). */
  routing: 30 * FAILOVER_BUDGET.healthCheckFailureThreshold + FAILOVER_BUDGET.dnsTtlSeconds,
} as const;

/** Seconds a Region switch execution takes by {@link PLAN_STEP_SECONDS}: approval, database, then scaling and DNS in parallel. */
export function expectedPlanSeconds(approval: boolean, healthCheckIntervalSeconds = 30): number {
  const routing = healthCheckIntervalSeconds * FAILOVER_BUDGET.healthCheckFailureThreshold + FAILOVER_BUDGET.dnsTtlSeconds;
  return (approval ? PLAN_STEP_SECONDS.approval : 0) + PLAN_STEP_SECONDS.database + Math.max(PLAN_STEP_SECONDS.scaling, routing);
}

/** A Deployment the plan scales in every region of a pair (with its HorizontalPodAutoscaler). */
export interface ScalableWorkload {
  readonly namespace: string;
  readonly name: string;
  /** The HorizontalPodAutoscaler that owns the Deployment's replica count. */
  readonly hpaName: string;
}

/** The resources of one region that the steps act on. */
export interface RegionTargets {
  readonly region: string;
  /** ARN of the region's Aurora cluster (a member of the global database). */
  readonly databaseClusterArn: string;
  /** ARN of the region's EKS cluster. */
  readonly eksClusterArn: string;
  /** The warm-standby Deployments of the region. */
  readonly workloads: readonly ScalableWorkload[];
}

/** Inputs of {@link workflowSteps}. */
export interface WorkflowStepsProps {
  /** The region the workflow activates. */
  readonly target: string;
  /** Both regions of the plan. */
  readonly regions: readonly [RegionTargets, RegionTargets];
  readonly globalClusterIdentifier: string;
  /** The role an approver assumes to approve; no approval step when absent. */
  readonly approvalRoleArn?: string;
  readonly approvalTimeoutMinutes: number;
}

/**
 * The steps of the workflow that activates `target`, in order: the optional approval, the Aurora
 * Global Database step (switchover in a graceful execution: no data loss, both regions up; failover
 * in an ungraceful one: the old writer is lost, up to the replication lag is lost), then scaling
 * the target region's Deployments to the capacity the old region ran (sampled maximum of the last
 * 24 h, so a dead region's capacity is still known).
 */
export function workflowSteps(props: WorkflowStepsProps): CfnPlan.StepProperty[] {
  const steps: CfnPlan.StepProperty[] = [];
  if (props.approvalRoleArn) {
    steps.push({
      name: `approve-${props.target}`,
      description: `A person approves moving the writer and the traffic to ${props.target}.`,
      executionBlockType: PHASE_BLOCK_TYPES.approval,
      executionBlockConfiguration: {
        executionApprovalConfig: { approvalRole: props.approvalRoleArn, timeoutMinutes: props.approvalTimeoutMinutes },
      },
    });
  }
  steps.push({
    name: `database-to-${props.target}`,
    description: `Aurora Global Database: switchover (graceful) or failover (ungraceful) to the ${props.target} cluster.`,
    executionBlockType: PHASE_BLOCK_TYPES.database,
    executionBlockConfiguration: {
      globalAuroraConfig: {
        behavior: 'switchoverOnly',
        ungraceful: { ungraceful: 'failover' },
        globalClusterIdentifier: props.globalClusterIdentifier,
        databaseClusterArns: props.regions.map((r) => r.databaseClusterArn),
        timeoutMinutes: 30,
      },
    },
  });
  steps.push({
    name: `scale-${props.target}`,
    description: `Scale the warm-standby Deployments in ${props.target} to the capacity the other region ran.`,
    executionBlockType: PHASE_BLOCK_TYPES.scaling,
    executionBlockConfiguration: { eksResourceScalingConfig: scalingConfig(props.regions) },
  });
  return steps;
}

function scalingConfig(regions: readonly [RegionTargets, RegionTargets]): CfnPlan.EksResourceScalingConfigurationProperty {
  const [a, b] = regions;
  const key = (w: ScalableWorkload) => `${w.namespace}/${w.name}`;
  const inB = new Map(b.workloads.map((w) => [key(w), w]));
  const missing = [
    ...a.workloads.filter((w) => !inB.has(key(w))).map((w) => `${key(w)} runs in ${a.region} but not in ${b.region}`),
    ...b.workloads.filter((w) => !a.workloads.some((x) => key(x) === key(w))).map((w) => `${key(w)} runs in ${b.region} but not in ${a.region}`),
  ];
  if (missing.length > 0) {
    throw new Error(
      `RegionSwitchPlan: every warm-standby Deployment must run in both regions of a plan so the target can take the other's load: ${missing.join('; ')}. ` +
        'Give the service to both regions (PaymentPlatformOptions.workloads) or remove its HorizontalPodAutoscaler where it is not a standby.',
    );
  }
  if (a.workloads.length === 0) {
    throw new Error(`RegionSwitchPlan: no Deployment with a HorizontalPodAutoscaler runs in ${a.region} and ${b.region}; the scaling step would scale nothing. Give the services an autoscaling range.`);
  }
  return {
    kubernetesResourceType: { apiVersion: 'apps/v1', kind: 'Deployment' },
    eksClusters: regions.map((r) => ({ clusterArn: r.eksClusterArn })),
    scalingResources: a.workloads.map((w) => ({
      [`${w.namespace}-${w.name}`]: Object.fromEntries(regions.map((r) => {
        const x = r.workloads.find((y) => key(y) === key(w))!;
        return [r.region, { namespace: x.namespace, name: x.name, hpaName: x.hpaName }];
      })),
    })),
    targetPercent: 100,
    capacityMonitoringApproach: 'sampledMaxInLast24Hours',
    timeoutMinutes: 15,
    // In an outage, serving with most of the capacity beats waiting for the last pods.
    ungraceful: { minimumSuccessPercentage: 80 },
  };
}

/** How a region switch treats one kind of stateful resource. */
export interface DataStoreHandling {
  /** The plan phase that acts on it, if any. */
  readonly phase?: PlanPhase;
  /** Why that is enough (or why no step is needed). */
  readonly why: string;
}

/**
 * Every stateful resource type the platform creates, and what a Region switch execution does
 * about it. A new data store must be added here (with a step, or the reason none is needed);
 * the plan tests fail on a stateful resource type missing from this table.
 */
export const DATA_STORE_HANDLING: Record<string, DataStoreHandling> = {
  'AWS::RDS::GlobalCluster': { phase: 'database', why: 'the Aurora Global Database step moves its writer (switchover or failover)' },
  'AWS::RDS::DBCluster': { phase: 'database', why: 'each regional cluster is a member of the global database; the step promotes the target\'s' },
  'AWS::RDS::DBInstance': { phase: 'database', why: 'instances of the member clusters; they follow their cluster' },
  'AWS::ElastiCache::ReplicationGroup': { why: 'each region runs its own cache, rebuilt from the database on a miss; nothing to move' },
  'AWS::SecretsManager::Secret': { why: 'shared secrets are replicated into every region; the others are each region\'s own' },
  'AWS::S3::Bucket': { why: 'backups replicate into the failover region (S3 RTC); the nightly dump gates itself on the writer region' },
  'AWS::ECR::Repository': { why: 'images are replicated into every secondary region' },
  'AWS::MSK::Cluster': {
    why: 'Region switch has no MSK step: each region runs its own cluster. With streaming.replicateToFailoverRegion (the default), ' +
      'the MSK Replicator in the failover region\'s stack copies every topic (identical names, new topics too) and the consumer ' +
      'group offsets from the primary\'s cluster continuously, so consumers in the failover region resume where they were; ' +
      'it replicates one way only, and other secondaries\' clusters are not replicated into',
  },
};
