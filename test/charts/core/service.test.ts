import { WorkloadService, type WorkloadServiceProps } from '../../../charts/lib/service';
import { emptyChart, find, ofKind, synth, type K8sObject } from './helpers';

const base: WorkloadServiceProps = {
  namespace: 'team',
  name: 'orders',
  image: '123456789012.dkr.ecr.us-east-1.amazonaws.com/team/orders:v1.0.0',
  port: 8080,
  metricsPort: 9090,
  autoscaling: { minReplicas: 3, maxReplicas: 9 },
  disruptionBudget: { minAvailable: 2 },
  resources: { cpu: { request: '250m', limit: '500m' }, memory: { request: '256Mi', limit: '512Mi' } },
};

function build(overrides: Partial<WorkloadServiceProps> = {}): K8sObject[] {
  const chart = emptyChart();
  new WorkloadService(chart, 'Svc', { ...base, ...overrides });
  return synth(chart);
}

function container(objects: K8sObject[]) {
  return find(objects, 'Deployment', 'orders').spec.template.spec.containers[0];
}

describe('WorkloadService', () => {
  const objects = build({
    config: { LOG_LEVEL: 'info' },
    secretEnv: { DB_PASSWORD: { secret: 'database-secret', key: 'password' } },
    configMapMounts: [{ configMap: 'contract-artifacts', mountPath: '/app/contracts' }],
    nodeSelector: { role: 'worker' },
    tolerations: [{ key: 'role', value: 'api', effect: 'NoSchedule' }],
    ingress: [{ peers: [{ service: 'gateway' }] }],
    egress: [{ peers: [{ cidr: '10.0.0.0/16' }], ports: [{ port: 5432 }] }],
  });

  test('creates exactly the expected objects', () => {
    expect(objects.map((o) => o.kind).sort()).toEqual([
      'ConfigMap', 'Deployment', 'HorizontalPodAutoscaler', 'NetworkPolicy', 'PodDisruptionBudget', 'Service', 'ServiceAccount', 'ServiceMonitor',
    ]);
    expect(new Set(objects.map((o) => o.metadata.namespace))).toEqual(new Set(['team']));
  });

  test('Deployment rolls one pod at a time and leaves the replica count to the HPA', () => {
    const spec = find(objects, 'Deployment', 'orders').spec;
    expect(spec.strategy).toEqual({ type: 'RollingUpdate', rollingUpdate: { maxSurge: 1, maxUnavailable: 0 } });
    expect(spec.replicas).toBeUndefined();
    expect(spec.selector).toEqual({ matchLabels: { 'app.kubernetes.io/name': 'orders' } });
    expect(spec.template.metadata.labels).toEqual({ 'app.kubernetes.io/name': 'orders' });
  });

  test('container is Pod Security restricted with a writable /tmp', () => {
    const c = container(objects);
    expect(c.securityContext).toEqual({
      allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] }, privileged: false, readOnlyRootFilesystem: true,
      runAsGroup: 10001, runAsNonRoot: true, runAsUser: 10001, seccompProfile: { type: 'RuntimeDefault' },
    });
    const pod = find(objects, 'Deployment', 'orders').spec.template.spec;
    expect(pod.securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: 10001, fsGroup: 10001, seccompProfile: { type: 'RuntimeDefault' } });
    expect(pod.automountServiceAccountToken).toBe(false);
    expect(c.volumeMounts).toEqual([
      { mountPath: '/tmp', name: 'tmp' },
      { mountPath: '/app/contracts', name: 'contract-artifacts', readOnly: true },
    ]);
    expect(pod.volumes).toEqual([
      { name: 'tmp', emptyDir: { sizeLimit: '256Mi' } },
      { name: 'contract-artifacts', configMap: { name: 'contract-artifacts' } },
    ]);
    expect(c.imagePullPolicy).toBe('IfNotPresent');
  });

  test('probes, ports, resources and environment', () => {
    const c = container(objects);
    expect(c.ports).toEqual([{ containerPort: 8080, name: 'http' }, { containerPort: 9090, name: 'metrics' }]);
    expect(c.livenessProbe).toEqual({ httpGet: { path: '/health', port: 8080, scheme: 'HTTP' }, initialDelaySeconds: 30, periodSeconds: 10, timeoutSeconds: 3, failureThreshold: 3 });
    expect(c.readinessProbe).toEqual({ httpGet: { path: '/ready', port: 8080, scheme: 'HTTP' }, initialDelaySeconds: 5, periodSeconds: 5, timeoutSeconds: 3, failureThreshold: 3 });
    expect(c.resources).toEqual({ requests: { cpu: '250m', memory: '256Mi' }, limits: { cpu: '500m', memory: '512Mi' } });
    expect(c.envFrom).toEqual([{ configMapRef: { name: 'orders-config' } }]);
    expect(c.env).toEqual([{ name: 'DB_PASSWORD', valueFrom: { secretKeyRef: { name: 'database-secret', key: 'password' } } }]);
    expect(find(objects, 'ConfigMap', 'orders-config').data).toEqual({ LOG_LEVEL: 'info' });
  });

  test('scheduling: node selector, tolerations, zone and host spread', () => {
    const pod = find(objects, 'Deployment', 'orders').spec.template.spec;
    expect(pod.nodeSelector).toEqual({ role: 'worker' });
    expect(pod.tolerations).toEqual([{ key: 'role', operator: 'Equal', value: 'api', effect: 'NoSchedule' }]);
    // ScheduleAnyway on the zone too: replacements schedule in the zones left when one is lost (test/cluster/zone-loss.test.ts).
    expect(pod.topologySpreadConstraints.map((t: K8sObject) => [t.topologyKey, t.whenUnsatisfiable, t.maxSkew, t.nodeAffinityPolicy, t.nodeTaintsPolicy])).toEqual([
      ['topology.kubernetes.io/zone', 'ScheduleAnyway', 1, 'Honor', 'Honor'],
      ['kubernetes.io/hostname', 'ScheduleAnyway', 1, 'Honor', 'Honor'],
    ]);
    expect(pod.topologySpreadConstraints[0].labelSelector).toEqual({ matchLabels: { 'app.kubernetes.io/name': 'orders' } });
  });

  test('Service maps 80 to the container port and exposes metrics', () => {
    const svc = find(objects, 'Service', 'orders').spec;
    expect(svc.type).toBe('ClusterIP');
    expect(svc.selector).toEqual({ 'app.kubernetes.io/name': 'orders' });
    expect(svc.ports).toEqual([{ name: 'http', port: 80, targetPort: 8080 }, { name: 'metrics', port: 9090, targetPort: 9090 }]);
  });

  test('HPA uses CPU and memory with the GlobalPay behaviour', () => {
    const hpa = find(objects, 'HorizontalPodAutoscaler', 'orders');
    expect(hpa.apiVersion).toBe('autoscaling/v2');
    expect(hpa.spec.minReplicas).toBe(3);
    expect(hpa.spec.maxReplicas).toBe(9);
    expect(hpa.spec.scaleTargetRef).toEqual({ apiVersion: 'apps/v1', kind: 'Deployment', name: 'orders' });
    expect(hpa.spec.metrics.map((m: K8sObject) => [m.resource.name, m.resource.target.averageUtilization])).toEqual([['cpu', 70], ['memory', 80]]);
    expect(hpa.spec.behavior).toEqual({
      scaleUp: {
        stabilizationWindowSeconds: 0, selectPolicy: 'Max',
        policies: [{ type: 'Percent', value: 100, periodSeconds: 15 }, { type: 'Pods', value: 4, periodSeconds: 15 }],
      },
      scaleDown: { stabilizationWindowSeconds: 300, selectPolicy: 'Max', policies: [{ type: 'Percent', value: 50, periodSeconds: 60 }] },
    });
  });

  test('PDB, ServiceMonitor and scrape annotations', () => {
    expect(find(objects, 'PodDisruptionBudget', 'orders').spec).toEqual({ minAvailable: 2, selector: { matchLabels: { 'app.kubernetes.io/name': 'orders' } }, unhealthyPodEvictionPolicy: 'AlwaysAllow' });
    expect(find(objects, 'ServiceMonitor', 'orders').spec).toEqual({
      selector: { matchLabels: { 'app.kubernetes.io/name': 'orders' } },
      namespaceSelector: { matchNames: ['team'] },
      endpoints: [{ port: 'metrics', path: '/metrics', interval: '30s' }],
    });
    expect(find(objects, 'Deployment', 'orders').spec.template.metadata.annotations).toEqual({
      'prometheus.io/scrape': 'true', 'prometheus.io/port': '9090', 'prometheus.io/path': '/metrics',
    });
  });

  test('NetworkPolicy allows the listed peers and Prometheus only', () => {
    const np = find(objects, 'NetworkPolicy', 'orders').spec;
    expect(np.podSelector).toEqual({ matchLabels: { 'app.kubernetes.io/name': 'orders' } });
    expect(np.policyTypes).toEqual(['Ingress', 'Egress']);
    expect(np.ingress).toEqual([
      { from: [{ podSelector: { matchLabels: { 'app.kubernetes.io/name': 'gateway' } } }], ports: [{ port: 8080, protocol: 'TCP' }] },
      { from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'monitoring' } } }], ports: [{ port: 9090, protocol: 'TCP' }] },
    ]);
    expect(np.egress).toEqual([{ to: [{ ipBlock: { cidr: '10.0.0.0/16' } }], ports: [{ port: 5432, protocol: 'TCP' }] }]);
  });

  test('ServiceAccount: no IRSA annotation by default (Pod Identity), annotation and token with iamRoleArn', () => {
    const plain = find(objects, 'ServiceAccount', 'orders');
    expect(plain.metadata.annotations).toBeUndefined();
    expect(plain.automountServiceAccountToken).toBe(false);
    const irsa = build({ iamRoleArn: 'arn:aws:iam::123456789012:role/orders' });
    expect(find(irsa, 'ServiceAccount', 'orders').metadata.annotations).toEqual({ 'eks.amazonaws.com/role-arn': 'arn:aws:iam::123456789012:role/orders' });
    expect(find(irsa, 'Deployment', 'orders').spec.template.spec.automountServiceAccountToken).toBe(true);
  });

  test('fixed replicas without HPA; no metrics objects without a metrics port', () => {
    const objs = build({ autoscaling: undefined, replicas: 4, metricsPort: undefined });
    expect(find(objs, 'Deployment', 'orders').spec.replicas).toBe(4);
    expect(ofKind(objs, 'HorizontalPodAutoscaler')).toEqual([]);
    expect(ofKind(objs, 'ServiceMonitor')).toEqual([]);
    expect(find(objs, 'Service', 'orders').spec.ports).toEqual([{ name: 'http', port: 80, targetPort: 8080 }]);
  });

  test('scrape can be annotations only', () => {
    const objs = build({ scrape: { serviceMonitor: false } });
    expect(ofKind(objs, 'ServiceMonitor')).toEqual([]);
    expect(find(objs, 'Deployment', 'orders').spec.template.metadata.annotations['prometheus.io/scrape']).toBe('true');
  });
});

describe('WorkloadService fails when', () => {
  const cases: [string, Partial<WorkloadServiceProps>, RegExp][] = [
    ['the name is not a DNS label', { name: 'Orders_1' }, /name 'Orders_1' is not a DNS-1123 label/],
    ['the image uses latest', { image: 'team/orders:latest' }, /image: image 'team\/orders:latest' uses the mutable tag 'latest'/],
    ['the image has no tag', { image: 'registry:5000/team/orders' }, /image: image 'registry:5000\/team\/orders' has no tag/],
    ['the port is out of range', { port: 70000 }, /'orders': port is 70000/],
    ['the metrics port collides with the port', { metricsPort: 8080 }, /metricsPort \(8080\) collides with port/],
    ['replicas is not positive', { autoscaling: undefined, disruptionBudget: undefined, replicas: 0 }, /replicas is 0/],
    ['HPA min exceeds max', { autoscaling: { minReplicas: 5, maxReplicas: 3 } }, /autoscaling.maxReplicas \(3\) must be an integer ≥ minReplicas \(5\)/],
    ['HPA min is zero', { autoscaling: { minReplicas: 0, maxReplicas: 3 } }, /autoscaling.minReplicas is 0/],
    ['replicas is set together with the HPA', { replicas: 12 }, /replicas \(12\) is set together with autoscaling \(3–9\); the HPA owns the count/],
    ['replicas equal to the HPA minimum is still a second declaration', { replicas: 3 }, /replicas \(3\) is set together with autoscaling \(3–9\)/],
    ['a utilization target is not a percentage', { autoscaling: { minReplicas: 3, maxReplicas: 9, cpuUtilization: 0 } }, /autoscaling.cpuUtilization is 0/],
    ['PDB minAvailable is not below the HPA minimum', { disruptionBudget: { minAvailable: 3 } }, /minAvailable \(3\) must be lower than autoscaling.minReplicas \(3\)/],
    ['PDB minAvailable is not below fixed replicas', { autoscaling: undefined, replicas: 2, disruptionBudget: { minAvailable: 2 } }, /minAvailable \(2\) must be lower than replicas \(2\)/],
    ['PDB sets both fields', { disruptionBudget: { minAvailable: 1, maxUnavailable: 1 } }, /disruptionBudget must set exactly one of minAvailable or maxUnavailable/],
    ['PDB maxUnavailable is zero', { disruptionBudget: { maxUnavailable: 0 } }, /maxUnavailable is 0, which blocks every node drain/],
    ['PDB maxUnavailable is 0%', { disruptionBudget: { maxUnavailable: '0%' } }, /maxUnavailable is '0%'/],
    ['PDB minAvailable is 100%', { disruptionBudget: { minAvailable: '100%' } }, /minAvailable is '100%'/],
    ['PDB value is not a percentage', { disruptionBudget: { minAvailable: 'half' } }, /minAvailable is 'half'/],
    ['PDB count is negative', { disruptionBudget: { minAvailable: -1 } }, /minAvailable is -1/],
    ['a CPU quantity is malformed', { resources: { cpu: { request: '250 m', limit: '1' }, memory: { request: '1Gi', limit: '1Gi' } } }, /resources.cpu.request: '250 m' is not a CPU quantity/],
    ['a memory quantity is malformed', { resources: { cpu: { request: '1', limit: '1' }, memory: { request: '1GB', limit: '1Gi' } } }, /resources.memory.request: '1GB' is not a memory quantity/],
    ['the CPU request exceeds the limit', { resources: { cpu: { request: '2', limit: '500m' }, memory: { request: '1Gi', limit: '1Gi' } } }, /resources.cpu request \(2\) exceeds the limit \(500m\)/],
    ['the memory request exceeds the limit', { resources: { cpu: { request: '1', limit: '1' }, memory: { request: '2Gi', limit: '1Gi' } } }, /resources.memory request \(2Gi\) exceeds the limit \(1Gi\)/],
    ['a request is zero', { resources: { cpu: { request: '0m', limit: '1' }, memory: { request: '1Gi', limit: '1Gi' } } }, /requests must be greater than zero/],
    ['a probe targets a port the container does not expose', { liveness: { path: '/health', port: 8087 } }, /liveness.port is 8087, which the container does not expose \(ports: 8080, 9090\)/],
    ['a probe path is relative', { readiness: { path: 'ready' } }, /readiness.path is 'ready'/],
    ['a probe timing is not positive', { readiness: { path: '/ready', periodSeconds: 0 } }, /readiness.periodSeconds is 0/],
    ['runAsUser is a system UID', { runAsUser: 0 }, /runAsUser is 0; run as a non-system UID ≥ 1000/],
    ['a mount path is relative', { configMapMounts: [{ configMap: 'c', mountPath: 'app' }] }, /configMapMounts\[0\].mountPath is 'app'/],
    ['a mount path repeats /tmp', { configMapMounts: [{ configMap: 'c', mountPath: '/tmp' }] }, /configMapMounts\[0\].mountPath '\/tmp' is already mounted/],
    ['a variable comes from config and a secret', { config: { TOKEN: 'x' }, secretEnv: { TOKEN: { secret: 's', key: 'k' } } }, /secretEnv.TOKEN is also set in config/],
    ['a peer has no kind', { ingress: [{ peers: [{}] }] }, /ingress\[0\].peers\[0\]: a peer needs exactly one of 'service', 'podLabels' or 'cidr'/],
    ['a peer has two kinds', { ingress: [{ peers: [{ service: 'a', cidr: '10.0.0.0/8' }] }] }, /a peer needs exactly one/],
    ['a cidr peer has a namespace', { egress: [{ peers: [{ cidr: '10.0.0.0/8', namespace: 'x' }] }] }, /'cidr' peers cannot have a 'namespace'/],
    ['a cidr is malformed', { egress: [{ peers: [{ cidr: '10.0.0.0/33' }] }] }, /egress\[0\]\.peers\[0\]\.cidr: must be an IPv4 CIDR block like '10\.0\.0\.0\/16' \(got "10\.0\.0\.0\/33"\)/],
    ['a rule has no peers', { egress: [{ peers: [] }] }, /egress\[0\].peers: a rule needs at least one peer/],
    ['a rule port is out of range', { egress: [{ peers: [{ service: 'a' }], ports: [{ port: 0 }] }] }, /egress\[0\].ports\[0\].port: 0 is not a port number/],
  ];
  test.each(cases)('%s', (_title, overrides, message) => {
    expect(() => build(overrides)).toThrow(message);
  });

  test('the image is pinned by digest (accepted)', () => {
    const digest = `team/orders@sha256:${'a'.repeat(64)}`;
    expect(container(build({ image: digest })).image).toBe(digest);
  });
});
