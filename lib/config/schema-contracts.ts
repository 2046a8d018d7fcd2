import { z } from 'zod';
import { chainIdRule, contractAbiRule, contractNameRule, evmAddressRule, type ProblemList } from '../core/rules';
import { list, numeric, section, text } from './schema-helpers';

/**
 * The payment contracts payment-service calls: typed addresses and ABIs per chain, rendered into
 * the `contract-artifacts` ConfigMap (`charts/lib/contract-artifacts.ts`) that payment-service
 * mounts at `/app/contracts`.
 */

const ABI_FIX = 'must be the contract ABI: a non-empty JSON array (the compiler output\'s "abi"), e.g. [{ type: \'function\', name: \'transfer\', inputs: [...], outputs: [...] }]';

/** One deployed contract. */
export const contractArtifactSchema = section({
  name: text(contractNameRule, "Contract name, e.g. `usdc` or `payment-router`: the ConfigMap key is `<chainId>-<name>.json`; lowercase letters, digits, '-', '_'."),
  chainId: numeric(chainIdRule, 'EIP-155 chain id the contract is deployed on: 1 Ethereum mainnet, 11155111 Sepolia, 17000 Holesky, 560048 Hoodi.'),
  address: text(evmAddressRule, 'The deployed address: `0x` and 40 hexadecimal digits (checksummed or not), not the zero address.'),
  abi: z.array(z.record(z.string(), z.json()), { error: (iss) => contractAbiRule(iss.input) ?? ABI_FIX })
    .check(z.superRefine((v, ctx) => {
      const message = contractAbiRule(v);
      if (message !== undefined) ctx.addIssue({ code: 'custom', message, input: v });
    }))
    .meta({ description: "The contract's ABI as the compiler writes it (the `abi` array of the Hardhat/Foundry artifact): functions, events, errors, constructor. Keep the entries payment-service calls; the ConfigMap holds at most 1 MiB." }),
}, "must be an object { name, chainId, address, abi }, e.g. { name: 'usdc', chainId: 1, address: '0xA0b8…eB48', abi: [...] }", 'One deployed contract payment-service calls.');

/** The contracts (default none: payment-service starts with an empty index). */
export const contractArtifactsSchema = list(contractArtifactSchema,
  "must be a list of contracts, e.g. [{ name: 'usdc', chainId: 1, address: '0xA0b86991c6218b36c1d19D4a2e9Eb0cE3606eB48', abi: [...] }]",
  'The payment contracts payment-service calls, per chain: rendered into the `contract-artifacts` ConfigMap (namespace api), one file `<chainId>-<name>.json` = `{ name, chainId, address, abi }` per contract plus `index.json`, mounted read-only at `/app/contracts`. Needs `blockchain: true`. Default: none (an empty `index.json`).')
  .default([]);

/**
 * The checks that relate `contractArtifacts` to the rest: no artifacts without the blockchain
 * (nothing would mount them), and each contract name once per chain.
 */
export function checkContractArtifacts(c: Record<string, unknown>, p: ProblemList): void {
  const artifacts = c.contractArtifacts;
  if (!Array.isArray(artifacts)) return;
  if (artifacts.length > 0 && c.blockchain === false) {
    p.add('contractArtifacts', `${artifacts.length} contract${artifacts.length === 1 ? '' : 's'}`,
      'is set but blockchain is false, so payment-service has no Web3 wiring and nothing mounts the contracts; remove contractArtifacts or set blockchain: true');
  }
  const first = new Map<string, number>();
  artifacts.forEach((a: unknown, i) => {
    if (typeof a !== 'object' || a === null) return;
    const { name, chainId } = a as Record<string, unknown>;
    if (contractNameRule(name) !== undefined || chainIdRule(chainId) !== undefined) return;
    const key = `${String(chainId)}-${String(name)}`;
    const j = first.get(key);
    if (j === undefined) first.set(key, i);
    else p.add(`contractArtifacts[${i}].name`, name, `repeats contractArtifacts[${j}] on chain ${String(chainId)}; each contract name appears once per chain`);
  });
}
