import type { AlertRuleSpec } from './alerts/types';
import type { PanelSpec } from './dashboards/types';
import type { ServiceDependencies, ServiceRouteSpec, ServiceSecretSpec } from './dependency-spec';

export type { DatabaseDependencySpec, ServiceDependencies, ServiceRouteSpec, ServiceSecretSpec } from './dependency-spec';

/**
 * The data that describes one stateless service. A whole service catalog (DrivoPay's ten services,
 * Advancia's eleven) is a `ServiceSpec[]`; `WorkloadService` turns one spec into Kubernetes objects
 * and `ServiceCatalog` turns a list into a namespace's worth of them. Plain data only: no
 * constructs, so catalogs can live in JSON or YAML as well as TypeScript.
 */

/** A request and an optional limit, as Kubernetes quantities. */
export interface QuantitySpec {
  /** What the scheduler reserves (and the HPA computes utilization from). */
  readonly request: string;
  /**
   * The most the container may use (memory: it is OOM-killed above it; CPU: it is throttled).
   * @default - no limit (the container may use what the node has spare)
   */
  readonly limit?: string;
}

/** CPU and memory of the container, as Kubernetes quantities (`250m`, `0.5`, `512Mi`, `1Gi`). */
export interface ResourceSpec {
  readonly cpu: QuantitySpec;
  readonly memory: QuantitySpec;
}

/**
 * HorizontalPodAutoscaler (autoscaling/v2) range and targets. The metrics are the targets given:
 * `cpuUtilization` alone scales on CPU only, `memoryUtilization` alone on memory only, both on
 * both; with neither, CPU 70 % and memory 80 %.
 */
export interface AutoscalingSpec {
  readonly minReplicas: number;
  readonly maxReplicas: number;
  /**
   * Target average CPU utilization, percent of the request.
   * @default - 70 when `memoryUtilization` is not given either, otherwise no CPU metric
   */
  readonly cpuUtilization?: number;
  /**
   * Target average memory utilization, percent of the request.
   * @default - 80 when `cpuUtilization` is not given either, otherwise no memory metric
   */
  readonly memoryUtilization?: number;
}

/** PodDisruptionBudget: exactly one of `minAvailable` or `maxUnavailable`, a count or a percentage (`'50%'`). */
export interface DisruptionBudgetSpec {
  /**
   * Pods that must stay up during voluntary disruptions.
   * @default - none (give this or `maxUnavailable`)
   */
  readonly minAvailable?: number | string;
  /**
   * Pods that may be down during voluntary disruptions.
   * @default - none (give this or `minAvailable`)
   */
  readonly maxUnavailable?: number | string;
}

/** One HTTP probe. */
export interface HttpProbeSpec {
  readonly path: string;
  /**
   * Container port probed.
   * @default - the service's `port`
   */
  readonly port?: number;
  /**
   * Seconds after the container starts before the first probe.
   * @default 30 for liveness, 5 for readiness (the seeds' values)
   */
  readonly initialDelaySeconds?: number;
  /**
   * Seconds between probes.
   * @default 10 for liveness, 5 for readiness (the seeds' values)
   */
  readonly periodSeconds?: number;
  /** @default 3 */
  readonly timeoutSeconds?: number;
  /** @default 3 */
  readonly failureThreshold?: number;
}

/** A toleration of a node taint (operator `Equal`). */
export interface TolerationSpec {
  readonly key: string;
  readonly value: string;
  readonly effect: 'NoSchedule' | 'PreferNoSchedule' | 'NoExecute';
}

/** A port in a NetworkPolicy rule. */
export interface NetworkPortSpec {
  readonly port: number;
  /** @default 'TCP' */
  readonly protocol?: 'TCP' | 'UDP';
}

/**
 * One peer of a NetworkPolicy rule: pods (by service name or labels, optionally in another
 * namespace), a whole namespace, or an IP block. Exactly one of `service`, `podLabels`,
 * `namespace` (alone) or `cidr`.
 */
export interface NetworkPeerSpec {
  /**
   * Pods labelled `app.kubernetes.io/name=<service>`.
   * @default - not a service peer
   */
  readonly service?: string;
  /**
   * Pods with these labels.
   * @default - not a label peer
   */
  readonly podLabels?: Record<string, string>;
  /**
   * Namespace of the pods; alone, every pod of that namespace.
   * @default - the policy's own namespace
   */
  readonly namespace?: string;
  /**
   * An IPv4 CIDR block.
   * @default - not an IP-block peer
   */
  readonly cidr?: string;
  /**
   * CIDRs excluded from `cidr`.
   * @default - none
   */
  readonly except?: string[];
}

/** One NetworkPolicy rule: these peers on these ports. */
export interface NetworkRuleSpec {
  readonly peers: NetworkPeerSpec[];
  /**
   * Ports. For ingress rules of a service the default is the service's `port`.
   * @default - ingress: the service port; egress: every port (avoid)
   */
  readonly ports?: NetworkPortSpec[];
}

/** A ConfigMap mounted read-only into the container. */
export interface ConfigMapMountSpec {
  /** Name of an existing ConfigMap in the service's namespace. */
  readonly configMap: string;
  /** Absolute mount path. */
  readonly mountPath: string;
}

/**
 * A Kubernetes Secret mounted read-only as files, one file per key (usually a Secret synced by an
 * ExternalSecret). The kubelet rewrites the files when the Secret changes, so an application that
 * re-reads the file when it reconnects picks up a rotated credential without a restart.
 */
export interface SecretMountSpec {
  /** Name of an existing Secret in the service's namespace. */
  readonly secret: string;
  /** Absolute mount path: a directory holding a file per key. */
  readonly mountPath: string;
}

/** A variable read from a key of a Kubernetes Secret (usually one synced by an ExternalSecret). */
export interface SecretEnvSpec {
  readonly secret: string;
  readonly key: string;
}

/** How Prometheus finds the metrics endpoint. */
export interface ScrapeSpec {
  /**
   * `prometheus.io/*` annotations on the pods.
   * @default true
   */
  readonly annotations?: boolean;
  /**
   * A Prometheus Operator ServiceMonitor.
   * @default true
   */
  readonly serviceMonitor?: boolean;
  /** @default '/metrics' */
  readonly path?: string;
  /** @default '30s' */
  readonly interval?: string;
}

/**
 * The Kafka topics a service uses on its region's cluster (`PlatformConfig.streaming`). The cluster
 * stack grants the service's Pod Identity role exactly these topics and groups; the chart opens
 * egress to the brokers and sets `KAFKA_BOOTSTRAP_SERVERS` and `KAFKA_CLIENT_ID`.
 */
export interface StreamingUseSpec {
  /** Topics the service writes. @default - none */
  readonly produces?: string[];
  /** Topics the service reads. @default - none */
  readonly consumes?: string[];
  /** Consumer groups it joins. @default - `[<service name>]` when it consumes */
  readonly consumerGroups?: string[];
}

/** One stateless service of a catalog. */
export interface ServiceSpec {
  /** DNS-1123 label; names the Deployment, Service, HPA, PDB, ServiceAccount and NetworkPolicy. */
  readonly name: string;
  /** Image with a pinned tag or digest (`latest` and untagged images are rejected). */
  readonly image: string;
  /** The container's HTTP port; the Service exposes it as port 80 (`http`). */
  readonly port: number;
  /**
   * A separate metrics port, exposed by the Service as `metrics` and scraped by Prometheus.
   * @default - no metrics port, no scrape configuration
   */
  readonly metricsPort?: number;
  /**
   * Namespace of the service's objects. Every namespace of a catalog gets default-deny
   * NetworkPolicies, Pod Security "restricted" labels, its own SecretStore and reader role, and the
   * service's Pod Identity association is made in it.
   * @default - the catalog's namespace
   */
  readonly namespace?: string;
  /**
   * Fixed replica count, without an autoscaler. With `autoscaling` the HPA owns the count
   * (`spec.replicas` is left out of the Deployment, so re-applying never resets it) and `replicas`
   * is an error: give `autoscaling.minReplicas` the count that must always run.
   * @default 2 (without autoscaling)
   */
  readonly replicas?: number;
  /** @default - no HorizontalPodAutoscaler */
  readonly autoscaling?: AutoscalingSpec;
  /** @default - no PodDisruptionBudget */
  readonly disruptionBudget?: DisruptionBudgetSpec;
  /** Requests (required: scheduling and the HPA use them) and optional limits. */
  readonly resources: ResourceSpec;
  /** @default - GET /health on `port`, 30 s initial delay, every 10 s (the seeds' values) */
  readonly liveness?: HttpProbeSpec;
  /** @default - GET /ready on `port`, 5 s initial delay, every 5 s (the seeds' values) */
  readonly readiness?: HttpProbeSpec;
  /**
   * The path a load balancer and Route 53 probe (for the catalog's `api-gateway`: the ALB target
   * group and the regional health check). It must answer 200 only when the region can serve
   * payments; `PaymentWorkloads` fails when it differs from the platform's `edge.healthCheckPath`.
   * @default - not probed from outside
   */
  readonly healthCheckPath?: string;
  /**
   * Plain environment variables, stored in a ConfigMap `<name>-config` and loaded with `envFrom`.
   * @default - none
   */
  readonly config?: Record<string, string>;
  /**
   * Existing ConfigMaps loaded with `envFrom`.
   * @default - none
   */
  readonly envFromConfigMaps?: string[];
  /**
   * Variables read from Secrets (`secretKeyRef`), keyed by variable name. Not for credentials: a
   * variable is in the process environment (child processes, crash reports, `/proc/<pid>/environ`)
   * and keeps its value until the pod restarts; mount them with `secretMounts` instead.
   * @default - none
   */
  readonly secretEnv?: Record<string, SecretEnvSpec>;
  /**
   * Secrets mounted read-only as files (the platform's services read their cache token, JWT and
   * webhook keys this way, from `/var/run/secrets/platform/...`).
   * @default - none
   */
  readonly secretMounts?: SecretMountSpec[];
  /**
   * ConfigMaps mounted read-only.
   * @default - none (only the `/tmp` emptyDir)
   */
  readonly configMapMounts?: ConfigMapMountSpec[];
  /**
   * Size limit of the writable `/tmp` emptyDir (the root filesystem is read-only).
   * @default '256Mi'
   */
  readonly tmpSizeLimit?: string;
  /**
   * PriorityClass of the pods. `PaymentWorkloads` gives every catalog service the platform's
   * `payment` class (`PlatformPriorityClasses`); name another class here for work that may yield.
   * @default - the catalog's `priorityClassName` (none outside a catalog: priority 0)
   */
  readonly priorityClassName?: string;
  /** @default - no node selector */
  readonly nodeSelector?: Record<string, string>;
  /** @default - no tolerations */
  readonly tolerations?: TolerationSpec[];
  /**
   * IAM role for the service account with IRSA: adds the `eks.amazonaws.com/role-arn`
   * annotation. With EKS Pod Identity leave it out: the association is made in the cluster stack
   * by namespace and service account name, and the pod needs no annotation.
   * @default - no annotation (Pod Identity or no AWS access)
   */
  readonly iamRoleArn?: string;
  /**
   * Mount the service account token. IRSA needs it (the projected web identity token); Pod
   * Identity and most services do not.
   * @default - true when `iamRoleArn` is set, otherwise false
   */
  readonly automountServiceAccountToken?: boolean;
  /** @default - annotations and a ServiceMonitor when `metricsPort` is set */
  readonly scrape?: ScrapeSpec;
  /**
   * Ingress allowed to the pods (on top of the namespace's default deny). Prometheus on the
   * metrics port is added automatically (see `WorkloadServiceProps.metricsScrapers`).
   * @default - no ingress
   */
  readonly ingress?: NetworkRuleSpec[];
  /**
   * Egress allowed from the pods (DNS is allowed namespace-wide).
   * @default - no egress
   */
  readonly egress?: NetworkRuleSpec[];
  /**
   * What the service uses (database, cache, internet hosts, other services); see
   * {@link ServiceDependencies}.
   * @default - nothing
   */
  readonly dependencies?: ServiceDependencies;
  /**
   * Kafka topics the service produces or consumes (a dependency like the others): it gets
   * topic-level IAM permissions and a network path to the brokers, nothing more.
   * @default - no streaming
   */
  readonly streaming?: StreamingUseSpec;
  /**
   * Its own secrets from Secrets Manager (PSP keys, webhook secrets), as environment variables.
   * @default - none
   */
  readonly secrets?: ServiceSecretSpec[];
  /**
   * Serve this service on the public hostnames under its own path (an ALB rule of the platform's
   * Ingress group).
   * @default - not routed from the load balancer (the catalog's `api-gateway` is, at `/`)
   */
  readonly route?: ServiceRouteSpec;
  /** UID/GID the container runs as (≥ 1000). @default 10001 */
  readonly runAsUser?: number;
  /** Extra labels on every object of the service. @default - none */
  readonly labels?: Record<string, string>;
  /**
   * The service's own alerts, added to the platform's PrometheusRule as group `service-<name>` and
   * routed by severity like the platform's (names must not collide with the platform's alerts).
   * @default - none
   */
  readonly alerts?: AlertRuleSpec[];
  /**
   * Send traces to the platform's OpenTelemetry Collector (the catalog's `telemetry`): the OTLP
   * variables in the ConfigMap and egress to the collector. A variable set in `config` wins.
   * @default true
   */
  readonly tracing?: boolean;
  /**
   * The service's own Grafana panels, a row on the "Catalog services" dashboard. Each query may
   * read the platform's metrics and the names in `metrics`; anything else is a synth error.
   * @default - none
   */
  readonly dashboardPanels?: PanelSpec[];
  /**
   * Metric names the service exports beyond the platform's contract (`http_requests_total`, …),
   * for its panels and alerts (histograms by base name).
   * @default - none
   */
  readonly metrics?: string[];
}

/** The label that selects the pods of a service. */
export const SERVICE_NAME_LABEL = 'app.kubernetes.io/name';
