import { Validations } from 'aws-cdk-lib';
import type * as eks from 'aws-cdk-lib/aws-eks-v2';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { secretNamePrefix } from '../../config/naming';
import type { AddonContext } from './context';
import { SYSTEM_NODE_SELECTOR } from './context';
import { HelmAddon } from './helm-addon';
import { DEFAULT_STORAGE_CLASS } from './storage-classes';
import { HELM_CHARTS } from './versions';

/** Kubernetes Secret (synced by External Secrets) holding Grafana's admin credentials. */
export const GRAFANA_ADMIN_SECRET = 'grafana-admin';

function volume(size: string): Record<string, unknown> {
  return { spec: { storageClassName: DEFAULT_STORAGE_CLASS, accessModes: ['ReadWriteOnce'], resources: { requests: { storage: size } } } };
}

/** Props of `KubePrometheusStack`. */
export interface KubePrometheusStackProps {
  readonly context: AddonContext;
  /** Key of the Grafana admin secret. */
  readonly secretsKey: kms.IKey;
  /** The External Secrets chart: its CRDs and webhook must exist before the ExternalSecret is applied. */
  readonly externalSecrets: eks.HelmChart;
  /** The StorageClasses the volumes use. */
  readonly storageClasses: eks.KubernetesManifest;
}

/**
 * kube-prometheus-stack (Prometheus Operator with its CRDs, Prometheus, Alertmanager, Grafana) in
 * its own namespace, selecting ServiceMonitors, PodMonitors and PrometheusRules of every namespace,
 * with gp3 volumes. Grafana's admin password is generated in Secrets Manager (never a literal in
 * the template) and synced into the namespace by External Secrets.
 */
export class KubePrometheusStack extends Construct {
  public readonly chart: eks.HelmChart;
  public readonly grafanaAdminSecret: secretsmanager.Secret;
  /** Namespace, SecretStore and ExternalSecret of the Grafana credentials. */
  public readonly prerequisites: eks.KubernetesManifest;

  constructor(scope: Construct, id: string, props: KubePrometheusStackProps) {
    super(scope, id);
    const ctx = props.context;
    const pin = HELM_CHARTS.kubePrometheusStack;
    const grafanaSecretName = `${secretNamePrefix(ctx.config, ctx.region)}monitoring/grafana-admin`;
    this.grafanaAdminSecret = new secretsmanager.Secret(this, 'GrafanaAdmin', {
      secretName: grafanaSecretName,
      description: 'Grafana admin password of the cluster monitoring stack',
      encryptionKey: props.secretsKey,
      generateSecretString: { passwordLength: 32, excludePunctuation: true },
    });
    const rotation = 'Break-glass Grafana admin password, used only when SSO is down; PCI DSS 8.3.9: rotated after every use and at least ' +
      'yearly by docs/runbooks/secret-rotation.md (put a new value, External Secrets syncs it within its refresh interval).';
    for (const id of ['AwsSolutions-SMG4', 'NIST.800.53.R5-SecretsManagerRotationEnabled']) {
      Validations.of(this.grafanaAdminSecret).acknowledge({ id, reason: rotation });
    }

    this.prerequisites = ctx.cluster.addManifest('MonitoringPrerequisites',
      { apiVersion: 'v1', kind: 'Namespace', metadata: { name: pin.namespace } },
      {
        apiVersion: 'external-secrets.io/v1', kind: 'SecretStore',
        metadata: { name: 'aws-secrets-manager', namespace: pin.namespace },
        spec: { provider: { aws: { service: 'SecretsManager', region: ctx.region } } },
      },
      {
        apiVersion: 'external-secrets.io/v1', kind: 'ExternalSecret',
        metadata: { name: GRAFANA_ADMIN_SECRET, namespace: pin.namespace },
        spec: {
          refreshInterval: '1h',
          secretStoreRef: { kind: 'SecretStore', name: 'aws-secrets-manager' },
          target: {
            name: GRAFANA_ADMIN_SECRET,
            template: { engineVersion: 'v2', data: { 'admin-user': 'admin', 'admin-password': '{{ .password }}' } },
          },
          data: [{ secretKey: 'password', remoteRef: { key: grafanaSecretName } }],
        },
      },
    );
    this.prerequisites.node.addDependency(props.externalSecrets, this.grafanaAdminSecret);

    const addon = new HelmAddon(this, 'KubePrometheusStack', {
      cluster: ctx.cluster,
      pin,
      createNamespace: false,
      values: {
        crds: { enabled: true },
        prometheusOperator: { nodeSelector: SYSTEM_NODE_SELECTOR },
        prometheus: {
          prometheusSpec: {
            retention: '15d',
            serviceMonitorSelectorNilUsesHelmValues: false,
            podMonitorSelectorNilUsesHelmValues: false,
            ruleSelectorNilUsesHelmValues: false,
            storageSpec: { volumeClaimTemplate: volume('100Gi') },
            nodeSelector: SYSTEM_NODE_SELECTOR,
          },
        },
        alertmanager: { alertmanagerSpec: { storage: { volumeClaimTemplate: volume('10Gi') }, nodeSelector: SYSTEM_NODE_SELECTOR } },
        grafana: {
          admin: { existingSecret: GRAFANA_ADMIN_SECRET, userKey: 'admin-user', passwordKey: 'admin-password' },
          persistence: { enabled: true, storageClassName: DEFAULT_STORAGE_CLASS, size: '10Gi' },
          nodeSelector: SYSTEM_NODE_SELECTOR,
        },
      },
    });
    this.chart = addon.chart;
    this.chart.node.addDependency(this.prerequisites, props.storageClasses);
  }
}
