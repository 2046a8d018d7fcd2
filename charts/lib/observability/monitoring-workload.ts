import { k8s } from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { poolNodeSelector } from '../../../lib/core/placement';
import { ServiceMonitor } from '../../imports/servicemonitor-monitoring.coreos.com';
import { toRules } from '../network-policies';
import { DEFAULT_RUN_AS_USER } from '../security';
import type { NetworkRuleSpec } from '../service-spec';

/** Props of `MonitoringWorkload`. */
export interface MonitoringWorkloadProps {
  readonly name: string;
  readonly namespace: string;
  readonly image: string;
  /** @default - the image's entrypoint arguments */
  readonly args?: string[];
  /** Plain variables. @default - none */
  readonly env?: Record<string, string>;
  /** A Secret mounted read-only (a file per key; credentials never go into variables). @default - none */
  readonly secretMount?: { readonly secret: string; readonly mountPath: string };
  /** Metrics port (Service port `metrics`, scraped by the ServiceMonitor). */
  readonly metricsPort: number;
  /** @default '/metrics' */
  readonly metricsPath?: string;
  /** More Service ports. @default - none */
  readonly extraPorts?: { readonly name: string; readonly port: number }[];
  /** A ConfigMap mounted read-only at `/config`. @default - none */
  readonly configFiles?: Record<string, string>;
  /** Namespace of Prometheus (admitted to the metrics port). */
  readonly prometheusNamespace: string;
  /** Ingress beyond Prometheus. @default - none */
  readonly ingress?: NetworkRuleSpec[];
  /** Egress (DNS is allowed namespace-wide). */
  readonly egress: NetworkRuleSpec[];
  /** @default - none */
  readonly serviceMonitorLabels?: Record<string, string>;
  /** @default 2 */
  readonly replicas?: number;
  readonly resources: { readonly cpu: string; readonly memory: string; readonly memoryLimit: string };
}

/**
 * One monitoring component as explicit Kubernetes objects: ServiceAccount (no token; Pod Identity
 * needs none), Deployment (Pod Security "restricted", read-only root, system nodes), Service,
 * ServiceMonitor and a NetworkPolicy allow-list.
 */
export class MonitoringWorkload extends Construct {
  constructor(scope: Construct, id: string, props: MonitoringWorkloadProps) {
    super(scope, id);
    const { name, namespace } = props;
    const labels = { 'app.kubernetes.io/name': name, 'app.kubernetes.io/component': 'monitoring' };
    const selector = { 'app.kubernetes.io/name': name };
    const metadata = { name, namespace, labels };
    new k8s.KubeServiceAccount(this, 'ServiceAccount', { metadata, automountServiceAccountToken: false });
    const volumes: k8s.Volume[] = [{ name: 'tmp', emptyDir: { sizeLimit: k8s.Quantity.fromString('64Mi') } }];
    const mounts: k8s.VolumeMount[] = [{ name: 'tmp', mountPath: '/tmp' }];
    if (props.configFiles) {
      new k8s.KubeConfigMap(this, 'Config', { metadata: { ...metadata, name: `${name}-config` }, data: props.configFiles });
      volumes.push({ name: 'config', configMap: { name: `${name}-config` } });
      mounts.push({ name: 'config', mountPath: '/config', readOnly: true });
    }
    if (props.secretMount) {
      // 0440 with the pod's fsGroup: readable by the container user only.
      volumes.push({ name: 'secret', secret: { secretName: props.secretMount.secret, defaultMode: 0o440 } });
      mounts.push({ name: 'secret', mountPath: props.secretMount.mountPath, readOnly: true });
    }
    const ports = [{ name: 'metrics', port: props.metricsPort }, ...(props.extraPorts ?? [])];
    new k8s.KubeDeployment(this, 'Deployment', {
      metadata,
      spec: {
        replicas: props.replicas ?? 2,
        selector: { matchLabels: selector },
        template: {
          metadata: { labels },
          spec: {
            serviceAccountName: name,
            automountServiceAccountToken: false,
            nodeSelector: poolNodeSelector('system'),
            securityContext: { runAsNonRoot: true, runAsUser: DEFAULT_RUN_AS_USER, runAsGroup: DEFAULT_RUN_AS_USER, fsGroup: DEFAULT_RUN_AS_USER, seccompProfile: { type: 'RuntimeDefault' } },
            topologySpreadConstraints: ['topology.kubernetes.io/zone', 'kubernetes.io/hostname'].map((topologyKey) => (
              { maxSkew: 1, topologyKey, whenUnsatisfiable: 'ScheduleAnyway', labelSelector: { matchLabels: selector } })),
            containers: [{
              name,
              image: props.image,
              imagePullPolicy: 'IfNotPresent',
              args: props.args,
              env: Object.entries(props.env ?? {}).map(([n, value]) => ({ name: n, value })),
              ports: ports.map((p) => ({ name: p.name, containerPort: p.port })),
              resources: {
                requests: { cpu: k8s.Quantity.fromString(props.resources.cpu), memory: k8s.Quantity.fromString(props.resources.memory) },
                limits: { memory: k8s.Quantity.fromString(props.resources.memoryLimit), cpu: k8s.Quantity.fromString(props.resources.cpu) },
              },
              readinessProbe: { tcpSocket: { port: k8s.IntOrString.fromNumber(props.metricsPort) }, periodSeconds: 10 },
              livenessProbe: { tcpSocket: { port: k8s.IntOrString.fromNumber(props.metricsPort) }, initialDelaySeconds: 15, periodSeconds: 20 },
              securityContext: {
                allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, runAsNonRoot: true, runAsUser: DEFAULT_RUN_AS_USER,
                capabilities: { drop: ['ALL'] }, seccompProfile: { type: 'RuntimeDefault' },
              },
              volumeMounts: mounts,
            }],
            volumes,
          },
        },
      },
    });
    new k8s.KubeService(this, 'Service', {
      metadata,
      spec: { selector, ports: ports.map((p) => ({ name: p.name, port: p.port, targetPort: k8s.IntOrString.fromNumber(p.port) })) },
    });
    new ServiceMonitor(this, 'ServiceMonitor', {
      metadata: { ...metadata, labels: { ...labels, ...props.serviceMonitorLabels } },
      spec: { selector: { matchLabels: selector }, namespaceSelector: { matchNames: [namespace] }, endpoints: [{ port: 'metrics', path: props.metricsPath ?? '/metrics', interval: '30s' }] },
    });
    const ingress = toRules([{ peers: [{ namespace: props.prometheusNamespace }], ports: [{ port: props.metricsPort }] }, ...(props.ingress ?? [])], `${name}: ingress`);
    const egress = toRules(props.egress, `${name}: egress`);
    new k8s.KubeNetworkPolicy(this, 'NetworkPolicy', {
      metadata,
      spec: {
        podSelector: { matchLabels: selector },
        policyTypes: ['Ingress', 'Egress'],
        ingress: ingress.map((r) => ({ from: r.peers, ports: r.ports })),
        egress: egress.map((r) => ({ to: r.peers, ports: r.ports })),
      },
    });
  }
}
