import { execFileSync, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { rdsCaBundle } from '../../../charts/lib/rds-ca';
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

/** A key ARN of the backups key (what the chart passes as BACKUP_KMS_KEY_ID). */
const BACKUPS_KEY = 'arn:aws:kms:us-east-1:123456789012:key/1111aaaa-22bb-33cc-44dd-555555eeeeee';

function runScript(args: string[], env: NodeJS.ProcessEnv) {
  return spawnSync('sh', [SCRIPT, ...args], { env, encoding: 'utf8', timeout: 15000 });
}

describe('charts/scripts/pg-backup.sh against a real PostgreSQL', () => {
  let pg: PgCluster;
  let out: string;
  let serverCa: string;

  /** The client as the job runs it: sslmode=verify-full against a CA bundle, by host name. */
  function verifyingEnv(database: string, rootCert = serverCa): NodeJS.ProcessEnv {
    const env = pg.clientEnv(database);
    return { ...env, PGHOST: 'localhost', PGHOSTADDR: '127.0.0.1', PGSSLMODE: 'verify-full', PGSSLROOTCERT: rootCert };
  }

  beforeAll(async () => {
    pg = await startPgCluster();
    out = fs.mkdtempSync(path.join(pg.dir, 'out-'));
    pg.psql('postgres', 'CREATE DATABASE payments');
    pg.psql('payments', SEED);
    // The test server's self-signed certificate (CN=localhost) is its own CA.
    serverCa = path.join(pg.dir, 'server-ca.pem');
    fs.writeFileSync(serverCa, pg.psql('postgres', "SELECT pg_read_file('server.crt')"));
  }, 20000);

  afterAll(() => pg?.stop());

  test('dump stage writes a custom-format archive and checksum that restore to identical rows', () => {
    const res = runScript(['dump', out], verifyingEnv('payments'));
    expect(res.stderr).toMatch(/sslmode=verify-full/);
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
    const env = verifyingEnv('payments');
    delete env.PGDATABASE;
    const res = runScript(['dump', out], env);
    expect(res.status).not.toBe(0);
    expect(res.stderr).toContain('environment variable PGDATABASE is not set');
  });

  test('dump stage fails without a password file or password', () => {
    const env = verifyingEnv('payments');
    delete env.PGPASSWORD;
    expect(runScript(['dump', out], env).stderr).toContain('neither PGPASSFILE (the token stage\'s file) nor PGPASSWORD is set');
    const res = runScript(['dump', out], { ...env, PGPASSFILE: path.join(pg.dir, 'no-such-pgpass') });
    expect(res.status).not.toBe(0);
    expect(res.stderr).toContain('is missing or empty (the token stage did not run)');
  });

  test('verify-full: the dump refuses a server whose certificate the CA bundle does not vouch for', () => {
    // The chart's bundle holds only Amazon RDS roots: the test server's certificate is not signed by them.
    const rdsBundle = path.join(pg.dir, 'rds-ca.pem');
    fs.writeFileSync(rdsBundle, rdsCaBundle('us-east-1'));
    const dir = fs.mkdtempSync(path.join(pg.dir, 'unverified-'));
    const res = runScript(['dump', dir], verifyingEnv('payments', rdsBundle));
    expect(res.status).not.toBe(0);
    expect(res.stderr).toMatch(/certificate verify failed/);
    expect(fs.existsSync(path.join(dir, 'LATEST'))).toBe(false);
    // And a host name the certificate does not name is refused even with the right CA.
    const wrongHost = runScript(['dump', dir], { ...verifyingEnv('payments'), PGHOST: 'db.internal' });
    expect(wrongHost.status).not.toBe(0);
    expect(wrongHost.stderr).toMatch(/does not match host name/);
  });

  describe('token stage (IAM database authentication; AWS CLI replaced by a stub)', () => {
    function stubTokenCli(token: string): { env: NodeJS.ProcessEnv; log: string } {
      const bin = fs.mkdtempSync(path.join(pg.dir, 'aws-token-'));
      const log = path.join(bin, 'calls.log');
      fs.writeFileSync(path.join(bin, 'aws'), ['#!/bin/sh', `echo "$*" >> ${log}`, `printf '%s\n' '${token}'`].join('\n'), { mode: 0o755 });
      return { env: { PATH: `${bin}:${process.env.PATH}`, AWS_REGION: 'us-east-1' }, log };
    }

    test('writes a pgpass file the dump logs in with, without any password in the environment', () => {
      // The stub hands out the server's real password as "token", so the login that follows is real.
      const { env: cli, log } = stubTokenCli(pg.password);
      const dir = fs.mkdtempSync(path.join(pg.dir, 'iam-'));
      const base = verifyingEnv('payments');
      delete base.PGPASSWORD;
      const token = runScript(['token', dir], { ...base, ...cli, PATH: `${cli.PATH}` });
      expect(token.status).toBe(0);
      expect(fs.readFileSync(log, 'utf8').trim()).toBe(`rds generate-db-auth-token --hostname localhost --port ${pg.port} --username postgres --region us-east-1`);
      expect(fs.statSync(path.join(dir, 'pgpass')).mode & 0o077).toBe(0);
      const dump = runScript(['dump', dir], { ...base, PGPASSFILE: path.join(dir, 'pgpass') });
      expect(dump.stderr).toContain('wrote payments-');
      expect(dump.status).toBe(0);
    });

    test("escapes the token's ':' and '\\' so libpq reads it back intact", () => {
      const { env: cli } = stubTokenCli('host:5432/?Action=connect&X-Amz-Signature=a\\b');
      const dir = fs.mkdtempSync(path.join(pg.dir, 'esc-'));
      const res = runScript(['token', dir], { ...verifyingEnv('payments'), ...cli });
      expect(res.status).toBe(0);
      expect(fs.readFileSync(path.join(dir, 'pgpass'), 'utf8')).toBe(`localhost:${pg.port}:*:postgres:host\\:5432/?Action=connect&X-Amz-Signature=a\\\\b\n`);
    });

    test('fails when no token can be generated', () => {
      const bin = fs.mkdtempSync(path.join(pg.dir, 'aws-broken-'));
      fs.writeFileSync(path.join(bin, 'aws'), '#!/bin/sh\necho "Unable to locate credentials" >&2\nexit 255\n', { mode: 0o755 });
      const dir = fs.mkdtempSync(path.join(pg.dir, 'notoken-'));
      const res = runScript(['token', dir], { ...verifyingEnv('payments'), PATH: `${bin}:${process.env.PATH}`, AWS_REGION: 'us-east-1' });
      expect(res.status).not.toBe(0);
      expect(res.stderr).toContain('could not generate an IAM database authentication token for postgres');
      expect(fs.existsSync(path.join(dir, 'pgpass'))).toBe(false);
    });
  });

  test('dump stage fails on a wrong password and leaves no finished dump behind', () => {
    const dir = fs.mkdtempSync(path.join(pg.dir, 'bad-'));
    const res = runScript(['dump', dir], { ...pg.clientEnv('payments'), PGPASSWORD: 'wrong' });
    expect(res.status).not.toBe(0);
    expect(res.stderr).toContain('pg_dump failed');
    expect(fs.existsSync(path.join(dir, 'LATEST'))).toBe(false);
  });

  describe('upload stage (AWS CLI replaced by a recording stub)', () => {
    function stubAws(encryption: string, keyId = BACKUPS_KEY): { env: NodeJS.ProcessEnv; log: string } {
      const bin = fs.mkdtempSync(path.join(pg.dir, 'aws-'));
      const log = path.join(bin, 'calls.log');
      const name = fs.readFileSync(path.join(out, 'LATEST'), 'utf8').trim();
      const size = fs.statSync(path.join(out, name)).size;
      const sum = fs.readFileSync(path.join(out, `${name}.sha256`), 'utf8').split(' ')[0];
      fs.writeFileSync(path.join(bin, 'aws'), [
        '#!/bin/sh',
        `echo "$*" >> ${log}`,
        `if [ "$2" = head-object ]; then printf '%s\\t%s\\t%s\\t%s\\n' ${size} ${encryption} ${keyId} ${sum}; fi`,
      ].join('\n'), { mode: 0o755 });
      return { env: { ...process.env, PATH: `${bin}:${process.env.PATH}`, BACKUP_BUCKET: 'verypay-prod-use1-backups-123456789012', BACKUP_KMS_KEY_ID: BACKUPS_KEY }, log };
    }

    test('uploads under postgres/ with SSE-KMS and verifies the stored object', () => {
      const { env, log } = stubAws('aws:kms');
      const res = runScript(['upload', out], env);
      expect(res.stderr).toContain('verified s3://verypay-prod-use1-backups-123456789012/postgres/payments-');
      expect(res.status).toBe(0);
      const calls = fs.readFileSync(log, 'utf8').trim().split('\n');
      expect(calls[0]).toMatch(/^s3 cp \S+\/payments-\d{8}T\d{6}Z\.dump s3:\/\/verypay-prod-use1-backups-123456789012\/postgres\/payments-\d{8}T\d{6}Z\.dump --sse aws:kms --sse-kms-key-id arn:aws:kms:us-east-1:123456789012:key\/1111aaaa-22bb-33cc-44dd-555555eeeeee --metadata sha256=[0-9a-f]{64}/);
      expect(calls[1]).toMatch(/^s3api head-object --bucket verypay-prod-use1-backups-123456789012 --key postgres\/payments-/);
      expect(calls.join('\n')).not.toMatch(/\b(rm|delete-object)\b/);
    });

    test('fails when the stored object is not KMS-encrypted', () => {
      const { env } = stubAws('AES256');
      const res = runScript(['upload', out], env);
      expect(res.status).not.toBe(0);
      expect(res.stderr).toContain('not SSE-KMS encrypted (got AES256)');
    });

    test('fails when the stored object is encrypted with another key (e.g. aws/s3)', () => {
      const awsManaged = 'arn:aws:kms:us-east-1:123456789012:key/9999ffff-0000-1111-2222-333333333333';
      const { env } = stubAws('aws:kms', awsManaged);
      const res = runScript(['upload', out], env);
      expect(res.status).not.toBe(0);
      expect(res.stderr).toContain(`uploaded object is encrypted with key ${awsManaged}, not the backups key ${BACKUPS_KEY}`);
    });

    test('refuses to upload without the backups key named', () => {
      const { env, log } = stubAws('aws:kms');
      for (const bad of [undefined, 'alias/aws/s3']) {
        const rest = { ...env };
        delete rest.BACKUP_KMS_KEY_ID;
        const res = runScript(['upload', out], bad === undefined ? rest : { ...rest, BACKUP_KMS_KEY_ID: bad });
        expect(res.status).not.toBe(0);
        expect(res.stderr).toContain(bad === undefined ? 'environment variable BACKUP_KMS_KEY_ID is not set' : "BACKUP_KMS_KEY_ID 'alias/aws/s3' is not a KMS key ARN");
      }
      expect(fs.existsSync(log)).toBe(false);
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
