import type { ResolvedStreamingUse } from '../../lib/core/identities';
import { POD_IDENTITY_AGENT_CIDR } from './network-policies';
import type { NetworkPeerSpec, NetworkRuleSpec, ServiceSpec, StreamingUseSpec } from './service-spec';

export type { ResolvedStreamingUse };

/** Where a region's Kafka brokers are and how clients reach them. */
export interface StreamingEndpointSpec {
  /** `host:port,…` of the brokers (a deploy-time value in the cluster stack). */
  readonly bootstrapServers: string;
  /** The brokers' TLS client port (9098, IAM authentication). */
  readonly port: number;
  /** Where the brokers' addresses lie (the VPC CIDR or the data subnets). */
  readonly peers: NetworkPeerSpec[];
  /**
   * Mutual TLS (the cluster also trusts client certificates of an AWS Private CA): the declaring
   * services get egress to the TLS port and to the CA's API endpoint, and its settings.
   * @default - IAM clients only
   */
  readonly tls?: {
    /** `host:9094,…` of the brokers (a deploy-time value in the cluster stack). */
    readonly bootstrapServers: string;
    /** The brokers' port for certificate-authenticated clients (9094). */
    readonly port: number;
    /** The Private CA a client asks for its certificate (`acm-pca:IssueCertificate`). */
    readonly certificateAuthorityArn: string;
    /** Where the `acm-pca` interface endpoint lies (the application subnets). */
    readonly apiPeers: NetworkPeerSpec[];
  };
}


const TOPIC = /^[A-Za-z0-9._-]{1,249}$/;

/** Checks and completes a declaration; consumer groups default to the service's name. */
export function resolveStreamingUse(service: string, use: StreamingUseSpec): ResolvedStreamingUse {
  const produces = [...new Set(use.produces ?? [])];
  const consumes = [...new Set(use.consumes ?? [])];
  if (produces.length + consumes.length === 0) {
    throw new Error(`service '${service}': streaming lists no topic; name topics in produces or consumes, or remove streaming.`);
  }
  for (const [field, list] of [['produces', produces], ['consumes', consumes], ['consumerGroups', use.consumerGroups ?? []]] as const) {
    list.forEach((t, i) => {
      if (!TOPIC.test(t)) throw new Error(`service '${service}': streaming.${field}[${i}] '${t}' is not a Kafka name (1–249 letters, digits, '.', '_', '-').`);
    });
  }
  const consumerGroups = [...new Set(use.consumerGroups ?? (consumes.length > 0 ? [service] : []))];
  if (consumes.length > 0 && consumerGroups.length === 0) {
    throw new Error(`service '${service}': streaming consumes ${consumes.join(', ')} with an empty consumerGroups; name at least one group or omit it for '${service}'.`);
  }
  return { produces, consumes, consumerGroups };
}

/** The services of a catalog that use streaming, with their resolved declarations. */
export function streamingClients(services: readonly ServiceSpec[]): { service: ServiceSpec; use: ResolvedStreamingUse }[] {
  return services.filter((s) => s.streaming !== undefined).map((s) => ({ service: s, use: resolveStreamingUse(s.name, s.streaming!) }));
}

const POD_IDENTITY_EGRESS: NetworkRuleSpec = { peers: [{ cidr: POD_IDENTITY_AGENT_CIDR }], ports: [{ port: 80 }] };

/**
 * A service that declares streaming, wired to the brokers: egress to them on the client port (and
 * to the Pod Identity agent, which hands out the IAM credentials the client authenticates with),
 * and the client settings as plain variables. A declaration without an endpoint is an error.
 */
export function withStreaming(spec: ServiceSpec, endpoint: StreamingEndpointSpec | undefined): ServiceSpec {
  if (spec.streaming === undefined) return spec;
  resolveStreamingUse(spec.name, spec.streaming);
  if (endpoint === undefined) {
    throw new Error(`service '${spec.name}' declares streaming, but the platform has no Kafka cluster; set PlatformConfig.streaming ` +
      '(or the chart\'s streaming endpoint), or remove the service\'s streaming.');
  }
  const egress = [...(spec.egress ?? []), { peers: endpoint.peers, ports: [{ port: endpoint.port }] }];
  const tls = endpoint.tls;
  if (tls) egress.push({ peers: endpoint.peers, ports: [{ port: tls.port }] }, { peers: tls.apiPeers, ports: [{ port: 443 }] });
  if (!egress.some((r) => JSON.stringify(r) === JSON.stringify(POD_IDENTITY_EGRESS))) egress.push(POD_IDENTITY_EGRESS);
  return {
    ...spec,
    egress,
    config: {
      ...spec.config,
      KAFKA_BOOTSTRAP_SERVERS: endpoint.bootstrapServers,
      KAFKA_CLIENT_ID: spec.name,
      KAFKA_SECURITY_PROTOCOL: 'SASL_SSL',
      KAFKA_SASL_MECHANISM: 'AWS_MSK_IAM',
      ...(tls ? { KAFKA_TLS_BOOTSTRAP_SERVERS: tls.bootstrapServers, KAFKA_TLS_CERTIFICATE_AUTHORITY_ARN: tls.certificateAuthorityArn } : {}),
    },
  };
}
