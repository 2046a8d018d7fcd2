import { podTemplate, type Manifest } from './manifests';

/**
 * Credentials in environment variables, found in synthesized manifests: every container (init,
 * regular, ephemeral) of every workload is checked for
 * - `env[].valueFrom.secretKeyRef` (a Secret key as a variable),
 * - `envFrom[].secretRef` (a whole Secret as variables),
 * - a literal `env` value or a value of a ConfigMap it loads with `envFrom` that carries a credential:
 *   a name like `*TOKEN*`, `*PASSWORD*`, `*SECRET*`, `*PRIVATE_KEY*`, `*API_KEY*` (a `*_FILE` path
 *   is fine), or a URL with a password (`scheme://user:password@host`).
 * A variable is in the process environment for its whole life (child processes, crash reports,
 * `/proc/<pid>/environ`, `kubectl describe` of a literal) and keeps its value until a restart; a
 * mounted file does neither.
 */
type Obj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const SECRET_NAME = /TOKEN|PASSWORD|PASSWD|SECRET|PRIVATE_KEY|API_KEY|CREDENTIAL/i;
const URL_WITH_PASSWORD = /^[a-z][a-z0-9+.-]*:\/\/[^/@\s]*:[^/@\s]+@/i;

function credentialValue(name: string, value: unknown): boolean {
  if (typeof value !== 'string' || value === '') return false;
  if (URL_WITH_PASSWORD.test(value)) return true;
  return SECRET_NAME.test(name) && !/_FILE$|_PATH$|_DIR$/i.test(name) && !value.startsWith('/');
}

/** One line per credential-bearing variable: `<Kind>/<namespace>/<name> <container>: <variable> (<why>)`. */
export function secretEnvFindings(objs: readonly Manifest[]): string[] {
  const configMaps = new Map(objs.filter((o) => o.kind === 'ConfigMap').map((o) => [`${o.metadata?.namespace}/${o.metadata?.name}`, (o as Obj).data ?? {}]));
  const findings: string[] = [];
  for (const m of objs) {
    const pod = podTemplate(m);
    if (!pod) continue;
    const where = `${m.kind}/${m.metadata?.namespace}/${m.metadata?.name}`;
    for (const c of [...(pod.spec.initContainers ?? []), ...(pod.spec.containers ?? []), ...(pod.spec.ephemeralContainers ?? [])] as Obj[]) {
      const at = (what: string) => findings.push(`${where} ${c.name}: ${what}`);
      for (const e of (c.env ?? []) as Obj[]) {
        if (e.valueFrom?.secretKeyRef) at(`${e.name} (secretKeyRef ${e.valueFrom.secretKeyRef.name}/${e.valueFrom.secretKeyRef.key})`);
        else if (credentialValue(e.name, e.value)) at(`${e.name} (literal credential)`);
      }
      for (const from of (c.envFrom ?? []) as Obj[]) {
        if (from.secretRef) at(`envFrom secretRef ${from.secretRef.name}`);
        const data = from.configMapRef ? configMaps.get(`${m.metadata?.namespace}/${from.configMapRef.name}`) ?? {} : {};
        for (const [k, v] of Object.entries(data)) if (credentialValue(k, v)) at(`${k} (credential in ConfigMap ${from.configMapRef.name})`);
      }
    }
  }
  return findings.sort();
}
