import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import {
  allFindings, CRD_DIR, crdFindings, kubeLinterFindings, loadManifests, Manifest, podSecurityFindings, schemaFindings, selectorMatches,
} from '../../support/manifests';
import { HELM_CHARTS } from '../../../lib/cluster/addons/versions';

/** A Deployment that passes every check; each test breaks one thing. */
function goodDeployment(): Manifest & { spec: Record<string, any> } { // eslint-disable-line @typescript-eslint/no-explicit-any
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', namespace: 'app' },
    spec: {
      replicas: 2,
      selector: { matchLabels: { app: 'web' } },
      template: {
        metadata: { labels: { app: 'web' } },
        spec: {
          securityContext: { runAsNonRoot: true, runAsUser: 10001, seccompProfile: { type: 'RuntimeDefault' } },
          topologySpreadConstraints: [{ maxSkew: 1, topologyKey: 'kubernetes.io/hostname', whenUnsatisfiable: 'DoNotSchedule', labelSelector: { matchLabels: { app: 'web' } } }],
          containers: [{
            name: 'web',
            image: 'registry.example.com/web:1.2.3',
            ports: [{ name: 'http', containerPort: 8080 }],
            readinessProbe: { httpGet: { path: '/ready', port: 'http' } },
            livenessProbe: { tcpSocket: { port: 8080 } },
            env: [{ name: 'LOG_LEVEL', value: 'info' }],
            resources: { requests: { cpu: '100m', memory: '128Mi' }, limits: { cpu: '500m', memory: '256Mi' } },
            securityContext: { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] } },
          }],
        },
      },
    },
  };
}

const restrictedNs: Manifest = {
  apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'app', labels: { 'pod-security.kubernetes.io/enforce': 'restricted' } },
};
const service: Manifest = {
  apiVersion: 'v1', kind: 'Service', metadata: { name: 'web', namespace: 'app', labels: { app: 'web' } },
  spec: { selector: { app: 'web' }, ports: [{ name: 'http', port: 80, targetPort: 'http' }] },
};

/** Applies a mutation to a fresh good Deployment's pod spec / container. */
function broken(mutate: (d: ReturnType<typeof goodDeployment>) => void): Manifest {
  const d = goodDeployment();
  mutate(d);
  return d;
}

describe('the baseline manifest set', () => {
  test('passes every check (so each failure below is caused by the one change)', () => {
    expect(allFindings([restrictedNs, goodDeployment(), service])).toEqual([]);
  });
});

describe('(a) Kubernetes schemas', () => {
  test('reports a wrong type', () => {
    const d = broken((x) => { x.spec.replicas = 'two'; });
    expect(schemaFindings([d])).toEqual([expect.stringMatching(/^Deployment\/app\/web: \[schema\] data\/spec\/replicas must be integer/)]);
  });

  test('reports a missing required field', () => {
    const d = broken((x) => { delete x.spec.selector; });
    expect(schemaFindings([d]).join('\n')).toContain("[schema] data/spec must have required property selector");
  });

  test('reports unknown fields at any depth, which kubernetes-models itself accepts', () => {
    const d = broken((x) => {
      x.spec.replica = 3;
      x.spec.template.spec.containers[0].securityContext.readOnlyRootFileSystem = true;
      x.spec.template.spec.containers[0].resources.request = { cpu: '1' };
    });
    expect(schemaFindings([d]).sort()).toEqual([
      'Deployment/app/web: [unknown-field] spec.replica is not a field of Deployment',
      'Deployment/app/web: [unknown-field] spec.template.spec.containers[0].resources.request is not a field of Deployment',
      'Deployment/app/web: [unknown-field] spec.template.spec.containers[0].securityContext.readOnlyRootFileSystem is not a field of Deployment',
    ]);
  });

  test('accepts arbitrary keys in maps (labels, resource quantities)', () => {
    const d = broken((x) => { x.spec.template.metadata.labels['any.example.com/key'] = 'v'; x.spec.template.spec.containers[0].resources.limits['ephemeral-storage'] = '1Gi'; });
    expect(schemaFindings([d])).toEqual([]);
  });

  test.each([
    ['batch/v1beta1', 'CronJob', '1.25'],
    ['policy/v1beta1', 'PodDisruptionBudget', '1.25'],
    ['autoscaling/v2beta2', 'HorizontalPodAutoscaler', '1.26'],
    ['networking.k8s.io/v1beta1', 'Ingress', '1.22'],
  ])('rejects %s %s, removed in %s', (apiVersion, kind, version) => {
    expect(schemaFindings([{ apiVersion, kind, metadata: { name: 'x', namespace: 'app' }, spec: {} }]))
      .toEqual([`${kind}/app/x: [removed-api] ${apiVersion} is no longer served since Kubernetes ${version}`]);
  });

  test('rejects kinds it does not know', () => {
    expect(schemaFindings([{ apiVersion: 'apps/v1', kind: 'Deploymnet', metadata: { name: 'x' } }]))
      .toEqual(['Deploymnet/-/x: [schema] unknown apiVersion/kind apps/v1 Deploymnet']);
  });
});

describe('(b) custom resources against the vendored crds/', () => {
  test('reads the CRDs from crds/ inside the repository, exactly the kinds the charts emit', () => {
    expect(CRD_DIR).toBe(path.resolve(__dirname, '../../../crds'));
    expect(fs.readdirSync(CRD_DIR).filter((f) => f.endsWith('.yaml')).sort()).toEqual([
      'external-secrets.io_clustersecretstores.yaml', 'external-secrets.io_externalsecrets.yaml', 'external-secrets.io_secretstores.yaml',
      'monitoring.coreos.com_prometheusrules.yaml', 'monitoring.coreos.com_servicemonitors.yaml',
    ]);
  });

  test('the vendored CRDs are the versions the cluster installs', () => {
    const annotation = (file: string, key: string): string | undefined =>
      loadManifests(path.join(CRD_DIR, file))[0]?.metadata?.annotations?.[key];
    // kube-prometheus-stack 88.2.0 ships prometheus-operator v0.93.0 (its Chart.yaml appVersion).
    expect(HELM_CHARTS.kubePrometheusStack.version).toBe('88.2.0');
    for (const f of ['monitoring.coreos.com_prometheusrules.yaml', 'monitoring.coreos.com_servicemonitors.yaml']) {
      expect(annotation(f, 'operator.prometheus.io/version')).toBe('0.93.0');
    }
    // The external-secrets chart's version equals its app version, whose CRDs are vendored.
    expect(HELM_CHARTS.externalSecrets.version).toBe('2.9.0');
    const readme = fs.readFileSync(path.join(CRD_DIR, 'README.md'), 'utf8');
    expect(readme).toMatch(/external-secrets\/external-secrets \| `v2\.9\.0`/);
    expect(readme).toMatch(/prometheus-operator\/prometheus-operator \| `v0\.93\.0`/);
  });

  const monitor = (spec: Record<string, unknown>): Manifest => ({
    apiVersion: 'monitoring.coreos.com/v1', kind: 'ServiceMonitor', metadata: { name: 'web', namespace: 'app' }, spec,
  });

  test('accepts a valid ServiceMonitor', () => {
    expect(crdFindings([monitor({ selector: { matchLabels: { app: 'web' } }, endpoints: [{ port: 'http', scheme: 'http' }] })])).toEqual([]);
  });

  test('reports an enum violation, an unknown field and a Go (?i) pattern mismatch', () => {
    const found = crdFindings([monitor({ selector: {}, endpoints: [{ port: 'http', scheme: 'ftp', intervall: '30s' }] })]);
    expect(found).toEqual(expect.arrayContaining([
      expect.stringMatching(/^ServiceMonitor\/app\/web: \[crd\] \/spec\/endpoints\/0\/scheme must be equal to one of the allowed values/),
      "ServiceMonitor/app/web: [crd] /spec/endpoints/0 must NOT have additional properties 'intervall'",
    ]));
  });

  test('reports a missing required field of an ExternalSecret', () => {
    const es: Manifest = {
      apiVersion: 'external-secrets.io/v1', kind: 'ExternalSecret', metadata: { name: 'db', namespace: 'app' },
      spec: { secretStoreRef: { name: 'aws', kind: 'ClusterSecretStore' }, data: [{ secretKey: 'password' }] },
    };
    expect(crdFindings([es])).toEqual(["ExternalSecret/app/db: [crd] /spec/data/0 must have required property 'remoteRef'"]);
  });

  test('reports a version no CRD serves', () => {
    const es: Manifest = { apiVersion: 'external-secrets.io/v1alpha1', kind: 'ExternalSecret', metadata: { name: 'db', namespace: 'app' }, spec: {} };
    expect(crdFindings([es])).toEqual([`ExternalSecret/app/db: [crd] no CRD in ${CRD_DIR} serves external-secrets.io/v1alpha1 ExternalSecret`]);
  });
});

describe('(c) Pod Security Standards', () => {
  const pss = (d: Manifest) => podSecurityFindings([restrictedNs, d]);

  test.each<[string, (d: ReturnType<typeof goodDeployment>) => void, string]>([
    ['runAsNonRoot missing', (d) => { delete d.spec.template.spec.securityContext.runAsNonRoot; }, "container 'web' must run with runAsNonRoot: true"],
    ['privilege escalation', (d) => { d.spec.template.spec.containers[0].securityContext.allowPrivilegeEscalation = true; }, "container 'web' must set allowPrivilegeEscalation: false"],
    ['capabilities not dropped', (d) => { d.spec.template.spec.containers[0].securityContext.capabilities = {}; }, "container 'web' must drop ALL capabilities"],
    ['capability added', (d) => { d.spec.template.spec.containers[0].securityContext.capabilities.add = ['NET_ADMIN']; }, "container 'web' adds capability NET_ADMIN"],
    ['seccomp missing', (d) => { delete d.spec.template.spec.securityContext.seccompProfile; }, "container 'web' needs seccompProfile RuntimeDefault or Localhost"],
    ['hostPath volume', (d) => { d.spec.template.spec.volumes = [{ name: 'h', hostPath: { path: '/var/log' } }]; }, "volume 'h' is a hostPath"],
    ['hostNetwork', (d) => { d.spec.template.spec.hostNetwork = true; }, 'hostNetwork is true'],
    ['hostPID', (d) => { d.spec.template.spec.hostPID = true; }, 'hostPID is true'],
    ['hostIPC', (d) => { d.spec.template.spec.hostIPC = true; }, 'hostIPC is true'],
    ['hostPort', (d) => { d.spec.template.spec.containers[0].ports[0].hostPort = 8080; }, "container 'web' uses hostPort 8080"],
    ['privileged', (d) => { d.spec.template.spec.containers[0].securityContext.privileged = true; }, "container 'web' is privileged"],
    ['volume type', (d) => { d.spec.template.spec.volumes = [{ name: 'n', nfs: { server: 'x', path: '/' } }]; }, "volume 'n' has type nfs, not allowed by restricted"],
    ['root user', (d) => { d.spec.template.spec.securityContext.runAsUser = 0; }, 'pod runAsUser is 0'],
  ])('reports %s', (_name, mutate, message) => {
    expect(pss(broken(mutate))).toContain(`Deployment/app/web: [pss-restricted] ${message}`);
  });

  test('allows NET_BIND_SERVICE and checks only labelled namespaces or those named in options', () => {
    const d = broken((x) => { x.spec.template.spec.containers[0].securityContext.capabilities.add = ['NET_BIND_SERVICE']; });
    expect(pss(d)).toEqual([]);
    const root = broken((x) => { x.spec.template.spec.securityContext.runAsUser = 0; });
    expect(podSecurityFindings([root])).toEqual([]);
    expect(podSecurityFindings([root], { namespaceLevels: { app: 'restricted' } })).toContain('Deployment/app/web: [pss-restricted] pod runAsUser is 0');
  });

  test('baseline namespaces get only the baseline controls', () => {
    const d = broken((x) => { x.spec.template.spec.hostNetwork = true; delete x.spec.template.spec.securityContext.seccompProfile; });
    expect(podSecurityFindings([d], { namespaceLevels: { app: 'baseline' } })).toEqual(['Deployment/app/web: [pss-baseline] hostNetwork is true']);
  });
});

describe('(d) kube-linter default checks', () => {
  const lint = (...objs: Manifest[]) => kubeLinterFindings(objs);

  test.each<[string, (d: ReturnType<typeof goodDeployment>) => void, string]>([
    ['latest-tag', (d) => { d.spec.template.spec.containers[0].image = 'web:latest'; }, "[latest-tag] container 'web' image 'web:latest' is not pinned"],
    ['untagged image', (d) => { d.spec.template.spec.containers[0].image = 'registry.example.com:5000/web'; }, "[latest-tag] container 'web' image 'registry.example.com:5000/web' is not pinned"],
    ['run-as-non-root', (d) => { d.spec.template.spec.securityContext = {}; }, "[run-as-non-root] container 'web' may run as root"],
    ['no-read-only-root-fs', (d) => { delete d.spec.template.spec.containers[0].securityContext.readOnlyRootFilesystem; }, "[no-read-only-root-fs] container 'web' has a writable root filesystem"],
    ['privilege-escalation-container', (d) => { delete d.spec.template.spec.containers[0].securityContext.allowPrivilegeEscalation; }, "[privilege-escalation-container] container 'web' does not set allowPrivilegeEscalation: false"],
    ['unset-cpu-requirements', (d) => { delete d.spec.template.spec.containers[0].resources.limits.cpu; }, "[unset-cpu-requirements] container 'web' lacks a CPU request or limit"],
    ['unset-memory-requirements', (d) => { delete d.spec.template.spec.containers[0].resources.requests.memory; }, "[unset-memory-requirements] container 'web' lacks a memory request or limit"],
    ['env-var-secret by name', (d) => { d.spec.template.spec.containers[0].env.push({ name: 'DB_PASSWORD', value: 'hunter2' }); }, "[env-var-secret] container 'web' env DB_PASSWORD holds a literal secret; use valueFrom.secretKeyRef"],
    ['env-var-secret by value', (d) => { d.spec.template.spec.containers[0].env.push({ name: 'AWS_ID', value: 'AKIAABCDEFGHIJKLMNOP' }); }, "[env-var-secret] container 'web' env AWS_ID holds a literal secret; use valueFrom.secretKeyRef"],
    ['liveness-port', (d) => { d.spec.template.spec.containers[0].livenessProbe.tcpSocket.port = 9999; }, "[liveness-port] container 'web' livenessProbe targets port 9999, which the container does not declare"],
    ['readiness-port', (d) => { d.spec.template.spec.containers[0].readinessProbe.httpGet.port = 'metrics'; }, "[readiness-port] container 'web' readinessProbe targets port metrics, which the container does not declare"],
    ['no-anti-affinity', (d) => { delete d.spec.template.spec.topologySpreadConstraints; }, '[no-anti-affinity] 2 replicas without podAntiAffinity or a hostname topology spread'],
    ['mismatching-selector', (d) => { d.spec.selector.matchLabels = { app: 'other' }; }, '[mismatching-selector] spec.selector does not match the pod template labels'],
    ['drop-net-raw-capability', (d) => { d.spec.template.spec.containers[0].securityContext.capabilities.drop = ['SYS_ADMIN']; }, "[drop-net-raw-capability] container 'web' does not drop NET_RAW"],
    ['privileged-container', (d) => { d.spec.template.spec.containers[0].securityContext.privileged = true; }, "[privileged-container] container 'web' is privileged"],
    ['host-network', (d) => { d.spec.template.spec.hostNetwork = true; }, '[host-network] uses the host network'],
    ['sensitive-host-mounts', (d) => { d.spec.template.spec.volumes = [{ name: 'etc', hostPath: { path: '/etc/kubernetes' } }]; }, '[sensitive-host-mounts] mounts host path /etc/kubernetes'],
    ['docker-sock', (d) => { d.spec.template.spec.volumes = [{ name: 's', hostPath: { path: '/var/run/docker.sock' } }]; }, '[docker-sock] mounts the container runtime socket /var/run/docker.sock'],
    ['ssh-port', (d) => { d.spec.template.spec.containers[0].ports.push({ containerPort: 22 }); }, "[ssh-port] container 'web' exposes port 22"],
    ['non-existent-service-account', (d) => { d.spec.template.spec.serviceAccountName = 'ghost'; }, "[non-existent-service-account] service account 'ghost' is not among the manifests"],
  ])('%s', (_name, mutate, message) => {
    expect(lint(broken(mutate), service)).toContain(`Deployment/app/web: ${message}`);
  });

  test('dangling-service', () => {
    const orphan: Manifest = { ...service, spec: { selector: { app: 'nothing' }, ports: [{ port: 80 }] } };
    expect(lint(goodDeployment(), orphan)).toEqual(['Service/app/web: [dangling-service] selector matches no pod template']);
    const otherNamespace: Manifest = { ...service, metadata: { name: 'web', namespace: 'elsewhere' } };
    expect(lint(goodDeployment(), otherNamespace)).toEqual(['Service/elsewhere/web: [dangling-service] selector matches no pod template']);
  });

  const pdb = (spec: Record<string, unknown>): Manifest => ({ apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', metadata: { name: 'web', namespace: 'app' }, spec });

  test('pdb-min-available, pdb-max-unavailable and dangling PDBs', () => {
    expect(lint(goodDeployment(), pdb({ minAvailable: 2, selector: { matchLabels: { app: 'web' } } })))
      .toEqual(['PodDisruptionBudget/app/web: [pdb-min-available] minAvailable 2 of 2 replicas of web blocks every eviction']);
    expect(lint(goodDeployment(), pdb({ minAvailable: '100%', selector: { matchLabels: { app: 'web' } } })))
      .toEqual(['PodDisruptionBudget/app/web: [pdb-min-available] minAvailable 100% of 2 replicas of web blocks every eviction']);
    expect(lint(goodDeployment(), pdb({ maxUnavailable: 0, selector: { matchLabels: { app: 'web' } } })))
      .toEqual(['PodDisruptionBudget/app/web: [pdb-max-unavailable] maxUnavailable 0 blocks every eviction']);
    expect(lint(goodDeployment(), pdb({ maxUnavailable: 1, selector: { matchLabels: { app: 'x' } } })))
      .toEqual(['PodDisruptionBudget/app/web: [dangling-pdb] selector matches no pod template']);
    expect(lint(goodDeployment(), pdb({ minAvailable: 1, selector: { matchLabels: { app: 'web' } } }))).toEqual([]);
  });

  test('uses the HPA minimum when the workload leaves replicas to an HPA', () => {
    const d = broken((x) => { delete x.spec.replicas; });
    const hpa: Manifest = {
      apiVersion: 'autoscaling/v2', kind: 'HorizontalPodAutoscaler', metadata: { name: 'web', namespace: 'app' },
      spec: { scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' }, minReplicas: 3, maxReplicas: 6 },
    };
    expect(lint(d, hpa, pdb({ minAvailable: 2, selector: { matchLabels: { app: 'web' } } }))).toEqual([]);
    expect(lint(d, hpa, pdb({ minAvailable: 3, selector: { matchLabels: { app: 'web' } } })))
      .toEqual(['PodDisruptionBudget/app/web: [pdb-min-available] minAvailable 3 of 3 replicas of web blocks every eviction']);
    const dangling: Manifest = { ...hpa, spec: { scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'gone' }, minReplicas: 1, maxReplicas: 2 } };
    expect(lint(d, dangling)).toEqual(['HorizontalPodAutoscaler/app/web: [dangling-hpa] scaleTargetRef Deployment/gone does not exist']);
  });

  test('dangling-networkpolicy (an empty podSelector is a namespace-wide policy, never dangling)', () => {
    const np = (podSelector: Record<string, unknown>): Manifest => ({
      apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name: 'np', namespace: 'app' }, spec: { podSelector, policyTypes: ['Ingress'] },
    });
    expect(lint(goodDeployment(), np({ matchLabels: { app: 'gone' } }))).toEqual(['NetworkPolicy/app/np: [dangling-networkpolicy] podSelector matches no pod template']);
    expect(lint(goodDeployment(), np({}))).toEqual([]);
    expect(lint(goodDeployment(), np({ matchExpressions: [{ key: 'app', operator: 'In', values: ['web'] }] }))).toEqual([]);
  });

  test('dangling ServiceMonitor: no matching Service, or an endpoint port the Service does not name', () => {
    const sm = (selector: Record<string, unknown>, port: string): Manifest => ({
      apiVersion: 'monitoring.coreos.com/v1', kind: 'ServiceMonitor', metadata: { name: 'web', namespace: 'app' }, spec: { selector, endpoints: [{ port }] },
    });
    expect(lint(goodDeployment(), service, sm({ matchLabels: { app: 'web' } }, 'http'))).toEqual([]);
    expect(lint(goodDeployment(), service, sm({ matchLabels: { app: 'nope' } }, 'http')))
      .toEqual(['ServiceMonitor/app/web: [dangling-servicemonitor] selector matches no Service']);
    expect(lint(goodDeployment(), service, sm({ matchLabels: { app: 'web' } }, 'metrics')))
      .toEqual(["ServiceMonitor/app/web: [dangling-servicemonitor] endpoint port 'metrics' is not a named port of the selected Services"]);
  });

  test('checks init containers and CronJob pod templates too', () => {
    const cron: Manifest = {
      apiVersion: 'batch/v1', kind: 'CronJob', metadata: { name: 'job', namespace: 'app' },
      spec: { schedule: '0 2 * * *', jobTemplate: { spec: { template: { spec: { ...goodDeployment().spec.template.spec, initContainers: [{ name: 'init', image: 'busybox' }] } } } } },
    };
    const found = lint(cron);
    expect(found).toContain("CronJob/app/job: [latest-tag] container 'init' image 'busybox' is not pinned");
    expect(found).toContain("CronJob/app/job: [unset-cpu-requirements] container 'init' lacks a CPU request or limit");
  });
});

describe("(d) kube-linter's own opt-out annotation", () => {
  const noCpuLimit = () => {
    const d = goodDeployment();
    delete d.spec.template.spec.containers[0].resources.limits.cpu;
    return d;
  };
  test('ignore-check.kube-linter.io/<check> with a reason silences exactly that check on that object', () => {
    const d = noCpuLimit();
    (d.metadata as Record<string, unknown>).annotations = { 'ignore-check.kube-linter.io/unset-cpu-requirements': 'no CPU limit on purpose (burstable)' };
    expect(kubeLinterFindings([d as unknown as Manifest])).toEqual([]);
  });
  test('fails without a reason, or for another check', () => {
    const blank = noCpuLimit();
    (blank.metadata as Record<string, unknown>).annotations = { 'ignore-check.kube-linter.io/unset-cpu-requirements': '' };
    expect(kubeLinterFindings([blank as unknown as Manifest]).join()).toContain('[unset-cpu-requirements]');
    const other = noCpuLimit();
    (other.metadata as Record<string, unknown>).annotations = { 'ignore-check.kube-linter.io/latest-tag': 'an unrelated acknowledgement' };
    expect(kubeLinterFindings([other as unknown as Manifest]).join()).toContain('[unset-cpu-requirements]');
  });
});

describe('selectors and YAML input', () => {
  test('matchExpressions operators', () => {
    const labels = { app: 'web', tier: 'front' };
    expect(selectorMatches({ matchExpressions: [{ key: 'tier', operator: 'NotIn', values: ['back'] }, { key: 'app', operator: 'Exists' }] }, labels)).toBe(true);
    expect(selectorMatches({ matchExpressions: [{ key: 'app', operator: 'DoesNotExist' }] }, labels)).toBe(false);
    expect(selectorMatches({ app: 'web' }, labels)).toBe(true);
    expect(selectorMatches(undefined, labels)).toBe(false);
  });

  test('loadManifests reads multi-document YAML such as dist/*.k8s.yaml', () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'manifests-')), 'x.k8s.yaml');
    fs.writeFileSync(file, 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: a\n---\napiVersion: v1\nkind: Namespace\nmetadata:\n  name: b\n');
    expect(loadManifests(file).map((m) => m.metadata?.name)).toEqual(['a', 'b']);
    fs.rmSync(path.dirname(file), { recursive: true });
  });
});
