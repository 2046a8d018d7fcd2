import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

const SCRIPT = path.resolve(__dirname, '../../scripts/check-tarball.sh');
const NEEDED = ['package.json', 'README.md', 'LICENSE', 'build/lib/index.js', 'build/lib/index.d.ts', 'build/charts/index.js', 'build/charts/index.d.ts'];

/** Packs `files` (paths below `package/`) into a tarball the way `npm pack` lays it out. */
function tarball(files: string[]): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tarball-'));
  for (const f of files) {
    fs.mkdirSync(path.dirname(path.join(dir, 'package', f)), { recursive: true });
    fs.writeFileSync(path.join(dir, 'package', f), 'x');
  }
  const out = path.join(dir, 'pkg.tgz');
  const tar = spawnSync('tar', ['-czf', out, '-C', dir, 'package']);
  expect(tar.status).toBe(0);
  return out;
}

function check(files: string[]): { status: number | null; stderr: string; stdout: string } {
  const r = spawnSync('bash', [SCRIPT, tarball(files)], { encoding: 'utf8' });
  return { status: r.status, stderr: r.stderr, stdout: r.stdout };
}

describe('scripts/check-tarball.sh (the consumption test\'s tarball guard)', () => {
  test('accepts a tarball with exactly what users need, the failover and region-switch bins included', () => {
    const r = check([...NEEDED, 'build/lib/stacks/regional-stack.js', 'scripts/failover.sh', 'scripts/region-switch.sh', 'charts/scripts/pg-backup.sh']);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^tarball ok: pkg\.tgz, \d+ KiB packed, \d+ files$/m);
  });

  test.each([
    ['a test file', 'build/lib/x.test.js'],
    ['the tests folder', 'test/app/platform.test.ts'],
    ['the examples', 'examples/verypay/app.ts'],
    ['a development script', 'scripts/bench/bench.ts'],
    ['the example CDK app', 'bin/app.ts'],
    ['a cloud assembly', 'cdk.out/manifest.json'],
    ['the vendored CRDs', 'crds/external-secrets.io_externalsecrets.yaml'],
  ])('fails on %s (%s), naming it', (_what, file) => {
    const r = check([...NEEDED, file]);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('holds files users do not need');
    expect(r.stderr).toContain(`package/${file}`);
  });

  test.each(NEEDED)('fails when %s is missing', (file) => {
    const r = check(NEEDED.filter((f) => f !== file));
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(`lacks package/${file}`);
  });

  test('fails on a tarball that does not exist', () => {
    const r = spawnSync('bash', [SCRIPT, path.join(os.tmpdir(), 'no-such.tgz')], { encoding: 'utf8' });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('does not exist');
  });
});
