import { Annotations, Validations } from 'aws-cdk-lib';
import type * as eks from 'aws-cdk-lib/aws-eks-v2';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as iam from 'aws-cdk-lib/aws-iam';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import type * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { GRAFANA_DASHBOARD_LABEL, GRAFANA_FOLDER_ANNOTATION } from '../../core/identities';
import { secretNamePrefix, secretsReaderWorkload, workloadRoleName } from '../../config/naming';
import { SECRETS_READER_SERVICE_ACCOUNT, SecretsReaderRole } from '../secrets-reader-role';
import { secretArn } from '../workload-identities';
import type { AddonContext } from './context';
import { SYSTEM_NODE_SELECTOR } from './context';
import { HelmAddon } from './helm-addon';
import { MonitoringAlerting } from './monitoring-alerting';
import { mergeValues, monitoringHaValues } from './monitoring-ha';
import { DEFAULT_STORAGE_CLASS } from './storage-classes';
import { HELM_CHARTS } from './versions';

/** Namespace of the platform's dashboard ConfigMaps (`platformNamespaces(...).monitoring`). */
const DASHBOARD_NAMESPACE = 'monitoring';

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
  /** The cluster's IAM OIDC provider (the Grafana secret reader trusts it, IRSA). */
  readonly oidcProvider: iam.IOpenIdConnectProvider;
  /**
   * The region's alarm topic and its key: Alertmanager publishes every critical and warning alert
   * there, and pages/posts through PagerDuty and Slack when `config.alarms` enables them.
   * @default - no receiver (alerts are visible in Alertmanager only) and a synth warning
   */
  readonly alerting?: { readonly topic: sns.ITopic; readonly topicKey: kms.IKey };
  /**
   * Scrape jobs for targets outside the cluster (e.g. the Kafka brokers' exporters), as
   * `prometheus.prometheusSpec.additionalScrapeConfigs`.
   * @default - none
   */
  readonly additionalScrapeConfigs?: Record<string, unknown>[];
}


/**
 * kube-prometheus-stack (Prometheus Operator with its CRDs, Prometheus, Alertmanager, Grafana) in
 * its own namespace, selecting ServiceMonitors, PodMonitors and PrometheusRules of every namespace,
 * highly available across zones (`monitoringHaValues`: 2 Prometheus on gp3 volumes, 3 Alertmanagers,
 * PDBs). Grafana's admin password is generated in Secrets Manager (never a literal in
 * the template) and synced into the namespace by External Secrets.
 */
export class KubePrometheusStack extends Construct {
  public readonly chart: eks.HelmChart;
  public readonly grafanaAdminSecret: secretsmanager.Secret;
  /** Namespace, SecretStore and ExternalSecrets of the Grafana credentials and the alert receivers' keys. */
  public readonly prerequisites: eks.KubernetesManifest;
  /** The role the namespace's SecretStore reads the Grafana secret with (and nothing else). */
  public readonly secretsReader: SecretsReaderRole;
  /** Alertmanager's receivers and identity (absent without `alerting`). */
  public readonly alerting?: MonitoringAlerting;

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

    if (props.alerting) {
      this.alerting = new MonitoringAlerting(this, 'Alerting', { context: ctx, secretsKey: props.secretsKey, ...props.alerting });
    } else {
      Annotations.of(this).addWarningV2('payment-platform:noAlertReceiver', 'KubePrometheusStack has no alerting topic: Alertmanager routes every alert to no receiver; pass alerting: { topic, topicKey }.');
    }
    const receiverSecret = this.alerting?.externalSecret;

    this.secretsReader = new SecretsReaderRole(this, 'SecretsReader', {
      oidcProvider: props.oidcProvider,
      roleName: workloadRoleName(ctx.config, ctx.region, secretsReaderWorkload(pin.namespace)),
      namespace: pin.namespace,
      // Grafana's admin password and Alertmanager's receiver keys: the namespace's secrets, nothing else.
      secretArns: [secretArn(ctx.region, ctx.config.account, grafanaSecretName), ...Object.values(this.alerting?.secrets ?? {}).map((s) => s.secretArn)],
      secretsKey: props.secretsKey,
      region: ctx.region,
    });
    this.prerequisites = ctx.cluster.addManifest('MonitoringPrerequisites',
      { apiVersion: 'v1', kind: 'Namespace', metadata: { name: pin.namespace } },
      {
        apiVersion: 'v1', kind: 'ServiceAccount', automountServiceAccountToken: false,
        metadata: { name: SECRETS_READER_SERVICE_ACCOUNT, namespace: pin.namespace, annotations: { 'eks.amazonaws.com/role-arn': this.secretsReader.role.roleArn } },
      },
      {
        apiVersion: 'external-secrets.io/v1', kind: 'SecretStore',
        metadata: { name: 'aws-secrets-manager', namespace: pin.namespace },
        spec: { provider: { aws: { service: 'SecretsManager', region: ctx.region, auth: { jwt: { serviceAccountRef: { name: SECRETS_READER_SERVICE_ACCOUNT } } } } } },
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
      ...(receiverSecret ? [receiverSecret] : []),
    );
    this.prerequisites.node.addDependency(props.externalSecrets, this.grafanaAdminSecret, this.secretsReader, ...Object.values(this.alerting?.secrets ?? {}));

    const addon = new HelmAddon(this, 'KubePrometheusStack', {
      cluster: ctx.cluster,
      pin,
      // The chart creates its namespace (the prerequisites apply it too), so it does not wait for
      // External Secrets: Grafana's pod waits for its Secret instead, inside the chart's --wait,
      // while both operators install in parallel (about three minutes off the deploy's critical path).
      createNamespace: true,
      // Replicas, zone anti-affinity, PDBs and volumes come from monitoringHaValues (zone loss).
      values: mergeValues({
        crds: { enabled: true },
        prometheusOperator: { nodeSelector: SYSTEM_NODE_SELECTOR },
        prometheus: {
          prometheusSpec: {
            retention: '15d',
            serviceMonitorSelectorNilUsesHelmValues: false,
            podMonitorSelectorNilUsesHelmValues: false,
            ruleSelectorNilUsesHelmValues: false,
            storageSpec: { volumeClaimTemplate: volume('100Gi') },
            ...(props.additionalScrapeConfigs !== undefined ? { additionalScrapeConfigs: props.additionalScrapeConfigs } : {}),
            nodeSelector: SYSTEM_NODE_SELECTOR,
            // Three regions send to one on-call: every series and alert says where it comes from.
            externalLabels: { cluster: ctx.clusterName, region: ctx.region },
          },
        },
        alertmanager: {
          ...(this.alerting ? { config: this.alerting.values.config, serviceAccount: this.alerting.values.serviceAccount } : {}),
          alertmanagerSpec: {
            // No volume: the three peers gossip their state (monitoring-ha.ts).
            nodeSelector: SYSTEM_NODE_SELECTOR,
            ...(this.alerting?.values.alertmanagerSpec as Record<string, unknown> | undefined),
          },
        },
        grafana: {
          // Dashboards are ConfigMaps of the platform's charts (monitoring namespace) and the chart's own.
          sidecar: {
            dashboards: {
              enabled: true,
              label: Object.keys(GRAFANA_DASHBOARD_LABEL)[0],
              labelValue: Object.values(GRAFANA_DASHBOARD_LABEL)[0],
              searchNamespace: [DASHBOARD_NAMESPACE, pin.namespace],
              folderAnnotation: GRAFANA_FOLDER_ANNOTATION,
              provider: { foldersFromFilesStructure: true, allowUiUpdates: false },
            },
          },
          admin: { existingSecret: GRAFANA_ADMIN_SECRET, userKey: 'admin-user', passwordKey: 'admin-password' },
          nodeSelector: SYSTEM_NODE_SELECTOR,
        },
      }, monitoringHaValues()),
    });
    this.chart = addon.chart;
    this.chart.node.addDependency(props.storageClasses);
    // Pod Identity hands credentials only to pods created after the association exists.
    if (this.alerting) this.chart.node.addDependency(this.alerting);
  }
}
