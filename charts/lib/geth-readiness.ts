/**
 * geth's readiness: ready only when the node is synced, so the headless Service (and with it
 * payment-service's RPC URL) answers with synced nodes only. A node that restarts, falls behind or
 * is still snap-syncing takes no traffic.
 *
 * Ready when, asked over its own JSON-RPC on 127.0.0.1:8545:
 * - `eth.syncing` is `false` (geth answers an object while it syncs), and
 * - the head block is at most `maxHeadAgeSeconds` old (geth also answers `false` before the beacon
 *   node has driven it at all, with the genesis block as head, and when it has lost its peers).
 *
 * The check runs as an exec probe with the image's own tools only: `ethereum/client-go` is
 * `FROM alpine` plus `ca-certificates` and the geth binary (go-ethereum's Dockerfile at v1.17.5;
 * no curl), so it is `/bin/sh` (busybox) running `geth attach --exec <expression>`, geth's own
 * console client. No network beyond localhost, nothing written (`--exec` keeps no history; HOME is
 * the /tmp emptyDir), nothing Pod Security "restricted" refuses.
 */
export function gethSyncedExpression(maxHeadAgeSeconds = 120): string {
  if (!Number.isInteger(maxHeadAgeSeconds) || maxHeadAgeSeconds < 12) {
    throw new Error(`maxHeadAgeSeconds must be an integer ≥ 12 (one slot), got ${maxHeadAgeSeconds}.`);
  }
  // ES5 for geth's console (goja, web3.js 0.20: getBlock().timestamp is a number of seconds).
  return `eth.syncing === false && (new Date().getTime() / 1000 - eth.getBlock('latest').timestamp) <= ${maxHeadAgeSeconds}`;
}

/** The exec probe's command: `true` on the console's last line is ready; anything else (or no answer) is not. */
export function gethReadinessCommand(maxHeadAgeSeconds = 120, rpcPort = 8545): string[] {
  const script = [
    `out=$(geth attach --exec "${gethSyncedExpression(maxHeadAgeSeconds)}" http://127.0.0.1:${rpcPort} 2>&1) || { echo "geth JSON-RPC does not answer: $out"; exit 1; }`,
    'last=$(printf \'%s\\n\' "$out" | tail -n 1)',
    `[ "$last" = true ] || { echo "not synced (eth.syncing is not false, or the head block is older than ${maxHeadAgeSeconds}s): $out"; exit 1; }`,
  ].join('\n');
  return ['/bin/sh', '-c', script];
}
