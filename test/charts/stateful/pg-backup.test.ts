import { execFileSync, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { PgCluster, startPgCluster } from './pg-cluster';

const SCRIPT = path.resolve(__dirname, '../../../charts/scripts/pg-backup.sh');
const TABLES = ['customers', 'payments', 'audit_log'];

const SEED = `
CREATE TABLE customers (id bigint PRIMARY KEY, email text NOT NULL UNIQUE, country char(2) NOT NULL);
CREATE TABLE payments (
  id bigint PRIMARY KEY, customer_id bigint NOT NULL REFERENCES customers(id),
  amount numeric(18, 2) NOT NULL CHECK (amount > 0), currency char(3) NOT NULL,
  details jsonb NOT NULL, created_at timestamptz NOT NULL
);
CREATE INDEX payments_customer ON payments (customer_id);
CREATE TABLE audit_log (id bigserial PRIMARY KEY, payment_id bigint REFERENCES payments(id), note text);
INSERT INTO customers SELECT g, 'user' || g || '@example.com', (ARRAY['US','DE','SG'])[1 + g % 3] FROM generate_series(1, 200) g;
INSERT INTO payments SELECT g, 1 + g % 200, round((g * 13.37)::numeric, 2), (ARRAY['USD','EUR','SGD'])[1 + g % 3],
  jsonb_build_object('card', jsonb_build_object('last4', lpad((g % 10000)::text, 4, '0')), 'tags', jsonb_build_array('n', g), 'note', 'ü€ "quoted"'),
  timestamptz '2026-01-01 00:00:00+00' + g * interval '17 minutes'
  FROM generate_series(1, 1500) g;
INSERT INTO audit_log (payment_id, note) SELECT g, E'line\\nbreak ' || g FROM generate_series(1, 1500, 3) g;
`;

/** Row count and an md5 over every row in primary-key order, per table. */
function fingerprint(pg: PgCluster, db: string): Record<string, string> {
  return Object.fromEntries(TABLES.map((t) => [t,
    pg.psql(db, `SELECT count(*) || ':' || md5(coalesce(string_agg(t::text, '|' ORDER BY id), '')) FROM ${t} t`)]));
}

function runScript(args: string[], env: NodeJS.ProcessEnv) {
  return spawnSync('sh', [SCRIPT, ...args], { env, encoding: 'utf8', timeout: 15000 });
}

describe('charts/scripts/pg-backup.sh against a real PostgreSQL', () => {
  let pg: PgCluster;
  let out: string;

  beforeAll(async () => {
    pg = await startPgCluster();
    out = fs.mkdtempSync(path.join(pg.dir, 'out-'));
    pg.psql('postgres', 'CREATE DATABASE payments');
    pg.psql('payments', SEED);
  }, 20000);

  afterAll(() => pg?.stop());

  test('dump stage writes a custom-format archive and checksum that restore to identical rows', () => {
    const res = runScript(['dump', out], pg.clientEnv('payments'));
    expect(res.stderr).toMatch(/sslmode=require/);
    expect(res.status).toBe(0);

    const name = fs.readFileSync(path.join(out, 'LATEST'), 'utf8').trim();
    expect(name).toMatch(/^payments-\d{8}T\d{6}Z\.dump$/);
    expect(fs.readFileSync(path.join(out, name)).subarray(0, 5).toString()).toBe('PGDMP'); // custom format magic
    expect(fs.readdirSync(out).filter((f) => f.includes('partial'))).toEqual([]);
    expect(execFileSync('sha256sum', ['-c', `${name}.sha256`], { cwd: out }).toString()).toContain(`${name}: OK`);

    pg.psql('postgres', 'CREATE DATABASE restored');
    execFileSync(path.join(pg.bin, 'pg_restore'), ['--no-owner', '--exit-on-error', '-d', 'restored', path.join(out, name)], {
      env: { ...pg.clientEnv('restored'), PGSSLMODE: 'require' }, stdio: 'pipe',
    });

    const original = fingerprint(pg, 'payments');
    expect(original.payments).toMatch(/^1500:[0-9a-f]{32}$/);
    expect(original.customers).toMatch(/^200:/);
    expect(original.audit_log).toMatch(/^500:/);
    expect(fingerprint(pg, 'restored')).toEqual(original);
    expect(pg.psql('restored', "SELECT sum(amount)::text || ' ' || (SELECT details->>'note' FROM payments WHERE id = 7) FROM payments"))
      .toBe(pg.psql('payments', "SELECT sum(amount)::text || ' ' || (SELECT details->>'note' FROM payments WHERE id = 7) FROM payments"));
    // Constraints and indexes came back too.
    expect(pg.psql('restored', "SELECT count(*) FROM pg_indexes WHERE tablename = 'payments'")).toBe('2');
  });

  test('dump stage fails with the missing variable named', () => {
    const env = pg.clientEnv('payments');
    delete env.PGPASSWORD;
    const res = runScript(['dump', out], env);
    expect(res.status).not.toBe(0);
    expect(res.stderr).toContain('environment variable PGPASSWORD is not set');
  });

  test('dump stage fails on a wrong password and leaves no finished dump behind', () => {
    const dir = fs.mkdtempSync(path.join(pg.dir, 'bad-'));
    const res = runScript(['dump', dir], { ...pg.clientEnv('payments'), PGPASSWORD: 'wrong' });
    expect(res.status).not.toBe(0);
    expect(res.stderr).toContain('pg_dump failed');
    expect(fs.existsSync(path.join(dir, 'LATEST'))).toBe(false);
  });

  describe('upload stage (AWS CLI replaced by a recording stub)', () => {
    function stubAws(encryption: string): { env: NodeJS.ProcessEnv; log: string } {
      const bin = fs.mkdtempSync(path.join(pg.dir, 'aws-'));
      const log = path.join(bin, 'calls.log');
      const name = fs.readFileSync(path.join(out, 'LATEST'), 'utf8').trim();
      const size = fs.statSync(path.join(out, name)).size;
      const sum = fs.readFileSync(path.join(out, `${name}.sha256`), 'utf8').split(' ')[0];
      fs.writeFileSync(path.join(bin, 'aws'), [
        '#!/bin/sh',
        `echo "$*" >> ${log}`,
        `if [ "$2" = head-object ]; then printf '%s\\t%s\\t%s\\n' ${size} ${encryption} ${sum}; fi`,
      ].join('\n'), { mode: 0o755 });
      return { env: { ...process.env, PATH: `${bin}:${process.env.PATH}`, BACKUP_BUCKET: 'verypay-prod-use1-backups-123456789012' }, log };
    }

    test('uploads under postgres/ with SSE-KMS and verifies the stored object', () => {
      const { env, log } = stubAws('aws:kms');
      const res = runScript(['upload', out], env);
      expect(res.stderr).toContain('verified s3://verypay-prod-use1-backups-123456789012/postgres/payments-');
      expect(res.status).toBe(0);
      const calls = fs.readFileSync(log, 'utf8').trim().split('\n');
      expect(calls[0]).toMatch(/^s3 cp \S+\/payments-\d{8}T\d{6}Z\.dump s3:\/\/verypay-prod-use1-backups-123456789012\/postgres\/payments-\d{8}T\d{6}Z\.dump --sse aws:kms --metadata sha256=[0-9a-f]{64}/);
      expect(calls[1]).toMatch(/^s3api head-object --bucket verypay-prod-use1-backups-123456789012 --key postgres\/payments-/);
      expect(calls.join('\n')).not.toMatch(/\b(rm|delete-object)\b/);
    });

    test('fails when the stored object is not KMS-encrypted', () => {
      const { env } = stubAws('AES256');
      const res = runScript(['upload', out], env);
      expect(res.status).not.toBe(0);
      expect(res.stderr).toContain('not SSE-KMS encrypted (got AES256)');
    });

    test('fails when the dump was altered after its checksum was taken', () => {
      const { env } = stubAws('aws:kms');
      const dir = fs.mkdtempSync(path.join(pg.dir, 'tampered-'));
      for (const f of fs.readdirSync(out).filter((x) => !x.startsWith('.'))) fs.copyFileSync(path.join(out, f), path.join(dir, f));
      const name = fs.readFileSync(path.join(dir, 'LATEST'), 'utf8').trim();
      fs.appendFileSync(path.join(dir, name), 'x');
      const res = runScript(['upload', dir], env);
      expect(res.status).not.toBe(0);
      expect(res.stderr).toContain(`checksum of ${name} does not match`);
    });
  });
});
