import { Construct } from 'constructs';
import { k8s } from 'cdk8s-plus-27';
import type { NetworkPeerSpec, NetworkPortSpec, NetworkRuleSpec } from './service-spec';
import { SERVICE_NAME_LABEL } from './service-spec';
import { cidrRule, PlatformConfigError } from '../../lib/core/rules';

/**
 * NetworkPolicies are written with the typed L1 (`k8s.KubeNetworkPolicy`) on purpose: they are the
 * security boundary between workloads (PCI DSS 1.3), so every rule is stated literally, with no
 * peer objects or implicit policies generated on the other side as cdk8s-plus's connection API does.
 */

/** The label Kubernetes puts on every namespace with its name (GA since 1.22). */
export const NAMESPACE_NAME_LABEL = 'kubernetes.io/metadata.name';

/** Address of the EKS Pod Identity Agent (host network) that hands pods their role's AWS credentials. */
export const POD_IDENTITY_AGENT_CIDR = '169.254.170.23/32';

/** Throws unless `cidr` is a canonical IPv4 CIDR (the shared CIDR rule of lib/core/rules). */
export function assertCidr(cidr: string, field: string, subject = 'network policy'): void {
  const problem = cidrRule()(cidr);
  if (problem !== undefined) throw new PlatformConfigError([{ field, value: cidr, message: problem }], subject);
}

/** Converts one peer of the data model into a Kubernetes NetworkPolicyPeer. */
export function toPeer(peer: NetworkPeerSpec, field: string): k8s.NetworkPolicyPeer {
  const kinds = [peer.service !== undefined, peer.podLabels !== undefined, peer.cidr !== undefined].filter(Boolean).length;
  if (kinds > 1 || (kinds === 0 && peer.namespace === undefined)) {
    throw new Error(`${field}: a peer needs exactly one of 'service', 'podLabels' or 'cidr' (or only 'namespace'), got ${JSON.stringify(peer)}.`);
  }
  if (peer.cidr !== undefined) {
    if (peer.namespace !== undefined) throw new Error(`${field}: 'cidr' peers cannot have a 'namespace' (got ${JSON.stringify(peer)}).`);
    assertCidr(peer.cidr, `${field}.cidr`);
    (peer.except ?? []).forEach((e, i) => assertCidr(e, `${field}.except[${i}]`));
    return { ipBlock: { cidr: peer.cidr, except: peer.except } };
  }
  const namespaceSelector = peer.namespace !== undefined ? { matchLabels: { [NAMESPACE_NAME_LABEL]: peer.namespace } } : undefined;
  if (peer.service === undefined && peer.podLabels === undefined) return { namespaceSelector };
  const podSelector = { matchLabels: peer.service !== undefined ? { [SERVICE_NAME_LABEL]: peer.service } : { ...peer.podLabels } };
  return { podSelector, namespaceSelector };
}

/** Converts ports of the data model; validates the range. */
export function toPorts(ports: NetworkPortSpec[], field: string): k8s.NetworkPolicyPort[] {
  return ports.map((p, i) => {
    if (!Number.isInteger(p.port) || p.port < 1 || p.port > 65535) {
      throw new Error(`${field}[${i}].port: ${p.port} is not a port number (1–65535).`);
    }
    return { port: k8s.IntOrString.fromNumber(p.port), protocol: p.protocol ?? 'TCP' };
  });
}

/** Converts rules of the data model; `defaultPorts` fills rules without ports. */
export function toRules(rules: NetworkRuleSpec[], field: string, defaultPorts?: NetworkPortSpec[]): { peers: k8s.NetworkPolicyPeer[]; ports?: k8s.NetworkPolicyPort[] }[] {
  return rules.map((r, i) => {
    if (r.peers.length === 0) throw new Error(`${field}[${i}].peers: a rule needs at least one peer (an empty list would allow everyone).`);
    const ports = r.ports ?? defaultPorts;
    return {
      peers: r.peers.map((p, j) => toPeer(p, `${field}[${i}].peers[${j}]`)),
      ports: ports ? toPorts(ports, `${field}[${i}].ports`) : undefined,
    };
  });
}

/** Props of `NamespaceNetworkPolicies`. */
export interface NamespaceNetworkPoliciesProps {
  readonly namespace: string;
  /**
   * Allow DNS (UDP and TCP 53) to kube-dns in kube-system from every pod of the namespace.
   * @default true
   */
  readonly allowDns?: boolean;
}

/**
 * The baseline of every namespace: deny all ingress and egress (`default-deny`), then allow DNS
 * to kube-dns (`allow-dns`). Each workload adds its own allow-list on top.
 */
export class NamespaceNetworkPolicies extends Construct {
  constructor(scope: Construct, id: string, props: NamespaceNetworkPoliciesProps) {
    super(scope, id);
    new k8s.KubeNetworkPolicy(this, 'DefaultDeny', {
      metadata: { name: 'default-deny', namespace: props.namespace },
      spec: { podSelector: {}, policyTypes: ['Ingress', 'Egress'] },
    });
    if (props.allowDns ?? true) {
      new k8s.KubeNetworkPolicy(this, 'AllowDns', {
        metadata: { name: 'allow-dns', namespace: props.namespace },
        spec: {
          podSelector: {},
          policyTypes: ['Egress'],
          egress: [{
            to: [{
              namespaceSelector: { matchLabels: { [NAMESPACE_NAME_LABEL]: 'kube-system' } },
              podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } },
            }],
            ports: toPorts([{ port: 53, protocol: 'UDP' }, { port: 53, protocol: 'TCP' }], 'allowDns'),
          }],
        },
      });
    }
  }
}
