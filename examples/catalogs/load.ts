import * as fs from 'fs';
import * as path from 'path';
import { parse } from 'yaml';
import { parseServiceCatalog, type ServiceSpec } from '../../charts';

/**
 * Reads a YAML (or JSON) service catalog of this folder: `${registry}` becomes `registry`, the
 * document is parsed and validated (every problem at once, with its path), and the services are
 * returned for `PaymentWorkloads`/`PaymentPlatform` (`workloads: () => ({ builtInServices: false, services })`).
 */
export function loadCatalog(file: string, registry: string): ServiceSpec[] {
  const text = fs.readFileSync(path.resolve(__dirname, file), 'utf8').replace(/\$\{registry\}/g, registry);
  const unresolved = /\$\{([^}]*)\}/.exec(text);
  if (unresolved) throw new Error(`${file}: \${${unresolved[1]}} is not a variable of the catalog; only \${registry} is replaced.`);
  return parseServiceCatalog(parse(text, { merge: true }));
}
