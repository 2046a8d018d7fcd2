import { Annotations } from 'aws-cdk-lib';
import * as eks from 'aws-cdk-lib/aws-eks-v2';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import { KubectlV35Layer } from '@aws-cdk/lambda-layer-kubectl-v35';
import type { Construct } from 'constructs';

/**
 * EKS support windows of each Kubernetes minor version (Amazon EKS Kubernetes release calendar):
 * 14 months of standard support, then 12 months of extended support at six times the hourly
 * control-plane price. After the end of extended support EKS no longer creates clusters of that
 * version and auto-upgrades existing ones. Dates are UTC, `yyyy-mm-dd`; support ends at the start
 * of the given day.
 */
export const EKS_KUBERNETES_VERSIONS: Readonly<Record<string, { readonly endOfStandardSupport: string; readonly endOfExtendedSupport: string }>> = {
  '1.23': { endOfStandardSupport: '2023-10-11', endOfExtendedSupport: '2024-10-11' },
  '1.24': { endOfStandardSupport: '2024-01-31', endOfExtendedSupport: '2025-01-31' },
  '1.25': { endOfStandardSupport: '2024-05-01', endOfExtendedSupport: '2025-05-01' },
  '1.26': { endOfStandardSupport: '2024-06-11', endOfExtendedSupport: '2025-06-11' },
  '1.27': { endOfStandardSupport: '2024-07-24', endOfExtendedSupport: '2025-07-24' },
  '1.28': { endOfStandardSupport: '2024-11-26', endOfExtendedSupport: '2025-11-26' },
  '1.29': { endOfStandardSupport: '2025-03-23', endOfExtendedSupport: '2026-03-23' },
  '1.30': { endOfStandardSupport: '2025-07-23', endOfExtendedSupport: '2026-07-23' },
  '1.31': { endOfStandardSupport: '2025-11-26', endOfExtendedSupport: '2026-11-26' },
  '1.32': { endOfStandardSupport: '2026-03-23', endOfExtendedSupport: '2027-03-23' },
  '1.33': { endOfStandardSupport: '2026-07-29', endOfExtendedSupport: '2027-07-29' },
  '1.34': { endOfStandardSupport: '2026-12-02', endOfExtendedSupport: '2027-12-02' },
  '1.35': { endOfStandardSupport: '2027-03-27', endOfExtendedSupport: '2028-03-27' },
};

/** The version this library recommends (and its installed kubectl layer serves). */
export const RECOMMENDED_KUBERNETES_VERSION = '1.35';

/** Warning id for versions in extended support; acknowledge it to accept the cost. */
export const EXTENDED_SUPPORT_WARNING_ID = 'cdk-payment-platform:kubernetesExtendedSupport';

/** Warning id for an existing cluster on a version EKS no longer supports; acknowledge it to deploy other changes before the upgrade. */
export const UNSUPPORTED_EXISTING_WARNING_ID = 'cdk-payment-platform:kubernetesUnsupportedExisting';

/**
 * CDK context key listing the regions whose cluster already exists (`all`, or regions separated by
 * commas): `cdk deploy -c payment-platform:existingClusters=us-east-1,eu-west-1`, or in `cdk.json`.
 * Synth cannot ask AWS whether a cluster exists, so the operator says so.
 */
export const EXISTING_CLUSTERS_CONTEXT = 'payment-platform:existingClusters';

/** Whether the context marks `region`'s cluster as existing. */
export function isExistingCluster(scope: Construct, region: string): boolean {
  const value: unknown = scope.node.tryGetContext(EXISTING_CLUSTERS_CONTEXT);
  if (value === undefined) return false;
  const list = Array.isArray(value) ? value.map(String) : String(value).split(',');
  const regions = list.map((r) => r.trim()).filter((r) => r.length > 0);
  return regions.includes('all') || regions.includes(region);
}

/** Where a version stands in the EKS lifecycle. */
export type KubernetesSupportStatus = 'standard' | 'extended' | 'unsupported';

/** Result of `checkKubernetesVersion`. */
export interface KubernetesVersionCheck {
  readonly version: string;
  readonly status: KubernetesSupportStatus;
  /**
   * `yyyy-mm-dd`.
   * @default - undefined for versions missing from the calendar
   */
  readonly endOfStandardSupport?: string;
  /**
   * `yyyy-mm-dd`.
   * @default - undefined for versions missing from the calendar
   */
  readonly endOfExtendedSupport?: string;
  /** A sentence naming the version, the relevant date and what to do. */
  readonly message: string;
}

const FIX = `set cluster.kubernetesVersion to '${RECOMMENDED_KUBERNETES_VERSION}'`;

function utc(day: string): number {
  const [y, m, d] = day.split('-').map(Number);
  return Date.UTC(y, m - 1, d);
}

/**
 * Places `version` in the EKS lifecycle as of `today` (injectable so tests are deterministic).
 * Unknown versions (not in `EKS_KUBERNETES_VERSIONS`) are `unsupported`.
 */
export function checkKubernetesVersion(version: string, today: Date = new Date()): KubernetesVersionCheck {
  const entry = EKS_KUBERNETES_VERSIONS[version];
  if (!entry) {
    return {
      version,
      status: 'unsupported',
      message: `Kubernetes version '${version}' is not in the EKS release calendar known to this library ` +
        `(${Object.keys(EKS_KUBERNETES_VERSIONS).join(', ')}); ${FIX}.`,
    };
  }
  const now = today.getTime();
  const { endOfStandardSupport, endOfExtendedSupport } = entry;
  if (now < utc(endOfStandardSupport)) {
    return { version, status: 'standard', endOfStandardSupport, endOfExtendedSupport,
      message: `Kubernetes ${version} is in EKS standard support until ${endOfStandardSupport}.` };
  }
  if (now < utc(endOfExtendedSupport)) {
    return { version, status: 'extended', endOfStandardSupport, endOfExtendedSupport,
      message: `Kubernetes ${version} left EKS standard support on ${endOfStandardSupport} and is in extended support ` +
        `until ${endOfExtendedSupport}: the control plane costs 6x the standard hourly price ($0.60 instead of $0.10 per cluster hour). ` +
        `Upgrade soon: ${FIX}.` };
  }
  return { version, status: 'unsupported', endOfStandardSupport, endOfExtendedSupport,
    message: `Kubernetes ${version} reached the end of EKS extended support on ${endOfExtendedSupport}; EKS no longer creates ` +
      `clusters of this version. Fix: ${FIX}.` };
}

/** The npm package that carries kubectl/helm for a Kubernetes minor version. */
export function kubectlLayerPackage(version: string): string {
  return `@aws-cdk/lambda-layer-kubectl-v${version.replace(/^1\./, '')}`;
}

type LayerClass = new (scope: Construct, id: string) => lambda.ILayerVersion;

/** Layers this library depends on; other versions are loaded only if the user installed them. */
const BUNDLED_LAYERS: Record<string, LayerClass> = { '1.35': KubectlV35Layer };

function loadLayerClass(version: string): LayerClass | undefined {
  if (BUNDLED_LAYERS[version]) return BUNDLED_LAYERS[version];
  const pkg = kubectlLayerPackage(version);
  const className = `KubectlV${version.replace(/^1\./, '')}Layer`;
  try {
    // A user who pins an older version adds the matching layer package themselves.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const mod = require(pkg) as Record<string, LayerClass | undefined>;
    return mod[className];
  } catch {
    return undefined;
  }
}

/** What the cluster needs for one Kubernetes version. */
export interface ResolvedKubernetesVersion {
  readonly check: KubernetesVersionCheck;
  readonly version: eks.KubernetesVersion;
  readonly kubectlLayer: lambda.ILayerVersion;
}

/**
 * The guard the cluster runs: throws for versions EKS no longer creates (or whose kubectl layer
 * is not installed), warns with `EXTENDED_SUPPORT_WARNING_ID` for versions in extended support, and
 * returns the EKS version plus the matching kubectl layer (created under `scope` as `KubectlLayer`).
 *
 * For a cluster that already exists (`existing`), an unsupported version is a warning
 * (`UNSUPPORTED_EXISTING_WARNING_ID`), not an error: EKS keeps running (and eventually
 * auto-upgrades) such a cluster, and blocking its deploys would block every other change, even a
 * DNS fix, until the upgrade. Only creating one is refused, since EKS would reject it anyway.
 */
export function resolveKubernetesVersion(scope: Construct, version: string, today: Date = new Date(), existing = false): ResolvedKubernetesVersion {
  const check = checkKubernetesVersion(version, today);
  if (check.status === 'unsupported' && !existing) {
    throw new Error(`cluster.kubernetesVersion: ${check.message} If this region's cluster already exists, say so with ` +
      `-c ${EXISTING_CLUSTERS_CONTEXT}=<region> to deploy other changes with a warning until you upgrade.`);
  }
  const Layer = loadLayerClass(version);
  if (!Layer) {
    throw new Error(`cluster.kubernetesVersion: Kubernetes ${version} needs the kubectl layer package '${kubectlLayerPackage(version)}', ` +
      `which is not installed. Fix: run 'npm install ${kubectlLayerPackage(version)}', or ${FIX} (its layer ships with this library).`);
  }
  if (check.status === 'extended') {
    Annotations.of(scope).addWarningV2(EXTENDED_SUPPORT_WARNING_ID, check.message);
  }
  if (check.status === 'unsupported') {
    Annotations.of(scope).addWarningV2(UNSUPPORTED_EXISTING_WARNING_ID, `${check.message} The cluster exists (${EXISTING_CLUSTERS_CONTEXT}), so ` +
      'this deploy goes ahead; EKS may auto-upgrade it at any time. Upgrade it (payment-platform upgrade-plan --kubernetes <version>).');
  }
  return { check, version: eks.KubernetesVersion.of(version), kubectlLayer: new Layer(scope, 'KubectlLayer') };
}
