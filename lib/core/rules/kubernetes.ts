/** Kubernetes names, labels, taints and resource quantities, as the API server validates them. */

const LABEL_NAME = /^[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/;
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const DNS_LABEL = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;

/** Whether `key` is a label key: optional DNS-subdomain prefix and `/`, then a 1–63 character name. */
export function isLabelKey(key: string): boolean {
  const slash = key.lastIndexOf('/');
  const prefix = slash >= 0 ? key.slice(0, slash) : undefined;
  const name = slash >= 0 ? key.slice(slash + 1) : key;
  if (prefix !== undefined && (prefix.length === 0 || prefix.length > 253 || !DNS_SUBDOMAIN.test(prefix))) return false;
  return LABEL_NAME.test(name);
}

/** Whether `value` is a label value: empty, or 1–63 alphanumerics, `-`, `_`, `.`, alphanumeric at both ends. */
export function isLabelValue(value: unknown): boolean {
  return typeof value === 'string' && (value === '' || LABEL_NAME.test(value));
}

/** A label (or taint, node selector) key. */
export function labelKeyRule(v: unknown): string | undefined {
  if (typeof v === 'string' && isLabelKey(v)) return undefined;
  return "has an invalid Kubernetes label key: use an optional DNS prefix and '/', then up to 63 letters, digits, '-', '_' or '.', starting and ending alphanumeric, e.g. 'role' or 'example.com/pool'";
}

/** A label (or taint, node selector) value. */
export function labelValueRule(v: unknown): string | undefined {
  if (isLabelValue(v)) return undefined;
  return "has an invalid Kubernetes label value: use up to 63 letters, digits, '-', '_' or '.', starting and ending alphanumeric, e.g. 'api'";
}

/** A DNS-1123 label: namespaces, Services, container and port names (max 63; ports max 15). */
export function dnsLabelRule(what = 'name', max = 63): (v: unknown) => string | undefined {
  return (v) => (typeof v === 'string' && v.length <= max && DNS_LABEL.test(v)
    ? undefined
    : `must be a Kubernetes ${what}: at most ${max} lowercase letters, digits and '-', starting and ending with a letter or digit, e.g. 'payments'`);
}

/** A DNS-1123 subdomain: most object names (ConfigMaps, Secrets, Deployments), at most 253 characters. */
export function dnsSubdomainRule(v: unknown): string | undefined {
  return typeof v === 'string' && v.length <= 253 && DNS_SUBDOMAIN.test(v)
    ? undefined
    : "must be a Kubernetes object name: lowercase letters, digits, '-' and '.', starting and ending alphanumeric, at most 253 characters, e.g. 'payment-service'";
}

/** The effects a taint (and a toleration) can have. */
export const TAINT_EFFECTS = ['NoSchedule', 'PreferNoSchedule', 'NoExecute'] as const;

/** A taint or toleration effect. */
export function taintEffectRule(v: unknown): string | undefined {
  return (TAINT_EFFECTS as readonly unknown[]).includes(v) ? undefined : "must be 'NoSchedule', 'PreferNoSchedule' or 'NoExecute'";
}

/** A toleration operator. */
export function tolerationOperatorRule(v: unknown): string | undefined {
  return v === 'Equal' || v === 'Exists' ? undefined : "must be 'Equal' or 'Exists'";
}

const CPU = /^(\d+(\.\d+)?)(m)?$/;
const MEMORY = /^(\d+(\.\d+)?)(Ki|Mi|Gi|Ti|Pi|Ei|k|M|G|T|P|E)?$/;
const MEMORY_FACTORS: Record<string, number> = {
  '': 1, k: 1e3, M: 1e6, G: 1e9, T: 1e12, P: 1e15, E: 1e18,
  Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40, Pi: 2 ** 50, Ei: 2 ** 60,
};

/** `'500m'` → 500, `'2'` → 2000; undefined when not a CPU quantity. */
export function cpuMillicores(v: unknown): number | undefined {
  const m = typeof v === 'string' ? CPU.exec(v) : typeof v === 'number' && v >= 0 ? CPU.exec(String(v)) : null;
  if (!m) return undefined;
  return m[3] ? Number(m[1]) : Number(m[1]) * 1000;
}

/** `'512Mi'` → 536870912; undefined when not a memory quantity. */
export function memoryBytes(v: unknown): number | undefined {
  const m = typeof v === 'string' ? MEMORY.exec(v) : null;
  if (!m) return undefined;
  return Number(m[1]) * MEMORY_FACTORS[m[3] ?? ''];
}

/** A CPU quantity such as `'250m'` or `'2'`, more than zero. */
export function cpuQuantityRule(v: unknown): string | undefined {
  const milli = cpuMillicores(v);
  if (milli === undefined || milli <= 0) return "must be a CPU quantity greater than 0 such as '250m' (a quarter core) or '2' (two cores)";
  if (milli < 1) return "is below 1m, the smallest CPU unit Kubernetes schedules; use e.g. '10m'";
  return undefined;
}

/** A memory quantity such as `'512Mi'` or `'2Gi'`, at least 1 MiB (a plain number is bytes). */
export function memoryQuantityRule(v: unknown): string | undefined {
  const bytes = memoryBytes(v);
  if (bytes === undefined || bytes <= 0) return "must be a memory quantity such as '512Mi' or '2Gi' (binary units Ki, Mi, Gi; 'm' is milli, not mega)";
  if (bytes < 2 ** 20) return `is ${bytes} bytes, less than 1 MiB; did you mean '${String(v).replace(/[A-Za-z]*$/, '')}Mi'?`;
  // The charts render memory in whole binary units (what the node sizes are counted in).
  if (!/^\d+(Ki|Mi|Gi)$/.test(String(v))) return `must be a whole number of Ki, Mi or Gi (binary units), e.g. '${Math.round(bytes / 2 ** 20)}Mi' for '${String(v)}'`;
  return undefined;
}

/** A container or service port number. */
export function portRule(v: unknown): string | undefined {
  return typeof v === 'number' && Number.isInteger(v) && v >= 1 && v <= 65535 ? undefined : 'must be a port number from 1 to 65535, e.g. 8080';
}
