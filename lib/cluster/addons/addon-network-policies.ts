/**
 * NetworkPolicies of the add-on namespaces the platform installs (kube-system's add-ons,
 * external-dns, external-secrets, kube-prometheus-stack, amazon-cloudwatch): default deny in each,
 * then exactly what the add-ons need. Pure data, so the reachability model and the cluster stack
 * use the same objects. Host-network pods (aws-node, kube-proxy, the Pod Identity agent, the EBS CSI
 * node plugin, node-exporter) are outside NetworkPolicy by design; they carry the node's identity.
 */

/** One add-on pod as its Helm chart labels it: what the policies select and the model simulates. */
export interface AddonPod {
  readonly namespace: string;
  readonly name: string;
  readonly labels: Record<string, string>;
  /** Ports the pod listens on (TCP unless `udp`). */
  readonly ports: readonly number[];
  /** Runs in the node's network namespace (not subject to NetworkPolicies). */
  readonly hostNetwork?: boolean;
}

const K8S_APP = (v: string) => ({ 'app.kubernetes.io/name': v });

/** The add-on pods of the platform's namespaces, by the labels their charts set (pinned versions, `versions.ts`). */
export const ADDON_PODS: readonly AddonPod[] = [
  { namespace: 'kube-system', name: 'coredns', labels: { 'k8s-app': 'kube-dns' }, ports: [53, 9153] },
  { namespace: 'kube-system', name: 'aws-load-balancer-controller', labels: K8S_APP('aws-load-balancer-controller'), ports: [9443, 8080] },
  { namespace: 'kube-system', name: 'cluster-autoscaler', labels: K8S_APP('aws-cluster-autoscaler'), ports: [8085] },
  { namespace: 'kube-system', name: 'metrics-server', labels: K8S_APP('metrics-server'), ports: [10250] },
  { namespace: 'kube-system', name: 'ebs-csi-controller', labels: { app: 'ebs-csi-controller' }, ports: [9808] },
  { namespace: 'kube-system', name: 'aws-node', labels: { 'k8s-app': 'aws-node' }, ports: [61678], hostNetwork: true },
  { namespace: 'kube-system', name: 'eks-pod-identity-agent', labels: K8S_APP('eks-pod-identity-agent'), ports: [80], hostNetwork: true },
  { namespace: 'external-dns', name: 'external-dns', labels: K8S_APP('external-dns'), ports: [7979] },
  { namespace: 'external-secrets', name: 'external-secrets', labels: K8S_APP('external-secrets'), ports: [8080] },
  { namespace: 'external-secrets', name: 'external-secrets-webhook', labels: K8S_APP('external-secrets-webhook'), ports: [10250] },
  { namespace: 'external-secrets', name: 'external-secrets-cert-controller', labels: K8S_APP('external-secrets-cert-controller'), ports: [8080] },
  { namespace: 'kube-prometheus-stack', name: 'prometheus', labels: K8S_APP('prometheus'), ports: [9090] },
  { namespace: 'kube-prometheus-stack', name: 'alertmanager', labels: K8S_APP('alertmanager'), ports: [9093] },
  { namespace: 'kube-prometheus-stack', name: 'grafana', labels: K8S_APP('grafana'), ports: [3000] },
  { namespace: 'kube-prometheus-stack', name: 'prometheus-operator', labels: { app: 'kube-prometheus-stack-operator' }, ports: [10250] },
  { namespace: 'kube-prometheus-stack', name: 'kube-state-metrics', labels: K8S_APP('kube-state-metrics'), ports: [8080] },
  { namespace: 'kube-prometheus-stack', name: 'node-exporter', labels: K8S_APP('prometheus-node-exporter'), ports: [9100], hostNetwork: true },
  { namespace: 'amazon-cloudwatch', name: 'cloudwatch-agent', labels: K8S_APP('cloudwatch-agent'), ports: [4315, 4316] },
  { namespace: 'amazon-cloudwatch', name: 'amazon-cloudwatch-observability-controller-manager', labels: K8S_APP('amazon-cloudwatch-observability'), ports: [9443] },
];

/** The add-on namespaces that get default deny. */
export const ADDON_NAMESPACES = ['kube-system', 'external-dns', 'external-secrets', 'kube-prometheus-stack', 'amazon-cloudwatch'] as const;

/** Where the add-on policies send API-server and AWS traffic. */
export interface AddonNetworkInputs {
  /** Application subnets: control-plane ENIs (API server, webhook callers), nodes and the interface endpoints. */
  readonly appSubnets: readonly string[];
  /** The `kubernetes` Service address (first address of the service CIDR). */
  readonly apiServiceAddress: string;
  /** Namespace of Prometheus (scrapes everything). */
  readonly prometheusNamespace: string;
}

/** Private, link-local and CGNAT ranges: excluded from "public HTTPS" egress. */
const NON_PUBLIC = ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', '169.254.0.0/16', '100.64.0.0/10'];
/** EKS Pod Identity Agent (host network, link-local). */
const POD_IDENTITY = '169.254.170.23/32';

type Obj = Record<string, unknown>;
const tcp = (...ports: number[]) => ports.map((port) => ({ protocol: 'TCP', port }));
const ns = (name: string) => ({ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': name } } });
const cidrs = (list: readonly string[]) => list.map((cidr) => ({ ipBlock: { cidr } }));

function policy(namespace: string, name: string, podLabels: Record<string, string> | undefined, spec: Obj): Obj {
  return {
    apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy',
    metadata: { name, namespace, labels: { 'app.kubernetes.io/managed-by': 'cdk-payment-platform' } },
    spec: { podSelector: podLabels ? { matchLabels: podLabels } : {}, ...spec },
  };
}

/**
 * The policies: per namespace `default-deny` and `allow-dns`, then per add-on its ingress
 * (webhook calls from the control plane, scrapes from Prometheus) and egress (the API server, the
 * interface endpoints on 443, the Pod Identity agent, and public HTTPS only for the add-ons whose
 * AWS APIs have no interface endpoint in the VPC: Route 53, WAFv2/Shield/ACM, EKS, CloudWatch
 * metrics, and Alertmanager's receivers).
 */
export function addonNetworkPolicies(i: AddonNetworkInputs): Obj[] {
  const api = { to: [...cidrs(i.appSubnets), { ipBlock: { cidr: `${i.apiServiceAddress}/32` } }], ports: tcp(443) };
  const endpoints = { to: cidrs(i.appSubnets), ports: tcp(443) };
  const podIdentity = { to: [{ ipBlock: { cidr: POD_IDENTITY } }], ports: tcp(80) };
  const publicHttps = { to: [{ ipBlock: { cidr: '0.0.0.0/0', except: NON_PUBLIC } }], ports: tcp(443) };
  const fromControlPlane = (...ports: number[]) => ({ from: cidrs(i.appSubnets), ports: tcp(...ports) });
  const scrape = (...ports: number[]) => ({ from: [ns(i.prometheusNamespace)], ports: tcp(...ports) });
  const out: Obj[] = [];
  for (const namespace of ADDON_NAMESPACES) {
    out.push(policy(namespace, 'default-deny', undefined, { policyTypes: ['Ingress', 'Egress'] }));
    out.push(policy(namespace, 'allow-dns', undefined, {
      policyTypes: ['Egress'],
      egress: [{ to: [{ ...ns('kube-system'), podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } } }], ports: [{ protocol: 'UDP', port: 53 }, ...tcp(53)] }],
    }));
  }
  const pod = (name: string) => ADDON_PODS.find((p) => p.name === name)!;
  const allow = (name: string, spec: { ingress?: Obj[]; egress?: Obj[] }) => {
    const p = pod(name);
    out.push(policy(p.namespace, name, p.labels, { policyTypes: ['Ingress', 'Egress'], ingress: spec.ingress ?? [], egress: spec.egress ?? [] }));
  };
  // kube-system
  allow('coredns', {
    ingress: [{ from: [{ namespaceSelector: {} }, ...cidrs(i.appSubnets)], ports: [{ protocol: 'UDP', port: 53 }, ...tcp(53)] }, scrape(9153)],
    // Upstream resolution through the VPC resolver (base + 2 of the VPC, inside the application range's VPC) and the API server.
    egress: [api, { to: [{ ipBlock: { cidr: '169.254.169.253/32' } }, ...cidrs(i.appSubnets)], ports: [{ protocol: 'UDP', port: 53 }, ...tcp(53)] }],
  });
  allow('aws-load-balancer-controller', { ingress: [fromControlPlane(9443), scrape(8080)], egress: [api, endpoints, podIdentity, publicHttps] });
  allow('cluster-autoscaler', { ingress: [scrape(8085)], egress: [api, endpoints, podIdentity, publicHttps] });
  allow('metrics-server', { ingress: [fromControlPlane(10250)], egress: [api, { to: cidrs(i.appSubnets), ports: tcp(10250) }] });
  allow('ebs-csi-controller', { ingress: [scrape(9808)], egress: [api, endpoints, podIdentity] });
  // external-dns: Route 53 has no interface endpoint in the VPC.
  allow('external-dns', { ingress: [scrape(7979)], egress: [api, podIdentity, publicHttps] });
  // external-secrets: STS (web identity) and Secrets Manager through the interface endpoints only.
  allow('external-secrets', { ingress: [scrape(8080)], egress: [api, endpoints] });
  allow('external-secrets-webhook', { ingress: [fromControlPlane(10250), scrape(8080)], egress: [api] });
  allow('external-secrets-cert-controller', { ingress: [scrape(8080)], egress: [api] });
  // kube-prometheus-stack
  allow('prometheus', {
    ingress: [{ from: [{ podSelector: { matchLabels: pod('grafana').labels } }], ports: tcp(9090) }],
    // Scrapes every namespace and the nodes (kubelet, node-exporter); never the data subnets or the internet.
    egress: [api, { to: [{ namespaceSelector: {} }, ...cidrs(i.appSubnets)] }],
  });
  allow('alertmanager', {
    ingress: [{ from: [{ podSelector: { matchLabels: pod('prometheus').labels } }], ports: tcp(9093) }],
    egress: [endpoints, podIdentity, publicHttps],
  });
  allow('grafana', { egress: [api, { to: [{ podSelector: { matchLabels: pod('prometheus').labels } }], ports: tcp(9090) }] });
  allow('prometheus-operator', { ingress: [fromControlPlane(10250), scrape(10250)], egress: [api] });
  allow('kube-state-metrics', { ingress: [scrape(8080)], egress: [api] });
  // amazon-cloudwatch: CloudWatch metrics has no interface endpoint in the VPC.
  allow('cloudwatch-agent', { egress: [api, endpoints, podIdentity, publicHttps] });
  allow('amazon-cloudwatch-observability-controller-manager', { ingress: [fromControlPlane(9443)], egress: [api] });
  return out;
}
