import type { Construct } from 'constructs';
import type { AddonContext } from './context';
import { SYSTEM_NODE_SELECTOR } from './context';
import { HelmAddon } from './helm-addon';
import { HELM_CHARTS } from './versions';

/** metrics-server: resource metrics for HorizontalPodAutoscalers. Calls no AWS API. */
export function addMetricsServer(scope: Construct, ctx: AddonContext): HelmAddon {
  return new HelmAddon(scope, 'MetricsServer', {
    cluster: ctx.cluster,
    pin: HELM_CHARTS.metricsServer,
    createNamespace: false,
    values: { replicas: 2, podDisruptionBudget: { enabled: true, minAvailable: 1 }, nodeSelector: SYSTEM_NODE_SELECTOR },
  });
}
