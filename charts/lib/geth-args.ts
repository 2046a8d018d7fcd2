/** Ports of the Ethereum node pod. */
export const GETH_PORTS = {
  http: 8545,
  ws: 8546,
  /** Engine API; bound to 127.0.0.1, only the consensus client in the same pod reaches it. */
  authrpc: 8551,
  p2p: 30303,
  metrics: 6060,
  beaconP2p: 9000,
  beaconQuic: 9001,
  beaconMetrics: 5054,
} as const;

/** Path of geth's Prometheus endpoint. */
export const GETH_METRICS_PATH = '/debug/metrics/prometheus';

/** Where the JWT secret of the Engine API lives inside the pod (in-memory emptyDir). */
export const JWT_PATH = '/jwt/jwt.hex';

/** Namespaces geth may serve over HTTP/WS to the payment service. */
export const ALLOWED_RPC_APIS = ['eth', 'net', 'web3', 'txpool'] as const;

/** Namespaces that must never be exposed, with the reason shown in the error. */
const FORBIDDEN_RPC_APIS: Record<string, string> = {
  personal: 'it was removed in geth v1.14.12 and exposed account unlocking',
  admin: 'it controls peers and the node itself',
  debug: 'it can stall the node and leaks internals',
  miner: 'there is no mining after the Merge',
  engine: 'the Engine API is only for the consensus client on authrpc',
  clique: 'it is a proof-of-authority management API',
};

/** Networks the library knows checkpoint sync for. */
export type EthereumNetwork = 'mainnet' | 'sepolia' | 'holesky' | 'hoodi';

/** Throws unless every API namespace is a read-only one from the allow list. */
export function validateRpcApis(apis: readonly string[], prop: string): void {
  if (apis.length === 0) throw new Error(`${prop} is empty; give at least 'eth'.`);
  for (const api of apis) {
    const reason = FORBIDDEN_RPC_APIS[api];
    if (reason) throw new Error(`${prop} contains '${api}', which must not be exposed: ${reason}. Use only ${ALLOWED_RPC_APIS.join(', ')}.`);
    if (!(ALLOWED_RPC_APIS as readonly string[]).includes(api)) {
      throw new Error(`${prop} contains '${api}', which is not one of ${ALLOWED_RPC_APIS.join(', ')}.`);
    }
  }
}

/** What the geth and Lighthouse command lines are built from. */
export interface GethArgsOptions {
  readonly network: EthereumNetwork;
  readonly apis: readonly string[];
  /** Hostnames accepted in the Host header of HTTP RPC (`--http.vhosts`). */
  readonly vhosts: readonly string[];
  /** Origins accepted on WebSocket RPC (`--ws.origins`). */
  readonly wsOrigins: readonly string[];
  readonly cacheMiB: number;
  readonly maxPeers: number;
}

/** Command-line flags of geth (execution client). */
export function gethArgs(o: GethArgsOptions): string[] {
  return [
    `--${o.network}`,
    '--datadir=/data',
    '--syncmode=snap',
    `--cache=${o.cacheMiB}`,
    `--maxpeers=${o.maxPeers}`,
    `--port=${GETH_PORTS.p2p}`,
    '--ipcdisable',
    '--http',
    '--http.addr=0.0.0.0',
    `--http.port=${GETH_PORTS.http}`,
    `--http.api=${o.apis.join(',')}`,
    `--http.vhosts=${o.vhosts.join(',')}`,
    '--http.corsdomain=',
    '--ws',
    '--ws.addr=0.0.0.0',
    `--ws.port=${GETH_PORTS.ws}`,
    `--ws.api=${o.apis.join(',')}`,
    `--ws.origins=${o.wsOrigins.join(',')}`,
    '--authrpc.addr=127.0.0.1',
    `--authrpc.port=${GETH_PORTS.authrpc}`,
    '--authrpc.vhosts=localhost',
    `--authrpc.jwtsecret=${JWT_PATH}`,
    '--metrics',
    '--metrics.addr=0.0.0.0',
    `--metrics.port=${GETH_PORTS.metrics}`,
  ];
}

/** Command-line of Lighthouse's beacon node (consensus client) next to geth in the same pod. */
export function lighthouseArgs(network: EthereumNetwork, checkpointSyncUrl: string): string[] {
  return [
    'lighthouse',
    'beacon_node',
    `--network=${network}`,
    '--datadir=/data',
    `--execution-endpoint=http://localhost:${GETH_PORTS.authrpc}`,
    `--execution-jwt=${JWT_PATH}`,
    `--checkpoint-sync-url=${checkpointSyncUrl}`,
    `--port=${GETH_PORTS.beaconP2p}`,
    `--quic-port=${GETH_PORTS.beaconQuic}`,
    '--disable-upnp',
    '--metrics',
    '--metrics-address=0.0.0.0',
    `--metrics-port=${GETH_PORTS.beaconMetrics}`,
  ];
}

/**
 * Shell of the init container that writes a fresh 32-byte hex JWT secret (64 hex characters, no
 * newline) with mode 0400 into the shared in-memory volume. Runs with busybox from the geth image.
 */
export const JWT_INIT_SCRIPT = [
  'set -eu',
  'umask 0377',
  `head -c 32 /dev/urandom | od -A n -t x1 | tr -d ' \\n' > ${JWT_PATH}`,
  `test "$(wc -c < ${JWT_PATH})" -eq 64`,
].join('\n');
