import { ReachabilityModel } from '../support/reachability';
import { examplePlatform } from './platform-fixture';

/**
 * The running network of the example's primary region, from the synthesized template and the
 * workload objects the cluster stack applies. Each deny assertion is shown to fail on the defect
 * it guards (enforcement off, a widened policy).
 */
type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

let template: Json;
let objects: Json[];
let model: ReachabilityModel;
beforeAll(() => {
  const { platform, assembly } = examplePlatform();
  const stack = platform.regionalStack('us-east-1');
  template = JSON.parse(JSON.stringify(assembly.getStackByName(stack.stackName).template));
  objects = stack.workloads!.toJson();
  model = ReachabilityModel.of(template, objects);
});

const DB_CLIENTS = ['verypay-api/api-gateway', 'verypay-api/payment-service', 'verypay-jobs/postgres-backup'];
const HOST_NETWORK = ['kube-prometheus-stack/node-exporter', 'kube-system/aws-node', 'kube-system/eks-pod-identity-agent'];

test('the vpc-cni network-policy agent is on: NetworkPolicies are enforced', () => {
  expect(model.enforced).toBe(true);
});

test('only the database clients reach PostgreSQL (and host-network pods, which carry the node identity and hold no database login)', () => {
  expect(model.podsReaching('postgres')).toEqual([...DB_CLIENTS, ...HOST_NETWORK].sort());
  expect(model.can('verypay-blockchain/geth', 'postgres')).toBe(false);
  expect(model.can('kube-prometheus-stack/grafana', 'postgres')).toBe(false);
});

test('only api-gateway, payment-service and the cache exporter reach the cache; geth and Grafana do not', () => {
  expect(model.podsReaching('cache').filter((p) => !HOST_NETWORK.includes(p))).toEqual(['monitoring/redis-exporter', 'verypay-api/api-gateway', 'verypay-api/payment-service']);
  expect(model.can('verypay-blockchain/geth', 'cache')).toBe(false);
  expect(model.can('kube-prometheus-stack/grafana', 'cache')).toBe(false);
});

test("every workload's needs are reachable", () => {
  for (const c of DB_CLIENTS) expect([c, model.can(c, 'postgres'), model.can(c, 'endpoints')]).toEqual([c, true, true]);
  expect(model.can('verypay-api/api-gateway', { pod: 'verypay-api/payment-service', port: 3001 })).toBe(true);
  expect(model.can('verypay-api/payment-service', { pod: 'verypay-blockchain/geth', port: 8545 })).toBe(true);
  expect(model.can('kube-prometheus-stack/prometheus', { pod: 'verypay-api/payment-service', port: 9090 })).toBe(true);
  expect(model.can('kube-prometheus-stack/grafana', { pod: 'kube-prometheus-stack/prometheus', port: 9090 })).toBe(true);
  for (const p of model.pods.filter((x) => !x.hostNetwork)) expect([p.id, model.can(p.id, { pod: 'kube-system/coredns', port: 53 })]).toEqual([p.id, true]);
  expect(model.can('external-secrets/external-secrets', 'endpoints')).toBe(true);
});

test('from the internet only the ingress path is reachable: api-gateway through the ALB', () => {
  expect(model.internetReachable(objects)).toEqual(['verypay-api/api-gateway:3000 (through the ALB)']);
});

test('who may open HTTPS to the internet: only geth and the add-ons whose APIs have no VPC endpoint', () => {
  expect(model.podsReaching('internet').filter((p) => !HOST_NETWORK.includes(p))).toEqual([
    'amazon-cloudwatch/cloudwatch-agent', 'external-dns/external-dns', 'kube-prometheus-stack/alertmanager',
    'kube-system/aws-load-balancer-controller', 'kube-system/cluster-autoscaler', 'verypay-blockchain/geth',
  ]);
});

test('no namespace reaches another\'s pods except the declared flows', () => {
  const flows = model.crossNamespaceFlows().filter((f) => !f.includes('-> kube-system/coredns:53'));
  // Declared: Prometheus scrapes every namespace; payment-service calls geth's RPC; the services
  // send traces to the OpenTelemetry Collector (OTLP gRPC 4317, HTTP 4318); metrics-server
  // reads the kubelets on 10250, whose node addresses share the application subnets with pods, so
  // its rule also covers pods listening on 10250 (the webhooks, which admit the control plane there).
  const otlp = /^verypay-api\/(api-gateway|payment-service) -> monitoring\/otel-collector:431[78]$/;
  const declared = (f: string) => f.startsWith('kube-prometheus-stack/prometheus -> ') || f === 'verypay-api/payment-service -> verypay-blockchain/geth:8545'
    || otlp.test(f)
    || (f.startsWith('kube-system/metrics-server -> ') && f.endsWith(':10250'));
  expect(flows.filter((f) => !declared(f))).toEqual([]);
  expect(flows).toContain('verypay-api/payment-service -> verypay-blockchain/geth:8545');
  expect(flows.some((f) => f.startsWith('verypay-blockchain/geth -> verypay-api/'))).toBe(false);
});

describe('fails on the defect it exists for', () => {
  test('enforcement off (vpc-cni without enableNetworkPolicy): every pod reaches PostgreSQL, geth and Grafana included', () => {
    const off = JSON.parse(JSON.stringify(template));
    for (const r of Object.values<Json>(off.Resources)) if (r.Type === 'AWS::EKS::Addon' && r.Properties.AddonName === 'vpc-cni') delete r.Properties.ConfigurationValues;
    const before = ReachabilityModel.of(off, objects);
    expect(before.enforced).toBe(false);
    expect(before.can('verypay-blockchain/geth', 'postgres')).toBe(true);
    expect(before.can('kube-prometheus-stack/grafana', 'cache')).toBe(true);
    expect(before.podsReaching('postgres')).toHaveLength(model.pods.length);
  });

  test('a widened policy (allow-all egress in the blockchain namespace) lets geth reach PostgreSQL', () => {
    const widened = [...objects, {
      apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name: 'allow-all', namespace: 'verypay-blockchain' },
      spec: { podSelector: {}, policyTypes: ['Egress'], egress: [{}] },
    }];
    expect(ReachabilityModel.of(template, widened).can('verypay-blockchain/geth', 'postgres')).toBe(true);
  });

  test('the model reads security groups: without the rule admitting the cluster security group, not even the clients reach PostgreSQL', () => {
    const open = JSON.parse(JSON.stringify(template));
    const ingress = Object.values<Json>(open.Resources).filter((r) => r.Type === 'AWS::EC2::SecurityGroupIngress' && r.Properties.FromPort === 5432);
    for (const r of ingress) delete r.Properties.SourceSecurityGroupId;
    const noSg = ReachabilityModel.of(open, objects);
    expect(noSg.can('verypay-api/api-gateway', 'postgres')).toBe(false); // the rule no longer admits anyone
  });
});
