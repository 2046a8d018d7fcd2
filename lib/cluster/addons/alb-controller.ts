import type { Construct } from 'constructs';
import { workloadRoleName } from '../../config/naming';
import { acknowledgeWildcardResources, statementsFrom, type StatementData } from '../policy-data';
import { ALB_CONTROLLER_CLUSTER_TAG, ALB_CONTROLLER_POLICY } from './alb-controller-policy';
import type { AddonContext } from './context';
import { SYSTEM_NODE_SELECTOR } from './context';
import { HelmAddon } from './helm-addon';
import { HELM_CHARTS } from './versions';

/** Service account of the AWS Load Balancer Controller. */
export const ALB_CONTROLLER_SERVICE_ACCOUNT = 'aws-load-balancer-controller';

const READ_ONLY = /^[a-z0-9-]+:(Describe|Get|List)/;

/** The mutating actions of `data` that no condition limits (on `*` or an ARN pattern), sorted. */
export function unconditionedWrites(data: readonly StatementData[]): string[] {
  return [...new Set(data.filter((s) => s.conditions === undefined && s.resources.some((r) => r.includes('*')))
    .flatMap((s) => s.actions).filter((a) => !READ_ONLY.test(a)))].sort();
}

/**
 * The AWS Load Balancer Controller (Ingress → ALB) with the controller's published policy, narrowed
 * (`ALB_CONTROLLER_POLICY`: tag conditions wherever IAM has a key for them, the cluster security
 * group as the only untagged group it may open).
 */
export function addAlbController(scope: Construct, ctx: AddonContext): HelmAddon {
  const vars = { clusterSecurityGroup: ctx.cluster.clusterSecurityGroupId, vpc: ctx.vpc.vpcId };
  const addon = new HelmAddon(scope, 'AwsLoadBalancerController', {
    cluster: ctx.cluster,
    clusterName: ctx.clusterName,
    pin: HELM_CHARTS.awsLoadBalancerController,
    identity: {
      roleName: workloadRoleName(ctx.config, ctx.region, 'aws-load-balancer-controller'),
      serviceAccount: ALB_CONTROLLER_SERVICE_ACCOUNT,
      statements: statementsFrom(ALB_CONTROLLER_POLICY, ctx.region, ctx.config.account, vars),
    },
    values: {
      clusterName: ctx.clusterName,
      region: ctx.region,
      vpcId: ctx.vpc.vpcId,
      replicaCount: 2,
      serviceAccount: { create: true, name: ALB_CONTROLLER_SERVICE_ACCOUNT },
      nodeSelector: SYSTEM_NODE_SELECTOR,
      enableServiceMutatorWebhook: false,
      // Listeners and rules carry the cluster tag, which the policy's listener and rule statements require.
      controllerConfig: { featureGates: { ListenerRulesTagging: true } },
    },
  });
  acknowledgeWildcardResources(addon.policy!, ALB_CONTROLLER_POLICY, ctx.region, ctx.config.account,
    'PCI DSS 7.2.1 (least privilege) via tag conditions: load balancers, target groups, listeners, rules and security groups ' +
    `are created only with the ${ALB_CONTROLLER_CLUSTER_TAG} tag and changed or deleted only when they carry it (ARNs unknown until ` +
    'the controller creates them, so the resource is a region/account ARN pattern); the only untagged security group it may ' +
    'open is the cluster security group. Without any condition (IAM has no key for them) stay: ' +
    `${unconditionedWrites(ALB_CONTROLLER_POLICY).join(', ')}; plus the read-only Describe/Get/List calls. ` +
    'The role is usable only by the controller\'s service account of this cluster (Pod Identity trust conditions).');
  return addon;
}
