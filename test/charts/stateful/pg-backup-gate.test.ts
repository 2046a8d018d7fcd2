/*
 * The nightly dump's writer gate (charts/scripts/pg-backup.sh) against a real PostgreSQL, in every
 * region of the example platform, through planned switchovers and outages.
 *
 * - Each region's job runs as the chart renders it for that region (its containers' environment),
 *   with the hosts mapped to what the region can reach in the failover state: its own reader
 *   endpoint (the gate host) always; the global writer endpoint only while the writer is in the
 *   region (otherwise it names another region's VPC: no route, modelled as a refused connection).
 * - The server stands in for Aurora: `aurora_global_db_instance_status()` returns the rows the
 *   failover model says any instance of the global database returns in that state
 *   (test/support/aurora-global.ts).
 * - The same matrix with the gate removed from the script fails in every standby: the defect the
 *   gate exists for.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { Testing } from 'cdk8s';
import { PaymentWorkloads } from '../../../charts/payment-workloads';
import { workloadsPropsFromConfig } from '../../../lib/stacks/workloads-props';
import { auroraInstanceStatus } from '../../support/aurora-global';
import type { FailoverState } from '../../support/failover-model';
import { find, resolvedExample, synth } from '../core/helpers';
import { PgCluster, startPgCluster } from './pg-cluster';

const SCRIPT = path.resolve(__dirname, '../../../charts/scripts/pg-backup.sh');
const REGIONS = ['us-east-1', 'eu-west-1', 'ap-southeast-1'];
/** Where a host that names another region's VPC goes: nothing listens there (no route in the real world). */
const UNREACHABLE = '127.0.0.2';

type Env = Record<string, string>;
interface JobEnv { token: Env; dump: Env; upload: Env }

/** The postgres-backup CronJob's three containers' environment, as the chart renders it for `region`. */
function chartJobEnv(region: string): JobEnv {
  const objects = synth(new PaymentWorkloads(Testing.app(), `job-${region}`, workloadsPropsFromConfig(resolvedExample(), region)));
  const pod = find(objects, 'CronJob', 'postgres-backup').spec.jobTemplate.spec.template.spec;
  const env = (c: { env: { name: string; value: string }[] }) => Object.fromEntries(c.env.map((e) => [e.name, e.value]));
  return { token: env(pod.initContainers[0]), dump: env(pod.initContainers[1]), upload: env(pod.containers[0]) };
}

interface Run { status: number | null; stderr: string; awsCalls: string[]; dumped: boolean }

describe('pg-backup.sh writer gate against a real PostgreSQL (Aurora global database modelled)', () => {
  let pg: PgCluster;
  let serverCa: string;
  const jobs: Record<string, JobEnv> = {};
  let ungatedScript: string;

  beforeAll(async () => {
    pg = await startPgCluster();
    pg.psql('postgres', 'CREATE DATABASE payments');
    pg.psql('payments', `
      CREATE TABLE payments (id bigint PRIMARY KEY, amount numeric(18, 2) NOT NULL);
      INSERT INTO payments SELECT g, g * 1.5 FROM generate_series(1, 100) g;
      CREATE TABLE aurora_members (server_id text PRIMARY KEY, session_id text NOT NULL, aws_region text NOT NULL);
      CREATE FUNCTION aurora_global_db_instance_status() RETURNS TABLE (server_id text, session_id text, aws_region text,
        durable_lsn bigint, highest_lsn_rcvd bigint, feedback_epoch integer, feedback_xmin integer, oldest_read_view_lsn bigint,
        visibility_lag_in_msec double precision)
        LANGUAGE sql STABLE AS $$ SELECT server_id, session_id, aws_region, 0::bigint, 0::bigint, 0, 0, 0::bigint, 0::float8 FROM aurora_members $$;`);
    serverCa = path.join(pg.dir, 'server-ca.pem');
    fs.writeFileSync(serverCa, pg.psql('postgres', "SELECT pg_read_file('server.crt')"));
    for (const r of REGIONS) jobs[r] = chartJobEnv(r);
    // The code as it was: the same script without its gate.
    ungatedScript = path.join(pg.dir, 'pg-backup-ungated.sh');
    const source = fs.readFileSync(SCRIPT, 'utf8');
    expect(source).toContain('\n  writer_gate "$dir"\n');
    fs.writeFileSync(ungatedScript, source.replace('\n  writer_gate "$dir"\n', '\n'));
  }, 60000);

  afterAll(() => pg?.stop());

  /** Aurora's answer in `state`: the rows any instance of the global database returns. */
  function serveState(state: FailoverState): void {
    const rows = auroraInstanceStatus(REGIONS, state);
    pg.psql('payments', `TRUNCATE aurora_members; ${rows.map((r) => `INSERT INTO aurora_members VALUES ('${r.server_id}', '${r.session_id}', '${r.aws_region}');`).join(' ')}`);
  }

  /** Runs the three stages of `region`'s job in `state`, as its pod would. */
  function runJob(region: string, state: FailoverState, script = SCRIPT): Run {
    const job = jobs[region];
    const work = fs.mkdtempSync(path.join(pg.dir, `${region}-`));
    const [bin, tokenDir, backupDir, store, tmp] = ['bin', 'token', 'backup', 'store', 'tmp'].map((d) => path.join(work, d));
    for (const d of [bin, tokenDir, backupDir, store, tmp]) fs.mkdirSync(d);
    const log = path.join(work, 'aws-calls.log');
    // The AWS CLI: an IAM token (the server's password, so the login is real) and an S3 that stores the object.
    fs.writeFileSync(path.join(bin, 'aws'), [
      '#!/bin/sh', `echo "$*" >> ${log}`,
      'case "$1 $2" in',
      `  "rds generate-db-auth-token") printf '%s\\n' '${pg.password}' ;;`,
      `  "s3 cp") cp "$3" ${store}/object ;;`,
      `  "s3api head-object") printf '%s\\t%s\\t%s\\t%s\\n' "$(wc -c < ${store}/object | tr -d ' ')" aws:kms "$BACKUP_KMS_KEY_ID" "$(sha256sum ${store}/object | cut -d ' ' -f 1)" ;;`,
      'esac',
    ].join('\n'), { mode: 0o755 });
    const reachable = (host: string) => {
      if (host === job.dump.BACKUP_WRITER_GATE_HOST) return 'localhost'; // the region's own reader endpoint
      const writerHere = state.writerRegion === region && !state.lostRegions.includes(region);
      return writerHere ? 'localhost' : UNREACHABLE; // the global writer endpoint
    };
    const base = (env: Env): NodeJS.ProcessEnv => {
      const out: NodeJS.ProcessEnv = { ...env, PATH: `${bin}:${process.env.PATH}`, HOME: tmp, TERMINATION_LOG: path.join(work, 'termination-log') };
      for (const k of ['PGHOST', 'BACKUP_WRITER_GATE_HOST']) if (env[k]) out[k] = reachable(env[k]);
      if (env.PGPORT) out.PGPORT = String(pg.port);
      if (env.PGUSER) out.PGUSER = 'postgres';
      if (env.PGPASSFILE) out.PGPASSFILE = path.join(tokenDir, 'pgpass');
      if (env.PGSSLROOTCERT) out.PGSSLROOTCERT = serverCa;
      return out;
    };
    const stage = (name: string, dir: string, env: Env) => spawnSync('sh', [script, name, dir], { env: base(env), encoding: 'utf8', timeout: 20000 });
    let stderr = '';
    let status: number | null = 0;
    for (const [name, dir, env] of [['token', tokenDir, job.token], ['dump', backupDir, job.dump], ['upload', backupDir, job.upload]] as const) {
      const res = stage(name, dir, env);
      stderr += res.stderr;
      status = res.status;
      if (res.status !== 0) break;
    }
    const awsCalls = fs.existsSync(log) ? fs.readFileSync(log, 'utf8').trim().split('\n') : [];
    return { status, stderr, awsCalls, dumped: fs.existsSync(path.join(store, 'object')) };
  }

  test('the chart gives every region\'s job a gate on its own reader endpoint and its region', () => {
    for (const region of REGIONS) {
      const { token, dump, upload } = jobs[region];
      expect(dump.BACKUP_WRITER_GATE_HOST).toMatch(new RegExp(`^verypay-prod-[a-z0-9]+-postgres\\.cluster-ro-REPLACED-AT-DEPLOY\\.${region}\\.rds\\.amazonaws\\.com$`));
      expect(token.BACKUP_WRITER_GATE_HOST).toBe(dump.BACKUP_WRITER_GATE_HOST);
      expect([dump.BACKUP_REGION, upload.BACKUP_REGION]).toEqual([region, region]);
      expect(dump.PGHOST).toMatch(/\.global-REPLACED-AT-DEPLOY\.global\.rds\.amazonaws\.com$/);
    }
  });

  const STATES: [string, FailoverState][] = [
    ['steady state', { writerRegion: 'us-east-1', lostRegions: [] }],
    ['planned switchover to eu-west-1', { writerRegion: 'eu-west-1', lostRegions: [] }],
    ['outage: ap-southeast-1 promoted, us-east-1 lost', { writerRegion: 'ap-southeast-1', lostRegions: ['us-east-1'] }],
  ];

  test.each(STATES)('%s: the writer region dumps and uploads; every standby exits 0 with one log line and no upload', (_, state) => {
    serveState(state);
    for (const region of REGIONS.filter((r) => !state.lostRegions.includes(r))) {
      const run = runJob(region, state);
      expect([region, run.status]).toEqual([region, 0]);
      if (region === state.writerRegion) {
        expect(run.stderr).toContain(`writer gate: this region (${region}) holds the writer of the global database; dumping`);
        expect(run.stderr).toMatch(/verified s3:\/\/verypay-prod-\w+-backups-123456789012\/postgres\/payments-\d{8}T\d{6}Z\.dump/);
        expect(run.dumped).toBe(true);
      } else {
        expect(run.stderr).toContain(`standby region ${region}: the writer of the global database is in ${state.writerRegion}, whose job takes the dump; skipping (exit 0)`);
        expect(run.stderr).toContain(`standby region ${region}: no dump taken, the writer region ${state.writerRegion} dumps; nothing to upload`);
        expect(run.dumped).toBe(false);
        expect(run.awsCalls.filter((c) => c.startsWith('s3'))).toEqual([]);
      }
    }
  });

  test.each(STATES)('%s, gate removed (the code as it was): every standby fails nightly', (_, state) => {
    serveState(state);
    for (const region of REGIONS.filter((r) => !state.lostRegions.includes(r))) {
      const run = runJob(region, state, ungatedScript);
      if (region === state.writerRegion) {
        expect([region, run.status]).toEqual([region, 0]);
      } else {
        expect([region, run.status]).not.toEqual([region, 0]);
        expect(run.stderr).toContain('pg_dump failed');
      }
    }
  });

  test('a gate without an answer fails the job (never a silent skip): no writer row, two writers, no status function', () => {
    const state: FailoverState = { writerRegion: 'us-east-1', lostRegions: [] };
    pg.psql('payments', 'TRUNCATE aurora_members');
    let run = runJob('us-east-1', state);
    expect(run.status).not.toBe(0);
    expect(run.stderr).toContain('reports no writer instance (no MASTER_SESSION_ID row); the global database may be mid-failover');

    serveState(state);
    pg.psql('payments', "UPDATE aurora_members SET session_id = 'MASTER_SESSION_ID' WHERE server_id = 'eu-west-1-instance-1'");
    run = runJob('eu-west-1', state);
    expect(run.status).not.toBe(0);
    expect(run.stderr).toContain('reports writers in several regions (eu-west-1,us-east-1)');

    pg.psql('payments', 'ALTER FUNCTION aurora_global_db_instance_status() RENAME TO not_aurora');
    try {
      run = runJob('eu-west-1', state);
      expect(run.status).not.toBe(0);
      expect(run.stderr).toContain('writer gate: cannot ask localhost which region holds the writer of the global database');
      expect(run.dumped).toBe(false);
    } finally {
      pg.psql('payments', 'ALTER FUNCTION not_aurora() RENAME TO aurora_global_db_instance_status');
    }
  });

  test('the token stage signs a token for each host it logs in to (the gate host and the writer)', () => {
    serveState({ writerRegion: 'us-east-1', lostRegions: [] });
    const run = runJob('eu-west-1', { writerRegion: 'us-east-1', lostRegions: [] });
    expect(run.awsCalls.filter((c) => c.startsWith('rds'))).toEqual([
      `rds generate-db-auth-token --hostname ${UNREACHABLE} --port ${pg.port} --username postgres --region eu-west-1`,
      `rds generate-db-auth-token --hostname localhost --port ${pg.port} --username postgres --region eu-west-1`,
    ]);
  });
});
