import * as kplus from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { contractArtifactsProblems, PlatformConfigError, type ContractArtifact } from '../../lib/core/rules';
import { CONTRACT_ARTIFACTS_CONFIGMAP } from './platform-services';

/** Props of {@link ContractArtifacts}. */
export interface ContractArtifactsProps {
  /** Namespace of payment-service, which mounts the ConfigMap at /app/contracts. */
  readonly namespace: string;
  /**
   * The payment contracts per chain (`contractArtifacts` of the configuration).
   * @default - none: the ConfigMap holds an empty index, so payment-service starts without contracts
   */
  readonly artifacts?: readonly ContractArtifact[];
}

/** ConfigMaps hold at most 1 MiB (etcd's object limit); keep headroom for metadata. */
const MAX_BYTES = 1_000_000;

/** The ConfigMap key of a contract: `<chainId>-<name>.json`. */
export function contractArtifactKey(a: Pick<ContractArtifact, 'chainId' | 'name'>): string {
  return `${a.chainId}-${a.name}.json`;
}

/**
 * The `contract-artifacts` ConfigMap payment-service mounts read-only at `/app/contracts`: one
 * file per contract and chain, `<chainId>-<name>.json` = `{ name, chainId, address, abi }`, and
 * `index.json` listing them (`[{ name, chainId, address, file }]`, sorted by chain then name), so
 * the service finds its contracts without knowing the names in advance. Kubelet refreshes mounted
 * ConfigMaps in place (no subPath), so a changed address reaches running pods within a minute.
 *
 * @throws PlatformConfigError listing every bad address, chain id, name or ABI, and when the
 *   artifacts exceed a ConfigMap's 1 MiB
 */
export class ContractArtifacts extends Construct {
  public readonly configMap: kplus.ConfigMap;

  constructor(scope: Construct, id: string, props: ContractArtifactsProps) {
    super(scope, id);
    const artifacts = [...(props.artifacts ?? [])];
    const problems = contractArtifactsProblems(artifacts);
    if (problems.length > 0) throw new PlatformConfigError(problems, 'contract artifacts');
    artifacts.sort((a, b) => a.chainId - b.chainId || a.name.localeCompare(b.name));
    const data: Record<string, string> = {
      'index.json': `${JSON.stringify(artifacts.map((a) => ({ name: a.name, chainId: a.chainId, address: a.address, file: contractArtifactKey(a) })), null, 2)}\n`,
    };
    for (const a of artifacts) data[contractArtifactKey(a)] = `${JSON.stringify({ name: a.name, chainId: a.chainId, address: a.address, abi: a.abi })}\n`;
    const bytes = Object.entries(data).reduce((n, [k, v]) => n + k.length + Buffer.byteLength(v, 'utf8'), 0);
    if (bytes > MAX_BYTES) {
      throw new PlatformConfigError([{ field: 'contractArtifacts', value: `${artifacts.length} contracts, ${bytes} bytes`,
        message: `renders to ${bytes} bytes, more than a ConfigMap holds (1 MiB); keep only the ABI entries payment-service calls (functions and events it uses)` }], 'contract artifacts');
    }
    this.configMap = new kplus.ConfigMap(this, 'Resource', {
      metadata: { name: CONTRACT_ARTIFACTS_CONFIGMAP, namespace: props.namespace, labels: { 'app.kubernetes.io/name': CONTRACT_ARTIFACTS_CONFIGMAP } },
      data,
    });
  }
}
