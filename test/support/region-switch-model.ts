/**
 * A model of the ARC Region switch plans in the synthesized templates, checked against what the
 * platform runs: every region, every stateful resource, every warm-standby Deployment the
 * regional clusters apply, and the order the steps must run in.
 *
 * - Regions: a region with an EKS cluster or an Aurora cluster must be activated by a workflow.
 * - Data stores: every resource of a stateful type (`STATEFUL_TYPES`) must have an entry in the
 *   library's `DATA_STORE_HANDLING`; an entry that names a phase must be met, for every region, by
 *   a step of that phase acting on that region's resource (the Aurora cluster by its ARN).
 * - Scaling: the scaling step of a workflow names every Deployment an HPA scales in the target
 *   region's applied objects, and the target's EKS cluster.
 * - Order: steps follow `PLAN_PHASES` (approval, database, scaling), each at most once.
 */
import { DATA_STORE_HANDLING, PHASE_BLOCK_TYPES, PLAN_PHASES, type PlanPhase } from '../../lib/global/region-switch-steps';
import { FailoverModel } from './failover-model';

/* eslint-disable @typescript-eslint/no-explicit-any */
type Json = any;

/** Resource types that hold data a region switch may have to move, fence or rebuild. */
export const STATEFUL_TYPES = [
  'AWS::RDS::GlobalCluster', 'AWS::RDS::DBCluster', 'AWS::RDS::DBInstance', 'AWS::DocDB::DBCluster', 'AWS::Neptune::DBCluster',
  'AWS::ElastiCache::ReplicationGroup', 'AWS::ElastiCache::ServerlessCache', 'AWS::MemoryDB::Cluster',
  'AWS::DynamoDB::Table', 'AWS::DynamoDB::GlobalTable', 'AWS::MSK::Cluster', 'AWS::MSK::ServerlessCluster', 'AWS::Kinesis::Stream',
  'AWS::EFS::FileSystem', 'AWS::OpenSearchService::Domain', 'AWS::S3::Bucket', 'AWS::SecretsManager::Secret', 'AWS::SQS::Queue',
  'AWS::ECR::Repository',
];

export interface PlanStep { readonly name: string; readonly type: string; readonly config: Json }
export interface PlanWorkflow { readonly target: string; readonly action: string; readonly steps: readonly PlanStep[] }
export interface Plan { readonly logicalId: string; readonly name: string; readonly regions: string[]; readonly rto: number; readonly workflows: PlanWorkflow[] }

export interface Finding { readonly where: string; readonly problem: string }

const PHASE_OF: Record<string, PlanPhase> = Object.fromEntries(Object.entries(PHASE_BLOCK_TYPES).map(([p, t]) => [t, p as PlanPhase]));

export class RegionSwitchModel {
  public readonly failover: FailoverModel;

  constructor(private readonly stacks: readonly { name: string; region: string; template: Json }[]) {
    this.failover = FailoverModel.fromTemplates(stacks.map((s) => ({ ...s })));
  }

  private resources(type?: string): { stack: { name: string; region: string }; id: string; r: Json }[] {
    return this.stacks.flatMap((stack) => Object.entries<Json>(stack.template.Resources ?? {})
      .filter(([, r]) => type === undefined || r.Type === type).map(([id, r]) => ({ stack, id, r })));
  }

  public plans(): Plan[] {
    return this.resources('AWS::ARCRegionSwitch::Plan').map(({ id, r }) => ({
      logicalId: id,
      name: r.Properties.Name,
      regions: r.Properties.Regions,
      rto: r.Properties.RecoveryTimeObjectiveMinutes,
      workflows: (r.Properties.Workflows ?? []).map((w: Json) => ({
        target: w.WorkflowTargetRegion,
        action: w.WorkflowTargetAction,
        steps: (w.Steps ?? []).map((s: Json) => ({ name: s.Name, type: s.ExecutionBlockType, config: s.ExecutionBlockConfiguration })),
      })),
    }));
  }

  /** Regions that run the platform: an EKS cluster or an Aurora cluster. */
  public platformRegions(): string[] {
    return [...new Set([...this.resources('AWS::EKS::Cluster'), ...this.resources('AWS::RDS::DBCluster')].map((x) => x.stack.region))].sort();
  }

  private memberClusterArn(region: string, account: string): string | undefined {
    const c = this.resources('AWS::RDS::DBCluster').find(({ stack, r }) => stack.region === region && r.Properties?.GlobalClusterIdentifier !== undefined);
    return c && `arn:aws:rds:${region}:${account}:cluster:${c.r.Properties.DBClusterIdentifier}`;
  }

  private eksClusterArn(region: string, account: string): string | undefined {
    const c = this.resources('AWS::EKS::Cluster').find(({ stack }) => stack.region === region);
    return c && `arn:aws:eks:${region}:${account}:cluster/${c.r.Properties.Name}`;
  }

  /** `namespace/name` of every Deployment an HPA scales in the objects applied in `region`. */
  public standbyDeployments(region: string): string[] {
    const objects = this.failover.appliedObjects(region);
    const deployments = new Set(objects.filter((o) => o.kind === 'Deployment').map((o) => `${o.metadata.namespace}/${o.metadata.name}`));
    return objects.filter((o) => o.kind === 'HorizontalPodAutoscaler' && o.spec.scaleTargetRef.kind === 'Deployment')
      .map((o) => `${o.metadata.namespace}/${o.spec.scaleTargetRef.name}`).filter((d) => deployments.has(d)).sort();
  }

  /** Every problem the plans have against what the templates run. */
  public check(account: string): Finding[] {
    const findings: Finding[] = [];
    const plans = this.plans();
    const add = (where: string, problem: string) => findings.push({ where, problem });

    for (const region of this.platformRegions()) {
      if (!plans.some((p) => p.workflows.some((w) => w.action === 'activate' && w.target === region))) add(region, 'no Region switch plan activates this region');
    }
    for (const plan of plans) {
      for (const region of plan.regions) {
        if (!plan.workflows.some((w) => w.action === 'activate' && w.target === region)) add(plan.name, `no workflow activates ${region}`);
      }
    }

    // Data stores: a handling for every stateful type; the phase it names must act on each region's resource.
    const types = new Set(this.resources().map((x) => x.r.Type).filter((t) => STATEFUL_TYPES.includes(t)));
    for (const type of types) {
      if (!(type in DATA_STORE_HANDLING)) add(type, 'a stateful resource type with no Region switch handling (DATA_STORE_HANDLING): add a step for it or say why none is needed');
    }

    for (const plan of plans) {
      for (const wf of plan.workflows) {
        const where = `${plan.name} → ${wf.target}`;
        const phases = wf.steps.map((s) => PHASE_OF[s.type]);
        phases.forEach((p, i) => { if (p === undefined) add(where, `step '${wf.steps[i].name}' has an execution block type (${wf.steps[i].type}) the plan does not expect`); });
        const order = phases.filter((p): p is PlanPhase => p !== undefined).map((p) => PLAN_PHASES.indexOf(p));
        if (order.some((o, i) => i > 0 && o <= order[i - 1])) add(where, `steps out of order: ${phases.join(' → ')} (must follow ${PLAN_PHASES.join(' → ')})`);

        for (const [type, handling] of Object.entries(DATA_STORE_HANDLING)) {
          if (!types.has(type) || handling.phase !== 'database') continue;
          const db = wf.steps.find((s) => s.type === PHASE_BLOCK_TYPES.database)?.config?.GlobalAuroraConfig;
          const arn = this.memberClusterArn(wf.target, account);
          if (!db) { add(where, `no ${PHASE_BLOCK_TYPES.database} step for ${type}`); continue; }
          if (arn && !db.DatabaseClusterArns.includes(arn)) add(where, `the database step does not name the ${wf.target} cluster ${arn}`);
          if (db.Ungraceful?.Ungraceful !== 'failover') add(where, 'the database step cannot fail over when the old region is lost (Ungraceful.Ungraceful is not failover)');
        }

        const scaling = wf.steps.find((s) => s.type === PHASE_BLOCK_TYPES.scaling)?.config?.EksResourceScalingConfig;
        const wanted = this.standbyDeployments(wf.target);
        if (!scaling) { if (wanted.length > 0) add(where, `no scaling step for ${wanted.join(', ')}`); continue; }
        const named = new Set((scaling.ScalingResources as Json[]).flatMap((m) => Object.values<Json>(m))
          .map((byRegion) => byRegion[wf.target]).filter(Boolean).map((x: Json) => `${x.Namespace}/${x.Name}`));
        for (const d of wanted) if (!named.has(d)) add(where, `the scaling step does not scale ${d}, a warm-standby Deployment of ${wf.target}`);
        const eks = this.eksClusterArn(wf.target, account);
        if (eks && !(scaling.EksClusters as Json[]).some((c) => c.ClusterArn === eks)) add(where, `the scaling step does not name the ${wf.target} EKS cluster`);
      }
    }
    return findings;
  }
}
/* eslint-enable @typescript-eslint/no-explicit-any */
