import { Construct } from 'constructs';
import type { NetworkPeerSpec, NetworkRuleSpec, ServiceSpec } from './service-spec';
import { WorkloadService } from './service';
import { withStreaming, type StreamingEndpointSpec } from './streaming';

/** Props of `ServiceCatalog`. */
export interface ServiceCatalogProps {
  /** Namespace of every service of the catalog. */
  readonly namespace: string;
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
      this.services[spec.name] = new WorkloadService(this, spec.name, {
        ...spec,
        egress: [...(spec.egress ?? []), ...derived],
        namespace: props.namespace,
        metricsScrapers: props.metricsScrapers,
        serviceMonitorLabels: props.serviceMonitorLabels,
      });
    }
  }
}
