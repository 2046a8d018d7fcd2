import { ApiObject, Duration, JsonPatch, Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { ServiceMonitor } from '../imports/servicemonitor-monitoring.coreos.com';
import { PROMETHEUS_NAMESPACE } from '../../lib/core/naming';
import { POOL_LABEL_KEY, POOL_PLACEMENT } from '../../lib/core/placement';
import { ContainerResources, imageRef } from './cron-job';
import { gethReadinessCommand } from './geth-readiness';
import { applyRestrictedPatches } from './security';
import {
  EthereumNetwork, GETH_METRICS_PATH, GETH_PORTS, JWT_INIT_SCRIPT, gethArgs, lighthouseArgs, validateRpcApis,
} from './geth-args';
import { gethNetworkPolicy, RpcClient } from './geth-network-policy';

/** Props of {@link GethNode}: images, who may call its RPC, storage and sizing. */
export interface GethNodeProps {
  /** Namespace of the node (e.g. `platformNamespaces(cfg).blockchain`). */
  readonly namespace: string;
  /** geth image (execution client), pinned: `ethereum/client-go:v1.17.5`. */
  readonly gethImage: string;
  /** Lighthouse image (consensus client), pinned: `sigp/lighthouse:v8.2.2`. */
  readonly lighthouseImage: string;
  /**
   * HTTPS URL of a trusted beacon node for checkpoint sync. Run your own or pick a provider you
   * trust: the node starts from the state this server returns.
   * @default - Sigma Prime's public endpoint of the network, `https://<network>.checkpoint.sigp.io`
   */
  readonly checkpointSyncUrl?: string;
  /** Pods allowed to call JSON-RPC (HTTP 8545 / WS 8546): the payment service. */
  readonly rpcClients: RpcClient[];
  /** @default 'mainnet' */
  readonly network?: EthereumNetwork;
  /** Name of the StatefulSet, its headless Service and its PDB. @default 'geth' */
  readonly name?: string;
  /** @default 2 (seed) */
  readonly replicas?: number;
  /** JSON-RPC namespaces served over HTTP and WS (never personal/admin/debug). @default ['eth', 'net', 'web3'] */
  readonly rpcApis?: string[];
  /** Storage class of the data volumes (Retain reclaim policy, created by the cluster stack). @default 'gp3-csi' */
  readonly storageClassName?: string;
  /** geth's chain data volume in GiB. Changing it needs a manual PVC resize (volumeClaimTemplates are immutable). @default 1024 */
  readonly gethStorageGiB?: number;
  /** Lighthouse's beacon data volume in GiB. @default 200 */
  readonly lighthouseStorageGiB?: number;
  /** @default - requests 2 CPU / 8 GiB, limits 4 CPU / 16 GiB (seed) */
  readonly gethResources?: ContainerResources;
  /** @default - requests 1 CPU / 4 GiB, limits 2 CPU / 8 GiB */
  readonly lighthouseResources?: ContainerResources;
  /** geth `--cache` in MiB. @default 4096 */
  readonly cacheMiB?: number;
  /** @default 50 */
  readonly maxPeers?: number;
  /** Node label the pods require; the matching NoSchedule taint is tolerated. @default { key: 'role', value: 'blockchain' } */
  readonly nodeRole?: { readonly key: string; readonly value: string };
  /**
   * geth is ready only while synced: `eth.syncing` false and a head block at most this old
   * (`gethReadinessCommand`). Not ready means out of the headless Service, so no RPC traffic.
   * @default 120
   */
  readonly readyMaxHeadAgeSeconds?: number;
  /** PriorityClass of the pods (`PlatformPriorityClasses`, the `blockchain` tier). @default - none (priority 0) */
  readonly priorityClassName?: string;
  /** Namespace of Prometheus (allowed to scrape 6060/5054). @default 'kube-prometheus-stack' */
  readonly monitoringNamespace?: string;
  /** Labels Prometheus selects ServiceMonitors by. @default - none */
  readonly serviceMonitorLabels?: Record<string, string>;
}

const DEFAULT_GETH_RESOURCES: ContainerResources = { cpuRequestMillis: 2000, cpuLimitMillis: 4000, memoryRequestMiB: 8192, memoryLimitMiB: 16384 };
const DEFAULT_LIGHTHOUSE_RESOURCES: ContainerResources = { cpuRequestMillis: 1000, cpuLimitMillis: 2000, memoryRequestMiB: 4096, memoryLimitMiB: 8192 };
const UID = 10001;

/**
 * An Ethereum node after the Merge: geth (execution) and Lighthouse (consensus) as **one
 * StatefulSet with two containers** per pod.
 *
 * Why one pod: the Engine API (authrpc 8551) carries block production and fork choice and must be
 * authenticated with a JWT shared by exactly one execution/consensus pair. In one pod it binds to
 * 127.0.0.1, so it is never on the network at all, and the pair is scheduled, scaled, disrupted
 * and restarted together (two StatefulSets would pair `geth-0` with `beacon-0` only by
 * convention, expose 8551 on the pod network, and need a Secret shared across pods).
 *
 * Why the JWT comes from an init container: both consumers live in the pod, so an init container
 * writes 32 random bytes as hex into an in-memory emptyDir (mode 0400). The secret never leaves the
 * pod, is never stored in etcd or Secrets Manager, and rotates whenever the pod restarts (both
 * clients restart with it). An ExternalSecret would only be needed with two pods.
 *
 * Exposure: JSON-RPC (HTTP 8545, WS 8546, `eth,net,web3` only, vhosts/origins limited to the
 * Service's names) is reachable only from the `rpcClients` pods (NetworkPolicy). P2P (geth 30303,
 * Lighthouse 9000/9001, TCP+UDP) is the only traffic allowed from anywhere; no LoadBalancer is
 * created, so peers are dialled outbound from the private subnets (enough to sync; geth dials a
 * third of `maxPeers` itself). Egress goes to public addresses only (private ranges and the
 * instance metadata endpoint are excluded) plus cluster DNS.
 *
 * Security: every container runs as UID 10001, non-root, read-only root filesystem (chain data on
 * the PVCs, /tmp on an emptyDir), no privilege escalation, all capabilities dropped, seccomp
 * RuntimeDefault, fsGroup 10001 for the volumes: the pod passes Pod Security "restricted".
 */
export class GethNode extends Construct {
  public readonly statefulSet: kplus.StatefulSet;
  /** Headless Service `<name>`: RPC, WS and metrics ports; `<name>-N.<name>.<ns>.svc` per pod. */
  public readonly service: kplus.Service;
  /** In-cluster HTTP JSON-RPC URL for the payment service. */
  public readonly rpcUrl: string;
  /** In-cluster WebSocket JSON-RPC URL. */
  public readonly wsUrl: string;
  /** Pod labels, for NetworkPolicies of other namespaces. */
  public readonly podLabels: Record<string, string>;

  constructor(scope: Construct, id: string, props: GethNodeProps) {
    super(scope, id);
    const name = props.name ?? 'geth';
    const network = props.network ?? 'mainnet';
    const replicas = props.replicas ?? 2;
    const apis = props.rpcApis ?? ['eth', 'net', 'web3'];
    validateRpcApis(apis, 'rpcApis');
    const checkpointSyncUrl = props.checkpointSyncUrl ?? `https://${network}.checkpoint.sigp.io`;
    if (!/^https:\/\/[^\s/]+(\/\S*)?$/.test(checkpointSyncUrl)) {
      throw new Error(`checkpointSyncUrl '${checkpointSyncUrl}' must be an https:// URL of a trusted beacon node, e.g. 'https://mainnet.checkpoint.sigp.io'.`);
    }
    if (!Number.isInteger(replicas) || replicas < 1) throw new Error(`replicas must be an integer ≥ 1, got ${replicas}.`);
    const gethGiB = props.gethStorageGiB ?? 1024;
    const beaconGiB = props.lighthouseStorageGiB ?? 200;
    if (!Number.isInteger(gethGiB) || gethGiB < 500) {
      throw new Error(`gethStorageGiB must be an integer ≥ 500 (a snap-synced mainnet node needs well over 500 GiB), got ${gethGiB}.`);
    }
    if (!Number.isInteger(beaconGiB) || beaconGiB < 50) throw new Error(`lighthouseStorageGiB must be an integer ≥ 50, got ${beaconGiB}.`);
    const cacheMiB = props.cacheMiB ?? 4096;
    const gethRes = props.gethResources ?? DEFAULT_GETH_RESOURCES;
    if (cacheMiB < 512 || cacheMiB > gethRes.memoryLimitMiB / 2) {
      throw new Error(`cacheMiB ${cacheMiB} must be between 512 and half of gethResources.memoryLimitMiB (${gethRes.memoryLimitMiB / 2}).`);
    }
    const maxPeers = props.maxPeers ?? 50;
    if (!Number.isInteger(maxPeers) || maxPeers < 1 || maxPeers > 200) throw new Error(`maxPeers must be an integer 1-200, got ${maxPeers}.`);
    if (props.rpcClients.length === 0) throw new Error('rpcClients is empty; name the pods (namespace + labels) that call JSON-RPC, e.g. payment-service.');
    const role = props.nodeRole ?? { key: POOL_LABEL_KEY, value: POOL_PLACEMENT.blockchain.labels[POOL_LABEL_KEY] };
    const monitoringNamespace = props.monitoringNamespace ?? PROMETHEUS_NAMESPACE;

    const ns = props.namespace;
    const hostnames = [name, `${name}.${ns}`, `${name}.${ns}.svc`, `${name}.${ns}.svc.cluster.local`, 'localhost'];
    this.rpcUrl = `http://${name}.${ns}.svc.cluster.local:${GETH_PORTS.http}`;
    this.wsUrl = `ws://${name}.${ns}.svc.cluster.local:${GETH_PORTS.ws}`;
    this.podLabels = { 'app.kubernetes.io/name': name, 'app.kubernetes.io/component': 'ethereum-node' };
    const labels = { ...this.podLabels };

    this.service = new kplus.Service(this, 'Service', {
      metadata: { name, namespace: ns, labels },
      clusterIP: 'None',
      ports: [
        { name: 'http-rpc', port: GETH_PORTS.http, targetPort: GETH_PORTS.http },
        { name: 'ws-rpc', port: GETH_PORTS.ws, targetPort: GETH_PORTS.ws },
        { name: 'metrics', port: GETH_PORTS.metrics, targetPort: GETH_PORTS.metrics },
        { name: 'beacon-metrics', port: GETH_PORTS.beaconMetrics, targetPort: GETH_PORTS.beaconMetrics },
      ],
    });

    const tmp = kplus.Volume.fromEmptyDir(this, 'Tmp', 'tmp', { sizeLimit: Size.mebibytes(256) });
    const jwt = kplus.Volume.fromEmptyDir(this, 'Jwt', 'jwt', { medium: kplus.EmptyDirMedium.MEMORY, sizeLimit: Size.mebibytes(1) });
    const security: kplus.ContainerSecurityContextProps = {
      ensureNonRoot: true, user: UID, group: UID, readOnlyRootFilesystem: true, allowPrivilegeEscalation: false, privileged: false,
    };
    const resources = (r: ContainerResources): kplus.ContainerResources => ({
      cpu: { request: kplus.Cpu.millis(r.cpuRequestMillis), limit: kplus.Cpu.millis(r.cpuLimitMillis) },
      memory: { request: Size.mebibytes(r.memoryRequestMiB), limit: Size.mebibytes(r.memoryLimitMiB) },
    });
    const gethImage = imageRef(props.gethImage, 'gethImage');

    this.statefulSet = new kplus.StatefulSet(this, 'Resource', {
      metadata: { name, namespace: ns, labels },
      podMetadata: { labels },
      service: this.service,
      replicas,
      podManagementPolicy: kplus.PodManagementPolicy.PARALLEL,
      securityContext: { ensureNonRoot: true, user: UID, group: UID, fsGroup: UID, fsGroupChangePolicy: kplus.FsGroupChangePolicy.ON_ROOT_MISMATCH },
      automountServiceAccountToken: false,
      terminationGracePeriod: Duration.minutes(3),
      initContainers: [{
        name: 'jwt-secret',
        image: gethImage,
        imagePullPolicy: kplus.ImagePullPolicy.IF_NOT_PRESENT,
        command: ['/bin/sh', '-c', JWT_INIT_SCRIPT],
        resources: resources({ cpuRequestMillis: 10, cpuLimitMillis: 100, memoryRequestMiB: 16, memoryLimitMiB: 32 }),
        securityContext: security,
        volumeMounts: [{ path: '/jwt', volume: jwt }],
      }],
      containers: [
        {
          name: 'geth',
          image: gethImage,
          imagePullPolicy: kplus.ImagePullPolicy.IF_NOT_PRESENT,
          args: gethArgs({ network, apis, vhosts: hostnames, wsOrigins: hostnames.map((h) => `http://${h}`), cacheMiB, maxPeers }),
          ports: [
            { name: 'http-rpc', number: GETH_PORTS.http },
            { name: 'ws-rpc', number: GETH_PORTS.ws },
            { name: 'p2p-tcp', number: GETH_PORTS.p2p, protocol: kplus.Protocol.TCP },
            { name: 'p2p-udp', number: GETH_PORTS.p2p, protocol: kplus.Protocol.UDP },
            { name: 'metrics', number: GETH_PORTS.metrics },
          ],
          envVariables: { HOME: kplus.EnvValue.fromValue('/tmp') },
          resources: resources(gethRes),
          securityContext: security,
          volumeMounts: [{ path: '/tmp', volume: tmp }, { path: '/jwt', volume: jwt, readOnly: true }],
          startup: kplus.Probe.fromTcpSocket({ port: GETH_PORTS.http, periodSeconds: Duration.seconds(10), failureThreshold: 60 }),
          // Synced or not ready: out of the headless Service until eth.syncing is false and the head is fresh.
          readiness: kplus.Probe.fromCommand(gethReadinessCommand(props.readyMaxHeadAgeSeconds ?? 120, GETH_PORTS.http), {
            periodSeconds: Duration.seconds(15), timeoutSeconds: Duration.seconds(10), failureThreshold: 2,
          }),
          liveness: kplus.Probe.fromHttpGet(GETH_METRICS_PATH, { port: GETH_PORTS.metrics, periodSeconds: Duration.seconds(30), failureThreshold: 5 }),
        },
        {
          name: 'lighthouse',
          image: imageRef(props.lighthouseImage, 'lighthouseImage'),
          imagePullPolicy: kplus.ImagePullPolicy.IF_NOT_PRESENT,
          command: lighthouseArgs(network, checkpointSyncUrl),
          ports: [
            { name: 'beacon-p2p-tcp', number: GETH_PORTS.beaconP2p, protocol: kplus.Protocol.TCP },
            { name: 'beacon-p2p-udp', number: GETH_PORTS.beaconP2p, protocol: kplus.Protocol.UDP },
            { name: 'beacon-quic', number: GETH_PORTS.beaconQuic, protocol: kplus.Protocol.UDP },
            { name: 'beacon-metrics', number: GETH_PORTS.beaconMetrics },
          ],
          envVariables: { HOME: kplus.EnvValue.fromValue('/tmp') },
          resources: resources(props.lighthouseResources ?? DEFAULT_LIGHTHOUSE_RESOURCES),
          securityContext: security,
          volumeMounts: [{ path: '/tmp', volume: tmp }, { path: '/jwt', volume: jwt, readOnly: true }],
          startup: kplus.Probe.fromHttpGet('/metrics', { port: GETH_PORTS.beaconMetrics, periodSeconds: Duration.seconds(10), failureThreshold: 60 }),
          readiness: kplus.Probe.fromTcpSocket({ port: GETH_PORTS.beaconP2p, periodSeconds: Duration.seconds(10) }),
          liveness: kplus.Probe.fromHttpGet('/metrics', { port: GETH_PORTS.beaconMetrics, periodSeconds: Duration.seconds(30), failureThreshold: 5 }),
        },
      ],
    });

    const obj = ApiObject.of(this.statefulSet);
    const pod = '/spec/template/spec';
    applyRestrictedPatches(obj, pod, 2, 1);
    obj.addJsonPatch(
      JsonPatch.add(`${pod}/containers/0/volumeMounts/-`, { name: 'geth-data', mountPath: '/data' }),
      JsonPatch.add(`${pod}/containers/1/volumeMounts/-`, { name: 'beacon-data', mountPath: '/data' }),
      JsonPatch.add(`${pod}/nodeSelector`, { [role.key]: role.value }),
      ...(props.priorityClassName ? [JsonPatch.add(`${pod}/priorityClassName`, props.priorityClassName)] : []),
      JsonPatch.add(`${pod}/tolerations`, [{ key: role.key, operator: 'Equal', value: role.value, effect: 'NoSchedule' }]),
      JsonPatch.add(`${pod}/topologySpreadConstraints`, [
        { maxSkew: 1, topologyKey: 'kubernetes.io/hostname', whenUnsatisfiable: 'DoNotSchedule', labelSelector: { matchLabels: this.podLabels } },
        { maxSkew: 1, topologyKey: 'topology.kubernetes.io/zone', whenUnsatisfiable: 'ScheduleAnyway', labelSelector: { matchLabels: this.podLabels } },
      ]),
      JsonPatch.add('/spec/volumeClaimTemplates', [
        claim('geth-data', props.storageClassName ?? 'gp3-csi', gethGiB, labels),
        claim('beacon-data', props.storageClassName ?? 'gp3-csi', beaconGiB, labels),
      ]),
      // Keep the chain data when the StatefulSet is deleted or scaled in (re-sync takes days).
      JsonPatch.add('/spec/persistentVolumeClaimRetentionPolicy', { whenDeleted: 'Retain', whenScaled: 'Retain' }),
    );

    new kplus.k8s.KubePodDisruptionBudget(this, 'Budget', {
      metadata: { name, namespace: ns, labels },
      spec: { maxUnavailable: kplus.k8s.IntOrString.fromNumber(1), selector: { matchLabels: this.statefulSet.matchLabels } },
    });

    new ServiceMonitor(this, 'Monitor', {
      metadata: { name, namespace: ns, labels: { ...labels, ...props.serviceMonitorLabels } },
      spec: {
        selector: { matchLabels: labels },
        namespaceSelector: { matchNames: [ns] },
        endpoints: [
          { port: 'metrics', path: GETH_METRICS_PATH, interval: '30s' },
          { port: 'beacon-metrics', path: '/metrics', interval: '30s' },
        ],
      },
    });

    gethNetworkPolicy(this, 'NetworkPolicy', { name, namespace: ns, podLabels: this.podLabels, rpcClients: props.rpcClients, monitoringNamespace });
  }
}

/** A volumeClaimTemplate. kplus' typed KubeStatefulSet serialises the patched spec again, so the size must be a Quantity. */
function claim(name: string, storageClassName: string, gib: number, labels: Record<string, string>) {
  return {
    metadata: { name, labels },
    spec: {
      accessModes: ['ReadWriteOnce'],
      storageClassName,
      resources: { requests: { storage: kplus.k8s.Quantity.fromString(`${gib}Gi`) } },
    },
  };
}
