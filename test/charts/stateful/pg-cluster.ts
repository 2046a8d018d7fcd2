import { execFileSync, ExecFileSyncOptions } from 'child_process';
import * as fs from 'fs';
import * as net from 'net';
import * as os from 'os';
import * as path from 'path';

/**
 * A throw-away PostgreSQL server for tests: initdb in a temporary directory, TLS with a
 * self-signed certificate (so clients can use sslmode=require), scram-sha-256 passwords, a free
 * port on 127.0.0.1. When the tests run as root (CI containers), every server command runs as the
 * `postgres` user through runuser, because initdb and postgres refuse to run as root.
 */
export interface PgCluster {
  readonly bin: string;
  readonly port: number;
  readonly password: string;
  readonly dir: string;
  /** Runs psql as the superuser against a database and returns the unaligned, tuples-only output. */
  psql(database: string, sql: string): string;
  /** Environment of a client connecting as the superuser to a database. */
  clientEnv(database: string): NodeJS.ProcessEnv;
  stop(): void;
}

/** The newest `/usr/lib/postgresql/<major>/bin`, or `$PG_BIN`; throws with the fix when missing. */
export function findPostgresBin(): string {
  const candidates = process.env.PG_BIN ? [process.env.PG_BIN] : (() => {
    const root = '/usr/lib/postgresql';
    if (!fs.existsSync(root)) return [];
    return fs.readdirSync(root).filter((v) => /^\d+$/.test(v)).sort((a, b) => Number(b) - Number(a)).map((v) => path.join(root, v, 'bin'));
  })();
  const bin = candidates.find((b) => ['initdb', 'pg_ctl', 'pg_dump', 'pg_restore', 'psql'].every((t) => fs.existsSync(path.join(b, t))));
  if (!bin) {
    throw new Error('PostgreSQL server and client binaries not found (looked in /usr/lib/postgresql/<major>/bin and $PG_BIN). '
      + 'Install the Debian `postgresql` package (apt-get install -y postgresql); CI installs it in .ci/run.');
  }
  return bin;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address() as net.AddressInfo;
      srv.close(() => resolve(addr.port));
    });
  });
}

/** Starts a server; `settings` become `-c name=value` options (e.g. a parameter group's). */
export async function startPgCluster(settings: Readonly<Record<string, string>> = {}): Promise<PgCluster> {
  const bin = findPostgresBin();
  const isRoot = process.getuid?.() === 0;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pg-backup-test-'));
  const data = path.join(dir, 'data');
  const password = `pw-${Math.random().toString(36).slice(2)}`;
  fs.writeFileSync(path.join(dir, 'pwfile'), `${password}\n`, { mode: 0o600 });
  if (isRoot) {
    const uid = Number(execFileSync('id', ['-u', 'postgres']).toString().trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres']).toString().trim());
    fs.chownSync(dir, uid, gid);
    fs.chownSync(path.join(dir, 'pwfile'), uid, gid);
  }
  const asServer = (file: string, args: string[], opts: ExecFileSyncOptions = {}) => (isRoot
    ? execFileSync('runuser', ['-u', 'postgres', '--', file, ...args], { stdio: 'pipe', ...opts })
    : execFileSync(file, args, { stdio: 'pipe', ...opts }));

  const port = await freePort();
  let started = false;
  const stop = () => {
    if (started) {
      try { asServer(path.join(bin, 'pg_ctl'), ['-D', data, '-m', 'immediate', '-w', 'stop']); } catch { /* already stopped */ }
      started = false;
    }
    fs.rmSync(dir, { recursive: true, force: true });
  };
  try {
    asServer(path.join(bin, 'initdb'), ['-D', data, '-U', 'postgres', '--auth=scram-sha-256', `--pwfile=${path.join(dir, 'pwfile')}`, '-E', 'UTF8', '--no-sync']);
    asServer('openssl', ['req', '-new', '-x509', '-days', '1', '-nodes', '-subj', '/CN=localhost',
      '-keyout', path.join(data, 'server.key'), '-out', path.join(data, 'server.crt')]);
    fs.chmodSync(path.join(data, 'server.key'), 0o600);
    asServer(path.join(bin, 'pg_ctl'), ['-D', data, '-l', path.join(dir, 'server.log'), '-w', '-t', '15', 'start',
      '-o', `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c ssl=on -c fsync=off${Object.entries(settings).map(([k, v]) => ` -c ${k}=${v}`).join('')}`]);
    started = true;
  } catch (e) {
    const log = fs.existsSync(path.join(dir, 'server.log')) ? fs.readFileSync(path.join(dir, 'server.log'), 'utf8') : '';
    stop();
    throw new Error(`could not start PostgreSQL: ${(e as Error).message}\n${log}`);
  }

  const clientEnv = (database: string): NodeJS.ProcessEnv => ({
    ...process.env,
    PATH: `${bin}:${process.env.PATH}`,
    PGHOST: '127.0.0.1', PGPORT: String(port), PGUSER: 'postgres', PGPASSWORD: password, PGDATABASE: database,
  });
  return {
    bin, port, password, dir, stop, clientEnv,
    psql: (database, sql) => execFileSync(path.join(bin, 'psql'), ['-X', '-q', '-A', '-t', '-v', 'ON_ERROR_STOP=1', '-c', sql], {
      env: { ...clientEnv(database), PGSSLMODE: 'require' }, stdio: 'pipe',
    }).toString().trim(),
  };
}
