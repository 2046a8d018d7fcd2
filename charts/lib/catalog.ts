import { Construct } from 'constructs';
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
  /** The specs by name, with the catalog defaults (and streaming wiring) applied, in catalog order. */
  public readonly specs: Record<string, ServiceSpec> = {};

  constructor(scope: Construct, id: string, props: ServiceCatalogProps) {
    super(scope, id);
    if (props.services.length === 0) throw new Error(`ServiceCatalog '${id}': services is empty; list at least one ServiceSpec.`);
    const seen = new Set<string>();
    for (const s of props.services) {
      if (seen.has(s.name)) throw new Error(`ServiceCatalog '${id}': service name '${s.name}' appears twice; names must be unique in a namespace.`);
      seen.add(s.name);
    }
    const specs = props.services.map((s) => withStreaming({ ...props.defaults, ...s } as ServiceSpec, props.streaming));
    for (const spec of specs) {
      for (const rule of spec.ingress ?? []) {
        for (const peer of rule.peers) {
          if (peer.service !== undefined && peer.namespace === undefined && !seen.has(peer.service)) {
            throw new Error(`ServiceCatalog '${id}': service '${spec.name}' accepts calls from '${peer.service}', which is not in the catalog; add it or give the peer a namespace.`);
          }
        }
      }
    }
    for (const spec of specs) {
      this.specs[spec.name] = spec;
      const derived = specs.map((target) => callerEgress(spec, target)).filter((r): r is NetworkRuleSpec => r !== undefined);
      const t = spec.tracing === false ? undefined : props.telemetry;
      this.services[spec.name] = new WorkloadService(this, spec.name, {
        ...spec,
        priorityClassName: spec.priorityClassName ?? props.priorityClassName,
        config: t ? { ...telemetryConfig(t, spec.name), ...spec.config } : spec.config,
        egress: [...(spec.egress ?? []), ...derived, ...(t ? [{ peers: [t.collector], ports: t.ports.map((port) => ({ port })) }] : [])],
        namespace: props.namespace,
        metricsScrapers: props.metricsScrapers,
        serviceMonitorLabels: props.serviceMonitorLabels,
      });
    }
  }
}
