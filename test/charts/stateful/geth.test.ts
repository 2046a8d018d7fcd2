import { Chart, Testing } from 'cdk8s';
import { GethNode, GethNodeProps } from '../../../charts/lib/geth';
import { validateRpcApis } from '../../../charts/lib/geth-args';
import { allFindings, Manifest } from '../../support/manifests';

const BASE: GethNodeProps = {
  namespace: 'verypay-blockchain',
  gethImage: 'ethereum/client-go:v1.17.5',
  lighthouseImage: 'sigp/lighthouse:v8.2.2',
  rpcClients: [{ namespace: 'verypay-api', podLabels: { 'app.kubernetes.io/name': 'payment-service' } }],
};

/* eslint-disable @typescript-eslint/no-explicit-any */
function synth(overrides: Partial<GethNodeProps> = {}): any[] {
  const chart = new Chart(Testing.app(), 'test');
  new GethNode(chart, 'Geth', { ...BASE, ...overrides });
  return Testing.synth(chart);
}
const find = (objs: any[], kind: string) => objs.find((o) => o.kind === kind);
const container = (objs: any[], name: string) => find(objs, 'StatefulSet').spec.template.spec.containers.find((c: any) => c.name === name);
/* eslint-enable @typescript-eslint/no-explicit-any */

describe('GethNode', () => {
  const objs = synth();
  const sts = find(objs, 'StatefulSet');
  const pod = sts.spec.template.spec;
  const geth = container(objs, 'geth');
  const lighthouse = container(objs, 'lighthouse');

  test('one StatefulSet, two replicas, geth and Lighthouse side by side plus a JWT init container', () => {
    expect(sts.metadata).toMatchObject({ name: 'geth', namespace: 'verypay-blockchain' });
    expect(sts.spec.replicas).toBe(2);
    expect(sts.spec.serviceName).toBe('geth');
    expect(pod.containers.map((c: { name: string }) => c.name)).toEqual(['geth', 'lighthouse']);
    expect(pod.initContainers.map((c: { name: string }) => c.name)).toEqual(['jwt-secret']);
    expect(geth.image).toBe('ethereum/client-go:v1.17.5');
    expect(lighthouse.image).toBe('sigp/lighthouse:v8.2.2');
  });

  test('geth serves only eth,net,web3 with restricted vhosts/origins and the Engine API on localhost', () => {
    expect(geth.args).toEqual(expect.arrayContaining([
      '--mainnet', '--datadir=/data', '--syncmode=snap', '--cache=4096', '--maxpeers=50',
      '--http', '--http.addr=0.0.0.0', '--http.api=eth,net,web3', '--http.corsdomain=',
      '--ws', '--ws.api=eth,net,web3',
      '--authrpc.addr=127.0.0.1', '--authrpc.port=8551', '--authrpc.jwtsecret=/jwt/jwt.hex',
      '--metrics', '--metrics.addr=0.0.0.0', '--metrics.port=6060',
    ]));
    expect(geth.args).toContain('--http.vhosts=geth,geth.verypay-blockchain,geth.verypay-blockchain.svc,geth.verypay-blockchain.svc.cluster.local,localhost');
    expect(geth.args.find((a: string) => a.startsWith('--ws.origins='))).not.toContain('*');
    expect(geth.args.join(' ')).not.toMatch(/personal|admin|debug/);
    expect(geth.ports.map((p: { containerPort: number }) => p.containerPort)).not.toContain(8551);
  });

  test('Lighthouse uses checkpoint sync and the local Engine API with the shared JWT', () => {
    expect(lighthouse.command).toEqual(expect.arrayContaining([
      'lighthouse', 'beacon_node', '--network=mainnet', '--execution-endpoint=http://localhost:8551',
      '--execution-jwt=/jwt/jwt.hex', '--checkpoint-sync-url=https://mainnet.checkpoint.sigp.io', '--metrics-port=5054',
    ]));
    const jwtInit = pod.initContainers[0];
    expect(jwtInit.command[2]).toContain('head -c 32 /dev/urandom');
    expect(pod.volumes).toContainEqual({ name: 'jwt', emptyDir: { medium: 'Memory', sizeLimit: '1Mi' } });
    expect(geth.volumeMounts).toContainEqual({ name: 'jwt', mountPath: '/jwt', readOnly: true });
  });

  test('the JWT init script writes exactly 64 hex characters', () => {
    const { execFileSync } = jest.requireActual<typeof import('child_process')>('child_process');
    const dir = execFileSync('mktemp', ['-d']).toString().trim();
    const script = pod.initContainers[0].command[2].replaceAll('/jwt/jwt.hex', `${dir}/jwt.hex`);
    execFileSync('sh', ['-c', script]);
    const secret = execFileSync('cat', [`${dir}/jwt.hex`]).toString();
    execFileSync('rm', ['-rf', dir]);
    expect(secret).toMatch(/^[0-9a-f]{64}$/);
  });

  test('data on Retain gp3 volumes: 1 TiB for geth, 200 GiB for Lighthouse, kept on delete and scale-in', () => {
    expect(sts.spec.volumeClaimTemplates.map((c: { metadata: { name: string }; spec: object }) => [c.metadata.name, c.spec])).toEqual([
      ['geth-data', { accessModes: ['ReadWriteOnce'], storageClassName: 'gp3-csi', resources: { requests: { storage: '1024Gi' } } }],
      ['beacon-data', { accessModes: ['ReadWriteOnce'], storageClassName: 'gp3-csi', resources: { requests: { storage: '200Gi' } } }],
    ]);
    expect(sts.spec.persistentVolumeClaimRetentionPolicy).toEqual({ whenDeleted: 'Retain', whenScaled: 'Retain' });
    expect(geth.volumeMounts).toContainEqual({ name: 'geth-data', mountPath: '/data' });
    expect(lighthouse.volumeMounts).toContainEqual({ name: 'beacon-data', mountPath: '/data' });
  });

  test('runs on the blockchain pool, spread over hosts, with the seed resources', () => {
    expect(pod.nodeSelector).toEqual({ role: 'blockchain' });
    expect(pod.tolerations).toEqual([{ key: 'role', operator: 'Equal', value: 'blockchain', effect: 'NoSchedule' }]);
    expect(pod.topologySpreadConstraints[0]).toMatchObject({ topologyKey: 'kubernetes.io/hostname', whenUnsatisfiable: 'DoNotSchedule' });
    expect(geth.resources).toEqual({ requests: { cpu: '2000m', memory: '8192Mi' }, limits: { cpu: '4000m', memory: '16384Mi' } });
  });

  test('every container is restricted: UID 10001, read-only root, no escalation, ALL dropped, seccomp RuntimeDefault', () => {
    expect(pod.securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: 10001, fsGroup: 10001, seccompProfile: { type: 'RuntimeDefault' } });
    for (const c of [...pod.containers, ...pod.initContainers]) {
      expect(c.securityContext).toMatchObject({
        runAsNonRoot: true, runAsUser: 10001, readOnlyRootFilesystem: true, allowPrivilegeEscalation: false, privileged: false, capabilities: { drop: ['ALL'] },
      });
    }
    expect(pod.automountServiceAccountToken).toBe(false);
  });

  test('headless Service, PDB maxUnavailable 1 and a ServiceMonitor on both metrics ports', () => {
    const svc = find(objs, 'Service');
    expect(svc.spec.clusterIP).toBe('None');
    expect(svc.spec.ports.map((p: { name: string; port: number }) => `${p.name}:${p.port}`)).toEqual(['http-rpc:8545', 'ws-rpc:8546', 'metrics:6060', 'beacon-metrics:5054']);
    expect(find(objs, 'PodDisruptionBudget').spec.maxUnavailable).toBe(1);
    expect(find(objs, 'ServiceMonitor').spec.endpoints).toEqual([
      { port: 'metrics', path: '/debug/metrics/prometheus', interval: '30s' },
      { port: 'beacon-metrics', path: '/metrics', interval: '30s' },
    ]);
  });

  test('NetworkPolicy: RPC only from payment-service, metrics only from monitoring, P2P from public addresses', () => {
    const np = find(objs, 'NetworkPolicy');
    expect(np.spec.policyTypes).toEqual(['Ingress', 'Egress']);
    const [rpc, metrics, p2p] = np.spec.ingress;
    expect(rpc.from).toEqual([{
      namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'verypay-api' } },
      podSelector: { matchLabels: { 'app.kubernetes.io/name': 'payment-service' } },
    }]);
    expect(rpc.ports.map((p: { port: number }) => p.port)).toEqual([8545, 8546]);
    expect(metrics.from).toEqual([{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-prometheus-stack' } } }]);
    expect(p2p.ports.map((p: { port: number; protocol: string }) => `${p.port}/${p.protocol}`)).toEqual(['30303/TCP', '30303/UDP', '9000/TCP', '9000/UDP', '9001/UDP']);
    expect(p2p.from[0].ipBlock.except).toContain('10.0.0.0/8');
  });

  test('passes every manifest check with its namespace held to Pod Security restricted', () => {
    expect(allFindings(objs as Manifest[], { namespaceLevels: { 'verypay-blockchain': 'restricted' } })).toEqual([]);
  });

  test('snapshot', () => {
    expect(objs.map((o) => ({ kind: o.kind, name: o.metadata.name, spec: o.kind === 'StatefulSet' ? { ...o.spec, template: '(asserted above)' } : o.spec })))
      .toMatchSnapshot();
  });

  test('network, replicas, sizes and checkpoint URL are configurable', () => {
    const custom = synth({ network: 'sepolia', replicas: 1, gethStorageGiB: 600, lighthouseStorageGiB: 100, checkpointSyncUrl: 'https://beacon.example.com' });
    expect(container(custom, 'geth').args).toContain('--sepolia');
    expect(container(custom, 'lighthouse').command).toContain('--checkpoint-sync-url=https://beacon.example.com');
    expect(find(custom, 'StatefulSet').spec.replicas).toBe(1);
    expect(find(custom, 'StatefulSet').spec.volumeClaimTemplates[0].spec.resources.requests.storage).toBe('600Gi');
  });
});

describe('GethNode fails when', () => {
  test.each([
    ['personal', /rpcApis contains 'personal', which must not be exposed: it was removed in geth v1\.14\.12/],
    ['admin', /rpcApis contains 'admin', which must not be exposed/],
    ['debug', /rpcApis contains 'debug', which must not be exposed/],
    ['engine', /rpcApis contains 'engine'/],
    ['foo', /rpcApis contains 'foo', which is not one of eth, net, web3, txpool/],
  ])('rpcApis includes %s', (api, message) => {
    expect(() => synth({ rpcApis: ['eth', api] })).toThrow(message);
  });

  test('rpcApis is empty', () => {
    expect(() => validateRpcApis([], 'rpcApis')).toThrow("rpcApis is empty; give at least 'eth'.");
  });

  test.each<[string, Partial<GethNodeProps>, RegExp]>([
    ['checkpointSyncUrl is not https', { checkpointSyncUrl: 'http://beacon:5052' }, /checkpointSyncUrl 'http:\/\/beacon:5052' must be an https:\/\/ URL/],
    ['replicas is 0', { replicas: 0 }, /replicas must be an integer ≥ 1, got 0/],
    ['gethStorageGiB is too small', { gethStorageGiB: 100 }, /gethStorageGiB must be an integer ≥ 500/],
    ['lighthouseStorageGiB is too small', { lighthouseStorageGiB: 10 }, /lighthouseStorageGiB must be an integer ≥ 50, got 10/],
    ['cacheMiB exceeds half the memory limit', { cacheMiB: 12000 }, /cacheMiB 12000 must be between 512 and half of gethResources.memoryLimitMiB \(8192\)/],
    ['maxPeers is out of range', { maxPeers: 500 }, /maxPeers must be an integer 1-200, got 500/],
    ['rpcClients is empty', { rpcClients: [] }, /rpcClients is empty/],
    ['the geth image uses latest', { gethImage: 'ethereum/client-go:latest' }, /gethImage: image 'ethereum\/client-go:latest' uses the mutable tag 'latest'/],
    ['the lighthouse image has no tag', { lighthouseImage: 'sigp/lighthouse' }, /lighthouseImage: image 'sigp\/lighthouse' has no tag/],
  ])('%s', (_name, overrides, message) => {
    expect(() => synth(overrides)).toThrow(message);
  });
});
