import { Validations } from 'aws-cdk-lib';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type { Construct } from 'constructs';
import { WORKLOAD_IDENTITIES, workloadRoleName } from '../../config/naming';
import { externalSecretsStatements, externalSecretsWildcardId } from '../workload-identities';
import type { AddonContext } from './context';
import { SYSTEM_NODE_SELECTOR } from './context';
import { HelmAddon } from './helm-addon';
import { HELM_CHARTS } from './versions';

/**
 * External Secrets Operator (with its CRDs) in namespace `external-secrets`, service account
 * `external-secrets` (`WORKLOAD_IDENTITIES.externalSecrets`), reading only this platform's secrets
 * of this region. Objects of kind ExternalSecret/SecretStore must depend on this chart.
 */
export function addExternalSecrets(scope: Construct, ctx: AddonContext, secretsKey: kms.IKey): HelmAddon {
  const id = WORKLOAD_IDENTITIES.externalSecrets;
  const addon = new HelmAddon(scope, 'ExternalSecrets', {
    cluster: ctx.cluster,
    pin: { ...HELM_CHARTS.externalSecrets, namespace: id.namespace },
    identity: {
      roleName: workloadRoleName(ctx.config, ctx.region, id.workload),
      serviceAccount: id.serviceAccount,
      statements: externalSecretsStatements(ctx.config, ctx.region, secretsKey),
    },
    values: {
      installCRDs: true,
      replicaCount: 2,
      serviceAccount: { create: true, name: id.serviceAccount },
      nodeSelector: SYSTEM_NODE_SELECTOR,
      webhook: { replicaCount: 2, nodeSelector: SYSTEM_NODE_SELECTOR },
      certController: { nodeSelector: SYSTEM_NODE_SELECTOR },
    },
  });
  Validations.of(addon.policy!).acknowledge({
    id: externalSecretsWildcardId(ctx.config, ctx.region),
    reason: 'External Secrets syncs every secret of this platform and region into Kubernetes; the name prefix ' +
      '<name>/<environment>/<region>/ limits it to this platform (PCI DSS 7.2.1); which secret lands in which namespace ' +
      'is reviewed in the charts.',
  });
  return addon;
}
