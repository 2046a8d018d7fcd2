/** The object type and finding format shared by the manifest harness's checks. */

/** A Kubernetes object as synthesized (`Testing.synth(chart)`) or read from dist/*.k8s.yaml. */
export interface Manifest {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata?: {
    readonly name?: string; readonly namespace?: string;
    readonly labels?: Record<string, string>; readonly annotations?: Record<string, string>;
  };
  readonly [key: string]: unknown;
}

/** `Kind/namespace/name` of an object. */
export function manifestId(m: Manifest): string {
  return `${m.kind}/${m.metadata?.namespace ?? '-'}/${m.metadata?.name ?? '?'}`;
}
/** One finding: `Kind/namespace/name: [check] message`. */
export function finding(m: Manifest, check: string, message: string): string {
  return `${manifestId(m)}: [${check}] ${message}`;
}
