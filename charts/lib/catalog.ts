import { Construct } from 'constructs';
import { secretsReaderWorkload } from '../../lib/core/naming';
import { validateServiceCatalog } from './catalog-validation';
import { dependencyWiring, serviceCallRules, serviceSecretName, serviceSecretRemoteName, type CatalogPlatform } from './dependencies';
import { K8S_SECRETS, NamespaceSecretStore, SyncedSecret } from './external-secrets';
import { PlatformNamespace } from './namespaces';
import { RdsCaBundle } from './rds-ca';
import type { NetworkPeerSpec, NetworkRuleSpec, ServiceSpec } from './service-spec';
import { WorkloadService } from './service';
import { withStreaming, type StreamingEndpointSpec } from './streaming';

/** Props of `ServiceCatalog`. */
export interface ServiceCatalogProps {
  /** Namespace of every service of the catalog. */
  readonly namespace: string;
  /**
   * PriorityClass of every service that names none (`ServiceSpec.priorityClassName`).
   * @default - none (priority 0)
   */
  readonly priorityClassName?: string;
  /** The services, as data. */
  readonly services: ServiceSpec[];
  /**
   * Values every service inherits unless it sets them (node pool, tolerations, labels, …).
   * @default - none
   */
  readonly defaults?: Partial<ServiceSpec>;
  /** @default - every pod of the `monitoring` namespace */
  readonly metricsScrapers?: NetworkPeerSpec[];
  /** @default - none */
  readonly serviceMonitorLabels?: Record<string, string>;
  /**
   * The region's Kafka brokers; services with `streaming` get egress to them and the client settings.
   * @default - no streaming (a service declaring it is an error)
   */
  readonly streaming?: StreamingEndpointSpec;
  /**
   * Where services send traces: each service (unless its spec sets `tracing: false`) gets the
   * OpenTelemetry SDK's standard variables (`OTEL_EXPORTER_OTLP_ENDPOINT`, `OTEL_SERVICE_NAME`, …)
   * in its ConfigMap and an egress rule to the collector, so no service needs code for it.
   * @default - no tracing variables, no collector egress
   */
  readonly telemetry?: CatalogTelemetry;
  /**
   * What the platform offers the services' `dependencies` and `secrets` (database, cache, secret names).
   * @default - nothing: a service declaring a dependency is an error
   */
  readonly platform?: CatalogPlatform;
  /**
   * How the catalog sets up the namespaces its services name beyond `namespace` (which the caller
   * owns): each gets Pod Security "restricted", default-deny, and with this its SecretStore (a
   * `secrets-reader` bound to `<readerRoleArnPrefix>secrets-<namespace>`), the RDS CA bundle when
   * a service there uses the database, and the cache secret when one uses the cache.
   * @default - the extra namespaces get labels and default-deny only; a service there with secrets, database or cache is an error
   */
  readonly namespaceSetup?: CatalogNamespaceSetup;
}

/** What each extra namespace of a catalog needs to sync secrets and verify the database. */
export interface CatalogNamespaceSetup {
  /** AWS region of the secrets and the database. */
  readonly region: string;
  /** `arn:aws:iam::<account>:role/<name>-<env>-<region code>-`: the role of namespace `ns` is this plus `secrets-<ns>`. */
  readonly readerRoleArnPrefix: string;
  /**
   * The cache's primary endpoint and the Secrets Manager name of its AUTH token (for `redis-secret`).
   * @default - no cache secret in the extra namespaces (a service there that uses the cache is an error)
   */
  readonly cache?: { readonly endpoint: string; readonly authTokenSecretName: string; readonly port?: number };
}

/** The OpenTelemetry Collector the services of a catalog export to. */
export interface CatalogTelemetry {
  /** OTLP/HTTP endpoint, e.g. `http://otel-collector.monitoring.svc:4318`. */
  readonly endpoint: string;
  /** The collector's pods, as a NetworkPolicy peer. */
  readonly collector: NetworkPeerSpec;
  /** Ports of the collector the services may reach (OTLP gRPC and HTTP). */
  readonly ports: number[];
  /** `deployment.environment` resource attribute. @default - none */
  readonly environment?: string;
}

function telemetryConfig(t: CatalogTelemetry, service: string): Record<string, string> {
  return {
    OTEL_EXPORTER_OTLP_ENDPOINT: t.endpoint,
    OTEL_EXPORTER_OTLP_PROTOCOL: 'http/protobuf',
    OTEL_TRACES_EXPORTER: 'otlp',
    OTEL_SERVICE_NAME: service,
    OTEL_PROPAGATORS: 'tracecontext,baggage,xray',
    ...(t.environment ? { OTEL_RESOURCE_ATTRIBUTES: `deployment.environment=${t.environment}` } : {}),
  };
}

/** Ingress rules of `target` that name `caller` (a same-namespace `service` peer), as egress ports of the caller. */
function callerEgress(caller: ServiceSpec, target: ServiceSpec): NetworkRuleSpec | undefined {
  const rules = (target.ingress ?? []).filter((r) => r.peers.some((p) => p.service === caller.name && p.namespace === undefined));
  if (rules.length === 0) return undefined;
  const ports = rules.flatMap((r) => r.ports ?? [{ port: target.port }]);
  return { peers: [{ service: target.name }], ports };
}

/**
 * A namespace's worth of services from data: one `WorkloadService` per `ServiceSpec`.
 *
 * Calls inside the catalog are declared once, on the callee (`ingress: [{ peers: [{ service:
 * 'api-gateway' }] }]`); the catalog adds the matching egress rule to the caller, so both sides of
 * the NetworkPolicy always agree.
 */
export class ServiceCatalog extends Construct {
  /** The services by name. */
  public readonly services: Record<string, WorkloadService> = {};
  /** The specs by name, with the catalog defaults, namespace and streaming wiring applied, in catalog order. */
  public readonly specs: Record<string, ServiceSpec & { readonly namespace: string }> = {};
  /** Every namespace of the catalog's services, the catalog's own first. */
  public readonly namespaces: string[];

  constructor(scope: Construct, id: string, props: ServiceCatalogProps) {
    super(scope, id);
    // Every problem of the catalog at once, with its path (services[3].port), before any object exists.
    validateServiceCatalog(props.services, { defaults: props.defaults, namespace: props.namespace });
    const seen = new Set(props.services.map((s) => s.name));
    const specs = props.services.map((s) => {
      const merged = { ...props.defaults, ...s } as ServiceSpec;
      return withStreaming({ ...merged, namespace: merged.namespace ?? props.namespace }, props.streaming) as ServiceSpec & { namespace: string };
    });
    for (const spec of specs) {
      for (const rule of spec.ingress ?? []) {
        for (const peer of rule.peers) {
          if (peer.service !== undefined && peer.namespace === undefined && !seen.has(peer.service)) {
            throw new Error(`ServiceCatalog '${id}': service '${spec.name}' accepts calls from '${peer.service}', which is not in the catalog; add it or give the peer a namespace.`);
          }
        }
      }
    }
    this.namespaces = [...new Set([props.namespace, ...specs.map((s) => s.namespace)])];
    this.setUpNamespaces(specs, props);
    const calls = serviceCallRules(specs);
    const platform = props.platform ?? {};
    for (const spec of specs) {
      this.specs[spec.name] = spec;
      const sameNamespace = specs.filter((t) => t.namespace === spec.namespace);
      const derived = sameNamespace.map((target) => callerEgress(spec, target)).filter((r): r is NetworkRuleSpec => r !== undefined);
      const wiring = dependencyWiring(spec, platform);
      for (const secret of spec.secrets ?? []) {
        new SyncedSecret(this, `${spec.name}-${secret.name}-Secret`, {
          namespace: spec.namespace, name: serviceSecretName(spec.name, secret.name),
          keys: [...new Set(Object.values(secret.env))].map((property) => ({
            secretKey: property, remoteKey: serviceSecretRemoteName(platform.secrets!.namePrefix, spec.name, secret.name), property,
          })),
        });
      }
      const t = spec.tracing === false ? undefined : props.telemetry;
      this.services[spec.name] = new WorkloadService(this, spec.name, {
        ...spec,
        priorityClassName: spec.priorityClassName ?? props.priorityClassName,
        config: { ...(t ? telemetryConfig(t, spec.name) : {}), ...wiring.config, ...spec.config },
        secretEnv: Object.keys(wiring.secretEnv).length > 0 || spec.secretEnv ? { ...wiring.secretEnv, ...spec.secretEnv } : undefined,
        secretMounts: wiring.secretMounts.length > 0 || spec.secretMounts ? [...wiring.secretMounts, ...(spec.secretMounts ?? [])] : undefined,
        configMapMounts: wiring.configMapMounts.length > 0 || spec.configMapMounts ? [...wiring.configMapMounts, ...(spec.configMapMounts ?? [])] : undefined,
        ingress: spec.ingress || calls.ingress[spec.name] ? [...(spec.ingress ?? []), ...(calls.ingress[spec.name] ?? [])] : undefined,
        egress: [
          ...(spec.egress ?? []), ...derived, ...(calls.egress[spec.name] ?? []), ...wiring.egress,
          ...(t ? [{ peers: [t.collector], ports: t.ports.map((port) => ({ port })) }] : []),
        ].filter((rule, i, all) => all.findIndex((r) => JSON.stringify(r) === JSON.stringify(rule)) === i),
        namespace: spec.namespace,
        metricsScrapers: props.metricsScrapers,
        serviceMonitorLabels: props.serviceMonitorLabels,
      });
    }
  }

  /** The namespaces beyond the caller's: labels, default-deny, SecretStore, RDS CA bundle and cache secret as their services need. */
  private setUpNamespaces(specs: readonly (ServiceSpec & { namespace: string })[], props: ServiceCatalogProps): void {
    for (const ns of this.namespaces.filter((n) => n !== props.namespace)) {
      const here = specs.filter((s) => s.namespace === ns);
      const needs = {
        secrets: here.some((s) => (s.secrets ?? []).length > 0 || s.dependencies?.cache === true),
        database: here.some((s) => s.dependencies?.database !== undefined),
        cache: here.some((s) => s.dependencies?.cache === true),
      };
      new PlatformNamespace(this, `Namespace-${ns}`, { name: ns, tier: 'application', podSecurity: 'restricted' });
      const setup = props.namespaceSetup;
      if (!setup) {
        if (needs.secrets || needs.database) {
          throw new Error(`ServiceCatalog: namespace '${ns}' has services with secrets, a database or the cache (${here.map((s) => s.name).join(', ')}), ` +
            'but the catalog has no namespaceSetup; give ServiceCatalogProps.namespaceSetup (PaymentWorkloads does), or keep those services in the catalog\'s namespace.');
        }
        continue;
      }
      if (needs.secrets) {
        new NamespaceSecretStore(this, `SecretStore-${ns}`, { namespace: ns, region: setup.region, readerRoleArn: `${setup.readerRoleArnPrefix}${secretsReaderWorkload(ns)}` });
      }
      if (needs.database) new RdsCaBundle(this, `RdsCa-${ns}`, { namespace: ns, region: setup.region });
      if (needs.cache) {
        if (!setup.cache) throw new Error(`ServiceCatalog: namespace '${ns}' has cache clients but namespaceSetup.cache is not given; give the cache endpoint and AUTH token secret name.`);
        new SyncedSecret(this, `CacheSecret-${ns}`, {
          namespace: ns, name: K8S_SECRETS.cache,
          keys: [{ secretKey: 'token', remoteKey: setup.cache.authTokenSecretName }],
          template: { 'auth-token': '{{ .token }}', url: `rediss://:{{ .token | urlquery }}@${setup.cache.endpoint}:${setup.cache.port ?? 6379}` },
        });
      }
    }
  }
}
