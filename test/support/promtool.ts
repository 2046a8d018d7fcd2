import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { stringify } from 'yaml';

/**
 * `promtool` (Debian package `prometheus`, installed by scripts/setup-test-deps.sh) and `amtool`
 * (`prometheus-alertmanager`). A missing tool fails the test with the fix, it never skips.
 */
export function requireTool(tool: 'promtool' | 'amtool'): string {
  const found = spawnSync('sh', ['-c', `command -v ${tool}`], { encoding: 'utf8' });
  if (found.status !== 0 || found.stdout.trim() === '') {
    const pkg = tool === 'promtool' ? 'prometheus' : 'prometheus-alertmanager';
    throw new Error(`${tool} is not installed: run scripts/setup-test-deps.sh (Debian package '${pkg}'); the alert tests never skip.`);
  }
  return found.stdout.trim();
}

/** Result of one tool run. */
export interface ToolRun {
  readonly status: number;
  readonly output: string;
}

export function run(tool: 'promtool' | 'amtool', args: string[], cwd?: string): ToolRun {
  const r = spawnSync(requireTool(tool), args, { encoding: 'utf8', cwd });
  return { status: r.status ?? -1, output: `${r.stdout}${r.stderr}` };
}

const scratch: string[] = [];
process.on('exit', () => scratch.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

/** A fresh directory for rule and test files, removed when the test process exits. */
export function scratchDir(prefix: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  scratch.push(dir);
  return dir;
}

/** Writes `value` as YAML to `dir/name` and returns the path. */
export function writeYaml(dir: string, name: string, value: unknown): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, stringify(value, { lineWidth: 0 }));
  return file;
}
