import { spawnSync } from 'child_process';
import * as path from 'path';
import { DATABASE_USERS } from '../../lib/config/naming';
import { databaseBaselineSql, databaseUserSql, type DatabaseUser } from '../../lib/data/database-users';
import { platformDatabaseUsers } from '../../lib/data/platform-database-users';
import { PgCluster, startPgCluster } from '../charts/stateful/pg-cluster';

/**
 * The per-service logins' SQL (what the Data API custom resources run) against a real PostgreSQL:
 * each login can do its job and nothing more. `rds_iam` is an Aurora role, stubbed here.
 */
describe('per-service database logins against a real PostgreSQL', () => {
  let pg: PgCluster;
  const users = platformDatabaseUsers();
  const owner = users.find((u) => u.privileges === 'schema-owner')!.name;

  /** psql as `user` (a test password is set after the SQL ran); returns status and output. */
  function as(user: string, sql: string): { ok: boolean; out: string } {
    const res = spawnSync(path.join(pg.bin, 'psql'), ['-X', '-q', '-A', '-t', '-v', 'ON_ERROR_STOP=1', '-c', sql], {
      env: { ...pg.clientEnv('payments'), PGUSER: user, PGPASSWORD: `test-${user}`, PGSSLMODE: 'require' }, encoding: 'utf8',
    });
    return { ok: res.status === 0, out: `${res.stdout}${res.stderr}`.trim() };
  }

  function apply(list: readonly DatabaseUser[]): void {
    pg.psql('payments', databaseBaselineSql('payments', 'app'));
    const ownerUser = list.find((u) => u.privileges === 'schema-owner');
    for (const u of [...(ownerUser ? [ownerUser] : []), ...list.filter((x) => x !== ownerUser)]) {
      pg.psql('payments', databaseUserSql('payments', 'app', u, ownerUser?.name));
    }
  }

  beforeAll(async () => {
    pg = await startPgCluster();
    pg.psql('postgres', 'CREATE DATABASE payments');
    pg.psql('postgres', 'CREATE ROLE rds_iam NOLOGIN');
    pg.psql('postgres', 'CREATE ROLE intruder LOGIN PASSWORD \'test-intruder\'');
    apply(users);
    apply(users); // idempotent: a second deployment (onUpdate) runs the same SQL
    // Aurora logs these users in with IAM tokens; the test server uses passwords instead.
    for (const u of users) pg.psql('postgres', `ALTER ROLE ${u.name} PASSWORD 'test-${u.name}'`);
  }, 30000);

  afterAll(() => pg?.stop());

  test('the platform has the four logins, none privileged, all members of rds_iam', () => {
    expect(users.map((u) => u.name).sort()).toEqual(Object.values(DATABASE_USERS).sort());
    const rows = pg.psql('payments', `SELECT rolname, rolsuper, rolcreaterole, rolcreatedb, rolreplication, rolbypassrls, pg_has_role(rolname, 'rds_iam', 'MEMBER')
      FROM pg_roles WHERE rolname IN (${users.map((u) => `'${u.name}'`).join(',')}) ORDER BY 1`).split('\n');
    expect(rows).toEqual(users.map((u) => u.name).sort().map((n) => `${n}|f|f|f|f|f|t`));
  });

  test('payment-service owns the schema: creates tables, writes them', () => {
    expect(as(owner, 'CREATE TABLE payments (id bigserial PRIMARY KEY, amount numeric NOT NULL)').ok).toBe(true);
    expect(as(owner, 'INSERT INTO payments (amount) VALUES (10), (20)').ok).toBe(true);
    expect(as(owner, 'SELECT current_schema()').out).toBe('app');
  });

  test('api-gateway reads and writes those tables but cannot change the schema', () => {
    expect(as(DATABASE_USERS.apiGateway, 'INSERT INTO payments (amount) VALUES (30)').ok).toBe(true);
    expect(as(DATABASE_USERS.apiGateway, 'SELECT count(*) FROM payments').out).toBe('3');
    expect(as(DATABASE_USERS.apiGateway, 'CREATE TABLE sneaky (id int)').out).toMatch(/permission denied for schema app/);
    expect(as(DATABASE_USERS.apiGateway, 'DROP TABLE payments').out).toMatch(/must be owner of table payments/);
    expect(as(DATABASE_USERS.apiGateway, 'CREATE TABLE public.sneaky (id int)').out).toMatch(/permission denied for schema public/);
  });

  test('the backup login reads everything and writes nothing', () => {
    expect(as(DATABASE_USERS.backup, 'SELECT sum(amount) FROM app.payments').out).toBe('60');
    expect(as(DATABASE_USERS.backup, 'INSERT INTO app.payments (amount) VALUES (1)').out).toMatch(/read-only transaction|permission denied/);
    expect(as(DATABASE_USERS.backup, 'START TRANSACTION READ WRITE; INSERT INTO app.payments (amount) VALUES (1); COMMIT').out)
      .toMatch(/permission denied for table payments/);
  });

  test('the monitoring login sees statistics, not data', () => {
    expect(as(DATABASE_USERS.monitoring, "SELECT count(*) > 0 FROM pg_stat_activity WHERE usename IS NOT NULL").out).toBe('t');
    expect(as(DATABASE_USERS.monitoring, 'SELECT * FROM app.payments').out).toMatch(/permission denied/);
  });

  test('a login the platform did not create cannot even connect to the payments database', () => {
    expect(as('intruder', 'SELECT 1').out).toMatch(/permission denied for database "payments"/);
  });

  test('re-running the SQL resets a tampered login (e.g. a password or superuser set by hand)', () => {
    pg.psql('postgres', `ALTER ROLE ${DATABASE_USERS.apiGateway} CREATEROLE`);
    pg.psql('payments', databaseUserSql('payments', 'app', users.find((u) => u.name === DATABASE_USERS.apiGateway)!, owner));
    expect(pg.psql('payments', `SELECT rolcreaterole, rolpassword IS NULL FROM pg_authid WHERE rolname = '${DATABASE_USERS.apiGateway}'`)).toBe('f|t');
    pg.psql('postgres', `ALTER ROLE ${DATABASE_USERS.apiGateway} PASSWORD 'test-${DATABASE_USERS.apiGateway}'`);
  });

  test('fails on defect: without the default privileges, a table created later is closed to api-gateway', () => {
    // The default privileges are what lets api-gateway use tables payment-service's migrations create later.
    pg.psql('payments', `ALTER DEFAULT PRIVILEGES FOR ROLE ${owner} IN SCHEMA app REVOKE ALL ON TABLES FROM ${DATABASE_USERS.apiGateway}`);
    as(owner, 'CREATE TABLE refunds (id int)');
    expect(as(DATABASE_USERS.apiGateway, 'SELECT * FROM refunds').out).toMatch(/permission denied for table refunds/);
    apply(users);
    for (const u of users) pg.psql('postgres', `ALTER ROLE ${u.name} PASSWORD 'test-${u.name}'`);
    as(owner, 'CREATE TABLE chargebacks (id int)');
    expect(as(DATABASE_USERS.apiGateway, 'SELECT count(*) FROM chargebacks').out).toBe('0');
  });
});
