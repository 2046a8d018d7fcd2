import type { Construct } from 'constructs';
import { WORKLOAD_IDENTITIES } from '../../config/naming';
import type { AddonContext } from './context';
import { SYSTEM_NODE_SELECTOR } from './context';
import { HelmAddon } from './helm-addon';
import { HELM_CHARTS } from './versions';

/**
 * External Secrets Operator (with its CRDs) in namespace `external-secrets`, service account
 * `external-secrets` (`WORKLOAD_IDENTITIES.externalSecrets`). The controller itself has no AWS
 * identity and reads nothing: every namespace that syncs secrets has its own SecretStore that
 * authenticates as that namespace's `secrets-reader` service account (IRSA, `SecretsReaderRole`),
 * whose role reads only that namespace's secrets. A SecretStore without `auth` therefore gets no
 * credentials at all. Objects of kind ExternalSecret/SecretStore must depend on this chart.
 */
export function addExternalSecrets(scope: Construct, ctx: AddonContext): HelmAddon {
  const id = WORKLOAD_IDENTITIES.externalSecrets;
  return new HelmAddon(scope, 'ExternalSecrets', {
    cluster: ctx.cluster,
    clusterName: ctx.clusterName,
    pin: { ...HELM_CHARTS.externalSecrets, namespace: id.namespace },
    values: {
      installCRDs: true,
      replicaCount: 2,
      serviceAccount: { create: true, name: id.serviceAccount },
      nodeSelector: SYSTEM_NODE_SELECTOR,
      webhook: { replicaCount: 2, nodeSelector: SYSTEM_NODE_SELECTOR },
      certController: { nodeSelector: SYSTEM_NODE_SELECTOR },
    },
  });
}
