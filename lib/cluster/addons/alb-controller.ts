import type { Construct } from 'constructs';
import { workloadRoleName } from '../../config/naming';
import { acknowledgeWildcardResources, statementsFrom } from '../policy-data';
import { ALB_CONTROLLER_POLICY } from './alb-controller-policy';
import type { AddonContext } from './context';
import { SYSTEM_NODE_SELECTOR } from './context';
import { HelmAddon } from './helm-addon';
import { HELM_CHARTS } from './versions';

/** Service account of the AWS Load Balancer Controller. */
export const ALB_CONTROLLER_SERVICE_ACCOUNT = 'aws-load-balancer-controller';

/** The AWS Load Balancer Controller (Ingress → ALB) with the controller's published least-privilege policy. */
export function addAlbController(scope: Construct, ctx: AddonContext): HelmAddon {
  const addon = new HelmAddon(scope, 'AwsLoadBalancerController', {
    cluster: ctx.cluster,
    clusterName: ctx.clusterName,
    pin: HELM_CHARTS.awsLoadBalancerController,
    identity: {
      roleName: workloadRoleName(ctx.config, ctx.region, 'aws-load-balancer-controller'),
      serviceAccount: ALB_CONTROLLER_SERVICE_ACCOUNT,
      statements: statementsFrom(ALB_CONTROLLER_POLICY, ctx.region, ctx.config.account),
    },
    values: {
      clusterName: ctx.clusterName,
      region: ctx.region,
      vpcId: ctx.vpc.vpcId,
      replicaCount: 2,
      serviceAccount: { create: true, name: ALB_CONTROLLER_SERVICE_ACCOUNT },
      nodeSelector: SYSTEM_NODE_SELECTOR,
      enableServiceMutatorWebhook: false,
    },
  });
  acknowledgeWildcardResources(addon.policy!, ALB_CONTROLLER_POLICY, ctx.region, ctx.config.account,
    'The AWS Load Balancer Controller creates load balancers, target groups and security groups whose ARNs are unknown ' +
    'until creation; upstream iam_policy.json scopes every mutation to resources tagged elbv2.k8s.aws/cluster ' +
    '(PCI DSS 7.2.1 compensating control: tag conditions, region/account-scoped ARNs, Pod Identity for one service account).');
  return addon;
}
