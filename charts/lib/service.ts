import { ApiObject, Duration, JsonPatch } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { k8s } from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { ServiceMonitor } from '../imports/servicemonitor-monitoring.coreos.com';
import { toRules } from './network-policies';
import { toCpu, toSize } from './quantities';
import { applyRestrictedPatches, DEFAULT_RUN_AS_USER, restrictedContainerSecurityContext, restrictedPodSecurityContext } from './security';
import type { AutoscalingSpec, HttpProbeSpec, NetworkPeerSpec, ServiceSpec } from './service-spec';
import { SERVICE_NAME_LABEL } from './service-spec';
import { validateServiceSpec } from './service-validation';

/**
 * Zone and host spread of a workload's pods: `maxSkew: 1`, `ScheduleAnyway` for both.
 *
 * Why not `DoNotSchedule` on the zone: a zone counts as a domain while any eligible node of it is
 * registered, with zero matching pods once its pods are gone, so with `maxSkew: 1` every other zone
 * may hold at most one pod more: replacements and scale-ups stay Pending exactly when they are
 * needed. `minDomains` does not help (it only raises the skew when there are fewer domains, never
 * lowers it); `nodeTaintsPolicy: Honor` drops a lost zone only once every node of it carries the
 * `unreachable`/`not-ready` NoSchedule taint — a zone that is impaired while its nodes stay Ready,
 * or a zone where no new instance can be launched, still blocks. `ScheduleAnyway` keeps the even
 * spread as a strong preference (the scheduler scores skew) and never blocks; the
 * PodDisruptionBudget and the replica count bound what one zone can take. `nodeAffinityPolicy` and
 * `nodeTaintsPolicy: Honor` count only nodes the pod may run on (and not the tainted nodes of a lost
 * zone), so the preference points at the zones that are left. `matchLabelKeys: pod-template-hash`
 * spreads each rollout's pods.
 */
export function zoneAndHostSpread(selectorLabels: Record<string, string>): Record<string, unknown>[] {
  const spread = (topologyKey: string) => ({
    maxSkew: 1, topologyKey, whenUnsatisfiable: 'ScheduleAnyway', labelSelector: { matchLabels: { ...selectorLabels } },
    matchLabelKeys: ['pod-template-hash'], nodeAffinityPolicy: 'Honor', nodeTaintsPolicy: 'Honor',
  });
  return [spread('topology.kubernetes.io/zone'), spread('kubernetes.io/hostname')];
}

/** Pod annotation listing the internet hosts a service declared (`dependencies.externalHosts`). */
export const EGRESS_HOSTS_ANNOTATION = 'payment-platform.io/egress-hosts';

/** The HPA metrics of a spec: the targets it gives, or CPU 70 % and memory 80 % when it gives none. */
export function autoscalerMetrics(hpa: AutoscalingSpec): kplus.Metric[] {
  const none = hpa.cpuUtilization === undefined && hpa.memoryUtilization === undefined;
  const cpu = none ? 70 : hpa.cpuUtilization;
  const memory = none ? 80 : hpa.memoryUtilization;
  return [
    ...(cpu !== undefined ? [kplus.Metric.resourceCpu(kplus.MetricTarget.averageUtilization(cpu))] : []),
    ...(memory !== undefined ? [kplus.Metric.resourceMemory(kplus.MetricTarget.averageUtilization(memory))] : []),
  ];
}

/** Props of `WorkloadService`: the service's data plus where it runs. */
export interface WorkloadServiceProps extends ServiceSpec {
  /** Namespace of every object of the service. */
  readonly namespace: string;
  /**
   * Who may scrape the metrics port (a NetworkPolicy ingress rule on `metricsPort`).
   * @default - every pod of the `monitoring` namespace
   */
  readonly metricsScrapers?: NetworkPeerSpec[];
  /**
   * Labels on the ServiceMonitor, so that Prometheus's `serviceMonitorSelector` picks it up.
   * @default - the service labels only
   */
  readonly serviceMonitorLabels?: Record<string, string>;
}

const DEFAULT_LIVENESS: Required<Omit<HttpProbeSpec, 'port'>> = { path: '/health', initialDelaySeconds: 30, periodSeconds: 10, timeoutSeconds: 3, failureThreshold: 3 };
const DEFAULT_READINESS: Required<Omit<HttpProbeSpec, 'port'>> = { path: '/ready', initialDelaySeconds: 5, periodSeconds: 5, timeoutSeconds: 3, failureThreshold: 3 };

function probe(spec: HttpProbeSpec | undefined, defaults: Required<Omit<HttpProbeSpec, 'port'>>, port: number): kplus.Probe {
  const p = { ...defaults, ...spec };
  return kplus.Probe.fromHttpGet(p.path, {
    port: spec?.port ?? port,
    initialDelaySeconds: Duration.seconds(p.initialDelaySeconds),
    periodSeconds: Duration.seconds(p.periodSeconds),
    timeoutSeconds: Duration.seconds(p.timeoutSeconds),
    failureThreshold: p.failureThreshold,
  });
}

/**
 * One stateless service: Deployment (rolling update, surge 1, never below the desired count),
 * Service (80 → `port`, plus `metrics`), optional HorizontalPodAutoscaler (CPU and memory, GlobalPay's
 * scaling behaviour) and PodDisruptionBudget, a ServiceAccount (IRSA annotation only when
 * `iamRoleArn` is given), a NetworkPolicy allow-list, Prometheus scrape annotations and/or a
 * ServiceMonitor. Every container is Pod Security "restricted" with a writable `/tmp` emptyDir.
 *
 * Pods spread across zones and hosts with `ScheduleAnyway` (see `zoneAndHostSpread`): the
 * scheduler spreads them evenly while every zone is up, and places replacements in the zones that
 * are left when one is lost, instead of keeping them Pending.
 */
export class WorkloadService extends Construct {
  /** The Deployment. */
  public readonly deployment: kplus.Deployment;
  /** The ClusterIP Service (`http` on 80, `metrics` when set). */
  public readonly service: kplus.Service;
  /** The ServiceAccount the pods run as. */
  public readonly serviceAccount: kplus.ServiceAccount;
  /** Labels that select the service's pods. */
  public readonly selectorLabels: Record<string, string>;

  constructor(scope: Construct, id: string, props: WorkloadServiceProps) {
    super(scope, id);
    validateServiceSpec(props);
    const { name, namespace } = props;
    this.selectorLabels = { [SERVICE_NAME_LABEL]: name };
    const labels = { ...props.labels, ...this.selectorLabels };
    const metadata = (objectName: string, extra: Record<string, string> = {}) => ({ name: objectName, namespace, labels: { ...labels, ...extra } });
    const user = props.runAsUser ?? DEFAULT_RUN_AS_USER;
    const scrape = props.metricsPort !== undefined ? { annotations: true, serviceMonitor: true, path: '/metrics', interval: '30s', ...props.scrape } : undefined;

    this.serviceAccount = new kplus.ServiceAccount(this, 'ServiceAccount', {
      metadata: { ...metadata(name), annotations: props.iamRoleArn ? { 'eks.amazonaws.com/role-arn': props.iamRoleArn } : undefined },
      automountToken: props.automountServiceAccountToken ?? props.iamRoleArn !== undefined,
    });

    const envFrom: kplus.EnvFrom[] = [];
    if (props.config && Object.keys(props.config).length > 0) {
      const configMap = new kplus.ConfigMap(this, 'Config', { metadata: metadata(`${name}-config`), data: props.config });
      envFrom.push(kplus.Env.fromConfigMap(configMap));
    }
    (props.envFromConfigMaps ?? []).forEach((cm) => envFrom.push(kplus.Env.fromConfigMap(kplus.ConfigMap.fromConfigMapName(this, `EnvFrom-${cm}`, cm))));
    const envVariables: Record<string, kplus.EnvValue> = {};
    for (const [variable, ref] of Object.entries(props.secretEnv ?? {})) {
      const secret = kplus.Secret.fromSecretName(this, `SecretEnv-${variable}`, ref.secret);
      envVariables[variable] = kplus.EnvValue.fromSecretValue({ secret, key: ref.key });
    }

    const tmp = kplus.Volume.fromEmptyDir(this, 'Tmp', 'tmp', { sizeLimit: toSize(props.tmpSizeLimit ?? '256Mi', `WorkloadService '${name}': tmpSizeLimit`) });
    const volumeMounts: kplus.VolumeMount[] = [{ path: '/tmp', volume: tmp }];
    (props.configMapMounts ?? []).forEach((m) => {
      const configMap = kplus.ConfigMap.fromConfigMapName(this, `Mount-${m.configMap}`, m.configMap);
      volumeMounts.push({ path: m.mountPath, volume: kplus.Volume.fromConfigMap(this, `Volume-${m.configMap}`, configMap, { name: m.configMap }), readOnly: true });
    });
    (props.secretMounts ?? []).forEach((m) => {
      const secret = kplus.Secret.fromSecretName(this, `MountSecret-${m.secret}`, m.secret);
      // 0440 with the pod's fsGroup: readable by the container user only.
      const volume = kplus.Volume.fromSecret(this, `SecretVolume-${m.secret}`, secret, { name: `secret-${m.secret}`, defaultMode: 0o440 });
      volumeMounts.push({ path: m.mountPath, volume, readOnly: true });
    });

    const ports: kplus.ContainerPort[] = [{ number: props.port, name: 'http' }];
    if (props.metricsPort !== undefined) ports.push({ number: props.metricsPort, name: 'metrics' });
    const r = props.resources;
    const field = (f: string) => `WorkloadService '${name}': resources.${f}`;

    // A limit left out is the catalog's choice (burstable CPU, or memory bounded by the node); say so
    // where kube-linter looks, with the reason, rather than invent a limit.
    const unlimited = [r.cpu.limit === undefined ? 'cpu' : undefined, r.memory.limit === undefined ? 'memory' : undefined].filter((x): x is string => x !== undefined);
    const lintNotes = Object.fromEntries(unlimited.map((res) => [
      `ignore-check.kube-linter.io/unset-${res}-requirements`,
      `the service declares a ${res} request and no ${res} limit (resources.${res}.limit left out on purpose)`,
    ]));
    const hosts = props.dependencies?.externalHosts ?? [];
    this.deployment = new kplus.Deployment(this, 'Resource', {
      metadata: { ...metadata(name), annotations: unlimited.length > 0 ? lintNotes : undefined },
      select: false,
      podMetadata: {
        labels,
        annotations: scrape?.annotations || hosts.length > 0 ? {
          ...(scrape?.annotations ? { 'prometheus.io/scrape': 'true', 'prometheus.io/port': String(props.metricsPort), 'prometheus.io/path': scrape.path } : {}),
          ...(hosts.length > 0 ? { [EGRESS_HOSTS_ANNOTATION]: hosts.join(',') } : {}),
        } : undefined,
      },
      replicas: props.autoscaling ? undefined : props.replicas ?? 2,
      strategy: kplus.DeploymentStrategy.rollingUpdate({ maxSurge: kplus.PercentOrAbsolute.absolute(1), maxUnavailable: kplus.PercentOrAbsolute.absolute(0) }),
      serviceAccount: this.serviceAccount,
      automountServiceAccountToken: this.serviceAccount.automountToken,
      securityContext: restrictedPodSecurityContext(user),
      containers: [{
        name,
        image: props.image,
        // Tags are pinned (and ECR tags immutable), so a restart never needs the registry.
        imagePullPolicy: kplus.ImagePullPolicy.IF_NOT_PRESENT,
        ports,
        envFrom,
        envVariables,
        volumeMounts,
        resources: {
          cpu: { request: toCpu(r.cpu.request, field('cpu.request')), limit: r.cpu.limit !== undefined ? toCpu(r.cpu.limit, field('cpu.limit')) : undefined },
          memory: {
            request: toSize(r.memory.request, field('memory.request')),
            limit: r.memory.limit !== undefined ? toSize(r.memory.limit, field('memory.limit')) : undefined,
          },
        },
        liveness: probe(props.liveness, DEFAULT_LIVENESS, props.port),
        readiness: probe(props.readiness, DEFAULT_READINESS, props.port),
        securityContext: restrictedContainerSecurityContext(user),
      }],
    });
    this.deployment.select(kplus.LabelSelector.of({ labels: this.selectorLabels }));
    (props.tolerations ?? []).forEach((t) => this.deployment.scheduling.tolerate(kplus.Node.tainted(
      kplus.NodeTaintQuery.is(t.key, t.value, { effect: t.effect as kplus.TaintEffect }),
    )));

    const podSpec = ApiObject.of(this.deployment);
    applyRestrictedPatches(podSpec, '/spec/template/spec', 1);
    // cdk8s-plus labels pods with their construct path; pod labels are API (selectors, policies),
    // so they are kept to the service labels and a construct refactoring never rolls the pods.
    podSpec.addJsonPatch(JsonPatch.remove('/spec/template/metadata/labels/cdk8s.io~1metadata.addr'));
    if (props.nodeSelector) podSpec.addJsonPatch(JsonPatch.add('/spec/template/spec/nodeSelector', { ...props.nodeSelector }));
    if (props.priorityClassName) podSpec.addJsonPatch(JsonPatch.add('/spec/template/spec/priorityClassName', props.priorityClassName));
    podSpec.addJsonPatch(JsonPatch.add('/spec/template/spec/topologySpreadConstraints', zoneAndHostSpread(this.selectorLabels)));

    const servicePorts: kplus.ServicePort[] = [{ name: 'http', port: 80, targetPort: props.port }];
    if (props.metricsPort !== undefined) servicePorts.push({ name: 'metrics', port: props.metricsPort, targetPort: props.metricsPort });
    this.service = new kplus.Service(this, 'Service', { metadata: metadata(name), ports: servicePorts, type: kplus.ServiceType.CLUSTER_IP });
    for (const [key, value] of Object.entries(this.selectorLabels)) this.service.selectLabel(key, value);

    if (props.autoscaling) {
      const hpa = props.autoscaling;
      new kplus.HorizontalPodAutoscaler(this, 'Autoscaler', {
        metadata: metadata(name),
        target: this.deployment,
        minReplicas: hpa.minReplicas,
        maxReplicas: hpa.maxReplicas,
        metrics: autoscalerMetrics(hpa),
        // GlobalPay's behaviour: react to bursts at once (double or +4 pods every 15 s, whichever is
        // more), shrink slowly (at most half the pods per minute after 5 minutes of lower load).
        scaleUp: {
          stabilizationWindow: Duration.seconds(0),
          strategy: kplus.ScalingStrategy.MAX_CHANGE,
          policies: [
            { replicas: kplus.Replicas.percent(100), duration: Duration.seconds(15) },
            { replicas: kplus.Replicas.absolute(4), duration: Duration.seconds(15) },
          ],
        },
        scaleDown: {
          stabilizationWindow: Duration.seconds(300),
          strategy: kplus.ScalingStrategy.MAX_CHANGE,
          policies: [{ replicas: kplus.Replicas.percent(50), duration: Duration.seconds(60) }],
        },
      });
    }

    if (props.disruptionBudget) {
      const b = props.disruptionBudget;
      const intOrString = (v: number | string | undefined) => v === undefined ? undefined : typeof v === 'number' ? k8s.IntOrString.fromNumber(v) : k8s.IntOrString.fromString(v);
      new k8s.KubePodDisruptionBudget(this, 'DisruptionBudget', {
        metadata: metadata(name),
        spec: {
          selector: { matchLabels: { ...this.selectorLabels } }, minAvailable: intOrString(b.minAvailable), maxUnavailable: intOrString(b.maxUnavailable),
          // A pod that is not Ready (crash-looping, or on a node of a lost zone) never blocks a drain.
          unhealthyPodEvictionPolicy: 'AlwaysAllow',
        },
      });
    }

    const ingress = toRules(props.ingress ?? [], `WorkloadService '${name}': ingress`, [{ port: props.port }]);
    if (props.metricsPort !== undefined) {
      ingress.push(...toRules([{ peers: props.metricsScrapers ?? [{ namespace: 'monitoring' }], ports: [{ port: props.metricsPort }] }], `WorkloadService '${name}': metricsScrapers`));
    }
    const egress = toRules(props.egress ?? [], `WorkloadService '${name}': egress`);
    new k8s.KubeNetworkPolicy(this, 'NetworkPolicy', {
      metadata: metadata(name),
      spec: {
        podSelector: { matchLabels: { ...this.selectorLabels } },
        policyTypes: ['Ingress', 'Egress'],
        ingress: ingress.map((rule) => ({ from: rule.peers, ports: rule.ports })),
        egress: egress.map((rule) => ({ to: rule.peers, ports: rule.ports })),
      },
    });

    if (scrape?.serviceMonitor) {
      new ServiceMonitor(this, 'ServiceMonitor', {
        metadata: metadata(name, props.serviceMonitorLabels),
        spec: {
          selector: { matchLabels: { ...this.selectorLabels } },
          namespaceSelector: { matchNames: [namespace] },
          endpoints: [{ port: 'metrics', path: scrape.path, interval: scrape.interval }],
        },
      });
    }
  }
}
