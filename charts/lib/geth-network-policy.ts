import * as kplus from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { GETH_PORTS } from './geth-args';

/** Pods allowed to call geth's JSON-RPC. */
export interface RpcClient {
  /** Namespace of the client pods (matched by `kubernetes.io/metadata.name`). */
  readonly namespace: string;
  /** Labels of the client pods, e.g. `{ 'app.kubernetes.io/name': 'payment-service' }`. */
  readonly podLabels: Record<string, string>;
}

/** Who may reach the blockchain node, and on which ports. */
export interface GethNetworkPolicyOptions {
  readonly name: string;
  readonly namespace: string;
  readonly podLabels: Record<string, string>;
  readonly rpcClients: RpcClient[];
  readonly monitoringNamespace: string;
}

/** Private, link-local and CGNAT ranges: never peers, and they hide the VPC and instance metadata from the node. */
const NON_PUBLIC = ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', '169.254.0.0/16', '100.64.0.0/10', '127.0.0.0/8'];

/**
 * The Ethereum node's NetworkPolicy (Ingress + Egress): JSON-RPC only from the RPC clients,
 * metrics only from the monitoring namespace, P2P from anywhere; egress to public addresses (peers,
 * checkpoint sync over 443) and to cluster DNS only.
 */
export function gethNetworkPolicy(scope: Construct, id: string, o: GethNetworkPolicyOptions): kplus.k8s.KubeNetworkPolicy {
  const nsSelector = (ns: string) => ({ matchLabels: { 'kubernetes.io/metadata.name': ns } });
  const tcp = (port: number) => ({ protocol: 'TCP', port: kplus.k8s.IntOrString.fromNumber(port) });
  const udp = (port: number) => ({ protocol: 'UDP', port: kplus.k8s.IntOrString.fromNumber(port) });
  const p2pPorts = [tcp(GETH_PORTS.p2p), udp(GETH_PORTS.p2p), tcp(GETH_PORTS.beaconP2p), udp(GETH_PORTS.beaconP2p), udp(GETH_PORTS.beaconQuic)];
  return new kplus.k8s.KubeNetworkPolicy(scope, id, {
    metadata: { name: o.name, namespace: o.namespace },
    spec: {
      podSelector: { matchLabels: o.podLabels },
      policyTypes: ['Ingress', 'Egress'],
      ingress: [
        {
          from: o.rpcClients.map((c) => ({ namespaceSelector: nsSelector(c.namespace), podSelector: { matchLabels: c.podLabels } })),
          ports: [tcp(GETH_PORTS.http), tcp(GETH_PORTS.ws)],
        },
        { from: [{ namespaceSelector: nsSelector(o.monitoringNamespace) }], ports: [tcp(GETH_PORTS.metrics), tcp(GETH_PORTS.beaconMetrics)] },
        { from: [{ ipBlock: { cidr: '0.0.0.0/0', except: NON_PUBLIC } }], ports: p2pPorts },
      ],
      egress: [
        { to: [{ namespaceSelector: nsSelector('kube-system'), podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } } }], ports: [udp(53), tcp(53)] },
        { to: [{ ipBlock: { cidr: '0.0.0.0/0', except: NON_PUBLIC } }] },
      ],
    },
  });
}
