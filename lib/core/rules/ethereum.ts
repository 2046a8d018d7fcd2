/**
 * Ethereum value rules: contract addresses, chain ids and ABIs of the payment contracts
 * (`contractArtifacts`), checked before they are rendered into the `contract-artifacts` ConfigMap.
 */
import type { ConfigProblem } from './problems';

/** The contracts of one chain that payment-service calls, as configured. */
export interface ContractArtifact {
  /** Contract name: the ConfigMap key is `<chainId>-<name>.json`. Lowercase letters, digits, `-`, `_`. */
  readonly name: string;
  /** EIP-155 chain id: 1 Ethereum mainnet, 11155111 Sepolia, 17000 Holesky, 137 Polygon, … */
  readonly chainId: number;
  /** Deployed address: `0x` and 40 hexadecimal digits. */
  readonly address: string;
  /** The contract's ABI (the compiler's JSON array: functions, events, errors, constructor). */
  readonly abi: readonly Record<string, unknown>[];
}

/** Chain ids of the networks the platform's own geth node can follow (`GethNodeProps.network`). */
export const CHAIN_IDS = { mainnet: 1, sepolia: 11155111, holesky: 17000, hoodi: 560048 } as const;

const ADDRESS = /^0x[0-9a-fA-F]{40}$/;
const NAME = /^[a-z0-9][a-z0-9_-]{0,62}$/;
const ABI_TYPES = ['function', 'event', 'error', 'constructor', 'fallback', 'receive'];

/** `0x` and 40 hex digits, not the zero address. */
export function evmAddressRule(v: unknown): string | undefined {
  if (typeof v !== 'string' || !ADDRESS.test(v)) return "must be a contract address: '0x' followed by 40 hexadecimal digits, e.g. '0x1f9840a85d5aF5bf1D1762F925BDADdC4201F984'";
  if (/^0x0{40}$/.test(v)) return 'is the zero address, where no contract lives; use the address the contract was deployed at';
  return undefined;
}

/** A positive EIP-155 chain id (a safe integer). */
export function chainIdRule(v: unknown): string | undefined {
  return typeof v === 'number' && Number.isSafeInteger(v) && v > 0
    ? undefined
    : 'must be a positive integer EIP-155 chain id, e.g. 1 (Ethereum mainnet) or 11155111 (Sepolia)';
}

/** A contract name usable in a ConfigMap key. */
export function contractNameRule(v: unknown): string | undefined {
  return typeof v === 'string' && NAME.test(v) ? undefined : "must be 1-63 lowercase letters, digits, '-' or '_', starting with a letter or digit, e.g. 'payment-router'";
}

/** A non-empty ABI: an array of entries, each with a known `type` (functions and events with a name). */
export function contractAbiRule(v: unknown): string | undefined {
  if (!Array.isArray(v) || v.length === 0) return 'must be the contract ABI: a non-empty JSON array (the compiler output\'s "abi")';
  for (const [i, entry] of v.entries()) {
    if (entry === null || typeof entry !== 'object' || Array.isArray(entry)) return `entry ${i} is not an object`;
    const e = entry as Record<string, unknown>;
    const type = e.type ?? 'function';
    if (typeof type !== 'string' || !ABI_TYPES.includes(type)) return `entry ${i} has type ${JSON.stringify(e.type)}; use one of ${ABI_TYPES.join(', ')}`;
    if ((type === 'function' || type === 'event' || type === 'error') && (typeof e.name !== 'string' || e.name === '')) return `entry ${i} (${type}) has no name`;
  }
  return undefined;
}

/** Every problem of a `contractArtifacts` list, with paths under `at` (each entry's fields; duplicate chain/name pairs). */
export function contractArtifactsProblems(list: unknown, at = 'contractArtifacts'): ConfigProblem[] {
  if (!Array.isArray(list)) return [{ field: at, value: list, message: 'must be a list of { name, chainId, address, abi }' }];
  const out: ConfigProblem[] = [];
  const seen = new Map<string, number>();
  list.forEach((a: Record<string, unknown>, i) => {
    const field = (f: string) => `${at}[${i}].${f}`;
    if (a === null || typeof a !== 'object') { out.push({ field: `${at}[${i}]`, value: a, message: 'must be { name, chainId, address, abi }' }); return; }
    for (const [f, rule] of [['name', contractNameRule], ['chainId', chainIdRule], ['address', evmAddressRule], ['abi', contractAbiRule]] as const) {
      const message = rule(a[f]);
      if (message) out.push({ field: field(f), value: a[f], message });
    }
    const key = `${String(a.chainId)}-${String(a.name)}`;
    if (seen.has(key)) out.push({ field: field('name'), value: a.name, message: `repeats ${at}[${seen.get(key)}] on chain ${String(a.chainId)}; each contract name appears once per chain` });
    else seen.set(key, i);
  });
  return out;
}
