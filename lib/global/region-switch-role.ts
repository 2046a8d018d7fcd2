import { Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { acknowledgeWildcardArns } from '../security/acknowledge';

/** What the plans' steps act on: everything the execution role may touch, by ARN. */
export interface RegionSwitchTargets {
  /** The Aurora global cluster identifier. */
  readonly globalClusterIdentifier: string;
  /** Region → Aurora cluster ARN (every member of the global database). */
  readonly databaseClusterArns: Record<string, string>;
  /** Region → EKS cluster name. */
  readonly eksClusterNames: Record<string, string>;
  /** S3 object ARNs (with a trailing `*`) the execution reports are written to. */
  readonly reportObjectArns: readonly string[];
  /** Region → alias of the KMS key that encrypts the report bucket of that region. */
  readonly reportKeyAliases: Record<string, string>;
  /** CloudWatch alarms the plans read for their reports (application health). */
  readonly alarmArns: readonly string[];
  /** Plan names (the plan ARNs end in `<name>:<random suffix>`). */
  readonly planNames: readonly string[];
}

/** Props of {@link RegionSwitchRoles}. */
export interface RegionSwitchRolesProps {
  /** Name of the execution role; regional stacks name it in their EKS access entries. */
  readonly executionRoleName: string;
  /** Name of the role an approver assumes to approve an execution. */
  readonly approvalRoleName: string;
  readonly targets: RegionSwitchTargets;
}

/**
 * The two roles of the Region switch plans.
 *
 * - The **execution role**, assumed by `arc-region-switch.amazonaws.com` for plan evaluation and
 *   execution, with exactly what the steps need: describe, switch over and fail over the one
 *   global database and its member clusters; describe the EKS clusters and list the access
 *   policies of their access entries (the Kubernetes side is the namespaced
 *   `AmazonARCRegionSwitchScalingPolicy` association each regional stack makes); write reports
 *   under the reports prefix, through S3, with the bucket's key; read the health alarms; simulate
 *   its own policy (plan evaluation). Nothing else, no `*` resource.
 * - The **approval role**, which an operator of the account assumes to approve or decline a
 *   step of these plans (`ApprovePlanExecutionStep`), and to follow the execution.
 */
export class RegionSwitchRoles extends Construct {
  public readonly executionRole: iam.Role;
  public readonly approvalRole: iam.Role;

  constructor(scope: Construct, id: string, props: RegionSwitchRolesProps) {
    super(scope, id);
    const stack = Stack.of(this);
    const { partition, account } = stack;
    const t = props.targets;
    const planArns = t.planNames.map((n) => `arn:${partition}:arc-region-switch::${account}:plan/${n}:*`);

    this.executionRole = new iam.Role(this, 'ExecutionRole', {
      roleName: props.executionRoleName,
      assumedBy: new iam.ServicePrincipal('arc-region-switch.amazonaws.com'),
      description: 'Runs the ARC Region switch plans of the platform (Aurora global database, EKS scaling, reports)',
    });
    const regions = Object.keys(t.databaseClusterArns);
    const statements = [
      new iam.PolicyStatement({
        sid: 'DescribeDatabase',
        actions: ['rds:DescribeGlobalClusters', 'rds:DescribeDBClusters'],
        resources: [`arn:${partition}:rds::${account}:global-cluster:${t.globalClusterIdentifier}`, ...Object.values(t.databaseClusterArns)],
      }),
      new iam.PolicyStatement({
        sid: 'MoveWriter',
        actions: ['rds:SwitchoverGlobalCluster', 'rds:FailoverGlobalCluster'],
        resources: [`arn:${partition}:rds::${account}:global-cluster:${t.globalClusterIdentifier}`, ...Object.values(t.databaseClusterArns)],
      }),
      new iam.PolicyStatement({
        sid: 'DescribeClusters',
        actions: ['eks:DescribeCluster'],
        resources: Object.entries(t.eksClusterNames).map(([r, n]) => `arn:${partition}:eks:${r}:${account}:cluster/${n}`),
      }),
      new iam.PolicyStatement({
        sid: 'CheckClusterAccess',
        actions: ['eks:ListAssociatedAccessPolicies'],
        resources: Object.entries(t.eksClusterNames).map(([r, n]) => `arn:${partition}:eks:${r}:${account}:access-entry/${n}/*`),
      }),
      new iam.PolicyStatement({ sid: 'WriteReports', actions: ['s3:PutObject'], resources: [...t.reportObjectArns] }),
      ...Object.entries(t.reportKeyAliases).map(([r, alias]) => new iam.PolicyStatement({
        sid: `EncryptReports${r.replace(/-/g, '')}`,
        actions: ['kms:GenerateDataKey', 'kms:Encrypt'],
        resources: [`arn:${partition}:kms:${r}:${account}:key/*`],
        conditions: {
          'ForAnyValue:StringEquals': { 'kms:ResourceAliases': [alias] },
          StringEquals: { 'kms:ViaService': `s3.${r}.amazonaws.com` },
        },
      })),
      new iam.PolicyStatement({
        sid: 'EvaluatePlans',
        actions: ['arc-region-switch:GetPlan', 'arc-region-switch:GetPlanExecution', 'arc-region-switch:ListPlanExecutions', 'arc-region-switch:ListPlanExecutionEvents'],
        resources: planArns,
      }),
      new iam.PolicyStatement({
        sid: 'EvaluateOwnPermissions',
        actions: ['iam:SimulatePrincipalPolicy'],
        resources: [`arn:${partition}:iam::${account}:role/${props.executionRoleName}`],
      }),
    ];
    if (t.alarmArns.length > 0) {
      statements.push(new iam.PolicyStatement({
        sid: 'ReadHealthAlarms',
        actions: ['cloudwatch:DescribeAlarms', 'cloudwatch:DescribeAlarmHistory'],
        resources: [...t.alarmArns],
      }));
    }
    const executionPolicy = new iam.ManagedPolicy(this, 'ExecutionPolicy', {
      roles: [this.executionRole],
      statements,
      description: `Region switch steps across ${regions.join(', ')}`,
    });
    // Each wildcard below is the narrowest ARN AWS allows for what it names; the role is assumed
    // only by arc-region-switch.amazonaws.com (least privilege, PCI DSS 7.2.1).
    acknowledgeWildcardArns(executionPolicy, planArns, PLAN_ARN_REASON);
    acknowledgeWildcardArns(executionPolicy,
      Object.entries(t.eksClusterNames).map(([r, n]) => `arn:${partition}:eks:${r}:${account}:access-entry/${n}/*`),
      'access-entry/<cluster>/* is the ARN form of an EKS access entry (the principal and an id AWS assigns follow the cluster name); ' +
      'the role may only list the access policies associated on this platform\'s clusters (eks:ListAssociatedAccessPolicies, read-only), ' +
      'which plan evaluation checks; only arc-region-switch.amazonaws.com assumes it (PCI DSS 7.2.1).');
    acknowledgeWildcardArns(executionPolicy, Object.keys(t.reportKeyAliases).map((r) => `arn:${partition}:kms:${r}:${account}:key/*`),
      'A KMS key ARN ends in a key id AWS assigns at creation; kms:GenerateDataKey and kms:Encrypt on key/* are narrowed to the one ' +
      'backups key of that region by the kms:ResourceAliases condition and to use through S3 in that region by kms:ViaService ' +
      '(customer-managed key, PCI DSS 3.5/3.6; least privilege, PCI DSS 7.2.1).');
    acknowledgeWildcardArns(executionPolicy, [...t.reportObjectArns],
      'Region switch names its execution reports itself, so s3:PutObject is granted on the objects under region-switch-reports/<plan>/ ' +
      'of the secondary\'s backups bucket only (no read, no delete; the bucket is versioned with Object Lock, PCI DSS 10.5); ' +
      'only arc-region-switch.amazonaws.com assumes the role (PCI DSS 7.2.1).');

    this.approvalRole = new iam.Role(this, 'ApprovalRole', {
      roleName: props.approvalRoleName,
      assumedBy: new iam.AccountRootPrincipal(),
      description: 'Approve or decline a step of the platform\'s Region switch plans (operators assume it)',
    });
    const approvalPolicy = new iam.ManagedPolicy(this, 'ApprovalPolicy', {
      roles: [this.approvalRole],
      statements: [
        new iam.PolicyStatement({
          sid: 'ApproveSteps',
          actions: ['arc-region-switch:ApprovePlanExecutionStep', 'arc-region-switch:GetPlanExecution', 'arc-region-switch:ListPlanExecutionEvents'],
          resources: planArns,
        }),
      ],
    });
    acknowledgeWildcardArns(approvalPolicy, planArns, PLAN_ARN_REASON);
  }
}

const PLAN_ARN_REASON = 'A Region switch plan ARN ends in a random suffix AWS adds when it creates the plan (plan/<name>:<suffix>), ' +
  'so plan/<name>:* is the narrowest ARN that names exactly these plans, by their fixed names (least privilege, PCI DSS 7.2.1).';
