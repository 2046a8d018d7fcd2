import { ADDON_PODS, addonNetworkPolicies } from '../../lib/cluster/addons/addon-network-policies';

/**
 * Reachability model of one region (reusable: `ReachabilityModel.of(template, objects)`):
 * pods come from the workload manifests and the add-on inventory, NetworkPolicies from the
 * manifests and the add-on policies, security groups, subnets and routes from the template.
 * NetworkPolicies count only when the vpc-cni add-on enables the network-policy agent; otherwise
 * every pod-level rule is allow-all (as on EKS). A flow is possible when the source's egress, the
 * destination's ingress (pods) or security group (data stores, endpoints) and the routes allow it.
 *
 *   model.can('verypay-blockchain/geth', 'postgres')             // false
 *   model.podsReaching('postgres')                               // ['verypay-api/api-gateway', ...]
 *   model.internetReachable()                                    // ['verypay-api/api-gateway:3000 (through the ALB)']
 */
type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

export interface ModelPod { readonly id: string; readonly namespace: string; readonly labels: Record<string, string>; readonly ports: number[]; readonly hostNetwork: boolean; readonly ip: string }
export type External = 'postgres' | 'cache' | 'endpoints' | 'internet' | 'kafka' | 'kafka-tls';

function ipNum(ip: string): number { return ip.split('.').reduce((a, o) => a * 256 + Number(o), 0); }
export function inCidr(ip: string, cidr: string): boolean {
  const [base, bits] = cidr.split('/');
  const size = 2 ** (32 - Number(bits));
  const start = Math.floor(ipNum(base) / size) * size;
  return ipNum(ip) >= start && ipNum(ip) < start + size;
}
function addr(cidr: string, offset: number): string {
  let n = ipNum(cidr.split('/')[0]) + offset;
  const o: number[] = [];
  for (let i = 0; i < 4; i++) { o.unshift(n % 256); n = Math.floor(n / 256); }
  return o.join('.');
}
const matches = (sel: Json | undefined, labels: Record<string, string>) => Object.entries(sel?.matchLabels ?? {}).every(([k, v]) => labels[k] === v);

export class ReachabilityModel {
  public readonly enforced: boolean;
  public readonly pods: ModelPod[] = [];
  private readonly policies: Json[];
  private readonly subnets: Record<'Public' | 'Private' | 'Database', string[]> = { Public: [], Private: [], Database: [] };
  private readonly externals: Record<External, { ip: string; port: number; sg?: string }>;

  private constructor(private readonly template: Json, objects: Json[]) {
    const res = template.Resources as Record<string, Json>;
    const cni = Object.values(res).find((r) => r.Type === 'AWS::EKS::Addon' && r.Properties.AddonName === 'vpc-cni');
    this.enforced = JSON.parse(cni?.Properties?.ConfigurationValues ?? '{}').enableNetworkPolicy === 'true';
    for (const r of Object.values(res).filter((x) => x.Type === 'AWS::EC2::Subnet')) {
      const name = (r.Properties.Tags ?? []).find((t: Json) => t.Key === 'aws-cdk:subnet-name')?.Value as keyof ReachabilityModel['subnets'];
      if (this.subnets[name]) this.subnets[name].push(r.Properties.CidrBlock);
    }
    const sgOf = (type: string, prop: string) => {
      const r = Object.values(res).find((x) => x.Type === type);
      return r?.Properties?.[prop]?.[0]?.['Fn::GetAtt']?.[0] as string | undefined;
    };
    const brokerSg = Object.values(res).find((x) => x.Type === 'AWS::MSK::Cluster')?.Properties.BrokerNodeGroupInfo.SecurityGroups[0]?.['Fn::GetAtt']?.[0] as string | undefined;
    this.externals = {
      postgres: { ip: addr(this.subnets.Database[0], 10), port: 5432, sg: sgOf('AWS::RDS::DBCluster', 'VpcSecurityGroupIds') },
      cache: { ip: addr(this.subnets.Database[1] ?? this.subnets.Database[0], 10), port: 6379, sg: sgOf('AWS::ElastiCache::ReplicationGroup', 'SecurityGroupIds') },
      endpoints: { ip: addr(this.subnets.Private[0], 5), port: 443, sg: Object.values(res).find((x) => x.Type === 'AWS::EC2::VPCEndpoint' && x.Properties.VpcEndpointType === 'Interface')?.Properties.SecurityGroupIds[0]['Fn::GetAtt'][0] },
      internet: { ip: '203.0.113.10', port: 443 },
      // The brokers' ENIs in the data subnets: IAM clients on 9098, certificate clients on 9094.
      kafka: { ip: addr(this.subnets.Database[2] ?? this.subnets.Database[0], 20), port: 9098, sg: brokerSg },
      'kafka-tls': { ip: addr(this.subnets.Database[2] ?? this.subnets.Database[0], 20), port: 9094, sg: brokerSg },
    };
    const appSubnets = this.subnets.Private;
    this.policies = [...objects.filter((o) => o.kind === 'NetworkPolicy'),
      ...addonNetworkPolicies({ appSubnets, apiServiceAddress: '172.20.0.1', prometheusNamespace: 'kube-prometheus-stack' })];
    let n = 100;
    const add = (namespace: string, name: string, labels: Record<string, string>, ports: number[], hostNetwork: boolean) =>
      this.pods.push({ id: `${namespace}/${name}`, namespace, labels, ports, hostNetwork, ip: addr(appSubnets[0], n++) });
    for (const o of objects) {
      const tpl = o.kind === 'CronJob' ? o.spec.jobTemplate.spec.template : ['Deployment', 'StatefulSet', 'DaemonSet'].includes(o.kind) ? o.spec.template : undefined;
      if (!tpl) continue;
      const ports = (tpl.spec.containers ?? []).flatMap((c: Json) => (c.ports ?? []).map((p: Json) => p.containerPort as number));
      add(o.metadata.namespace, o.metadata.name, tpl.metadata?.labels ?? {}, ports, tpl.spec.hostNetwork === true);
    }
    for (const p of ADDON_PODS) add(p.namespace, p.name, p.labels, [...p.ports], p.hostNetwork ?? false);
  }

  /** The model of a regional stack's template and the Kubernetes objects applied to its cluster. */
  public static of(template: Json, objects: Json[]): ReachabilityModel {
    return new ReachabilityModel(template, objects);
  }

  public pod(id: string): ModelPod {
    const p = this.pods.find((x) => x.id === id);
    if (!p) throw new Error(`ReachabilityModel: no pod ${id} (pods: ${this.pods.map((x) => x.id).join(', ')})`);
    return p;
  }

  private selecting(pod: ModelPod, type: 'Ingress' | 'Egress'): Json[] {
    return this.policies.filter((np) => np.metadata.namespace === pod.namespace && (np.spec.policyTypes ?? ['Ingress']).includes(type) && matches(np.spec.podSelector, pod.labels));
  }

  private peerMatches(peer: Json, ownNs: string, ip: string, other?: ModelPod): boolean {
    if (peer.ipBlock) return inCidr(ip, peer.ipBlock.cidr) && !(peer.ipBlock.except ?? []).some((e: string) => inCidr(ip, e));
    if (!other || other.hostNetwork) return false;
    const nsOk = peer.namespaceSelector ? matches(peer.namespaceSelector, { 'kubernetes.io/metadata.name': other.namespace }) : other.namespace === ownNs;
    return nsOk && (!peer.podSelector || matches(peer.podSelector, other.labels));
  }

  private allowedBy(pod: ModelPod, type: 'Ingress' | 'Egress', ip: string, port: number, other?: ModelPod): boolean {
    if (!this.enforced || pod.hostNetwork) return true;
    const selecting = this.selecting(pod, type);
    if (selecting.length === 0) return true;
    const key = type === 'Ingress' ? 'from' : 'to';
    return selecting.some((np) => (np.spec[type.toLowerCase()] ?? []).some((rule: Json) =>
      (!rule[key] || rule[key].length === 0 || rule[key].some((peer: Json) => this.peerMatches(peer, pod.namespace, ip, other)))
      && (!rule.ports || rule.ports.length === 0 || rule.ports.some((p: Json) => Number(p.port) === port))));
  }

  /** The security group `sg` admits the cluster security group (every pod and node) or `ip` on `port`. */
  private sgAdmits(sg: string | undefined, ip: string, port: number): boolean {
    if (!sg) return false;
    const res = this.template.Resources as Record<string, Json>;
    const rules = [
      ...Object.values(res).filter((r) => r.Type === 'AWS::EC2::SecurityGroupIngress' && r.Properties.GroupId?.['Fn::GetAtt']?.[0] === sg).map((r) => r.Properties),
      ...(res[sg]?.Properties?.SecurityGroupIngress ?? []),
    ];
    return rules.some((r: Json) => r.FromPort <= port && port <= r.ToPort
      && ((r.SourceSecurityGroupId?.['Fn::GetAtt']?.[1] === 'ClusterSecurityGroupId') || (typeof r.CidrIp === 'string' && inCidr(ip, r.CidrIp))));
  }

  /** Can the pod open a connection to the destination (another pod's port, or a data store / endpoint / the internet)? */
  public can(fromId: string, to: External | { pod: string; port: number }): boolean {
    const src = this.pod(fromId);
    if (typeof to === 'object') {
      const dst = this.pod(to.pod);
      return this.allowedBy(src, 'Egress', dst.ip, to.port, dst) && this.allowedBy(dst, 'Ingress', src.ip, to.port, src);
    }
    const ext = this.externals[to];
    if (!this.allowedBy(src, 'Egress', ext.ip, ext.port)) return false;
    if (to === 'internet') return true; // the application subnets route 0.0.0.0/0 to the NAT gateways
    return this.sgAdmits(ext.sg, src.ip, ext.port);
  }

  /** Every pod (by id) that can reach a destination. */
  public podsReaching(to: External): string[] {
    return this.pods.filter((p) => this.can(p.id, to)).map((p) => p.id).sort();
  }

  /** Pod ports reachable from the internet: only through an internet-facing load balancer, whose ENIs sit in the public subnets. */
  public internetReachable(objects: Json[]): string[] {
    const out: string[] = [];
    const alb = addr(this.subnets.Public[0], 20);
    for (const ing of objects.filter((o) => o.kind === 'Ingress' && o.metadata.annotations?.['alb.ingress.kubernetes.io/scheme'] === 'internet-facing')) {
      for (const rule of ing.spec.rules ?? []) {
        for (const path of rule.http.paths) {
          const svc = objects.find((o) => o.kind === 'Service' && o.metadata.name === path.backend.service.name && o.metadata.namespace === ing.metadata.namespace);
          const port = svc?.spec.ports.find((p: Json) => p.port === path.backend.service.port.number)?.targetPort;
          for (const p of this.pods.filter((x) => x.namespace === ing.metadata.namespace && matches({ matchLabels: svc?.spec.selector }, x.labels))) {
            if (this.allowedBy(p, 'Ingress', alb, Number(port))) out.push(`${p.id}:${port} (through the ALB)`);
          }
        }
      }
    }
    return [...new Set(out)].sort();
  }

  /** Every allowed pod-to-pod flow between different namespaces, as `from -> to:port`. */
  public crossNamespaceFlows(): string[] {
    const out: string[] = [];
    for (const a of this.pods.filter((p) => !p.hostNetwork)) {
      for (const b of this.pods.filter((p) => !p.hostNetwork && p.namespace !== a.namespace)) {
        for (const port of b.ports) if (this.can(a.id, { pod: b.id, port })) out.push(`${a.id} -> ${b.id}:${port}`);
      }
    }
    return out;
  }
}
