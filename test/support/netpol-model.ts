import type { K8sObject } from '../charts/core/helpers';
import { selectorMatches } from './manifests';

/**
 * Kubernetes NetworkPolicy semantics (as enforced by the VPC CNI network-policy agent) over
 * synthesized objects: a connection from pod A to pod B on a TCP port is allowed when A's egress
 * allows it (no policy selecting A for Egress, or a rule matching B and the port) and B's ingress
 * allows it (likewise). Namespace labels are `kubernetes.io/metadata.name` only.
 */

export interface PodRef {
  readonly namespace: string;
  readonly labels: Record<string, string>;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Obj = any;

function peerMatches(peer: Obj, policyNamespace: string, other: PodRef): boolean {
  if (peer.ipBlock) return false;
  const nsOk = peer.namespaceSelector
    ? selectorMatches(peer.namespaceSelector, { 'kubernetes.io/metadata.name': other.namespace })
    : other.namespace === policyNamespace;
  const podOk = peer.podSelector ? selectorMatches(peer.podSelector, other.labels) || isEmpty(peer.podSelector) : true;
  return nsOk && podOk;
}

const isEmpty = (s: Obj) => Object.keys(s.matchLabels ?? {}).length === 0 && (s.matchExpressions ?? []).length === 0;

function portMatches(ports: Obj[] | undefined, port: number): boolean {
  return !ports || ports.length === 0 || ports.some((p) => (p.protocol ?? 'TCP') === 'TCP' && (p.port === undefined || p.port === port));
}

function side(objects: K8sObject[], pod: PodRef, type: 'Ingress' | 'Egress', other: PodRef, port: number): boolean {
  const policies = objects.filter((o) => o.kind === 'NetworkPolicy' && o.metadata.namespace === pod.namespace
    && (o.spec.policyTypes ?? ['Ingress']).includes(type)
    && (isEmpty(o.spec.podSelector ?? {}) || selectorMatches(o.spec.podSelector, pod.labels)));
  if (policies.length === 0) return true;
  const key = type === 'Ingress' ? 'from' : 'to';
  return policies.some((p) => (p.spec[type.toLowerCase()] ?? []).some((rule: Obj) =>
    portMatches(rule.ports, port) && (rule[key] === undefined || rule[key].some((peer: Obj) => peerMatches(peer, p.metadata.namespace!, other)))));
}

/** Whether `from` may open a TCP connection to `to` on `port`. */
export function allowed(objects: K8sObject[], from: PodRef, to: PodRef, port: number): boolean {
  return side(objects, from, 'Egress', to, port) && side(objects, to, 'Ingress', from, port);
}
