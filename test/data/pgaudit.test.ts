import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { DATABASE_USERS } from '../../lib/config/naming';
import { databaseBaselineSql, databaseUserSql } from '../../lib/data/database-users';
import { PGAUDIT_PARAMETERS, PGAUDIT_ROLE, SHARED_PRELOAD_LIBRARIES } from '../../lib/data/pgaudit';
import { platformDatabaseUsers } from '../../lib/data/platform-database-users';
import { type PgCluster, startPgCluster } from '../charts/stateful/pg-cluster';

/**
 * The cluster parameter group's pgaudit settings and the audit role's grants, on a real
 * PostgreSQL with pgaudit (Debian `postgresql-<major>-pgaudit`): the server accepts exactly the
 * parameter set the platform writes, and its log records what PCI DSS 10.2.1 asks for.
 */
const SETTINGS = { shared_preload_libraries: SHARED_PRELOAD_LIBRARIES, ...PGAUDIT_PARAMETERS };

describe('pgaudit against a real PostgreSQL', () => {
  let pg: PgCluster;
  const users = platformDatabaseUsers();
  const owner = users.find((u) => u.privileges === 'schema-owner')!;

  function as(user: string, sql: string): string {
    const res = spawnSync(path.join(pg.bin, 'psql'), ['-X', '-q', '-A', '-t', '-v', 'ON_ERROR_STOP=1', '-c', sql], {
      env: { ...pg.clientEnv('payments'), PGUSER: user, PGPASSWORD: `test-${user}`, PGSSLMODE: 'require' }, encoding: 'utf8',
    });
    if (res.status !== 0) throw new Error(`psql as ${user}: ${res.stderr}`);
    return res.stdout.trim();
  }
  const audit = () => fs.readFileSync(path.join(pg.dir, 'server.log'), 'utf8').split('\n').filter((l) => l.includes('AUDIT: '));

  beforeAll(async () => {
    pg = await startPgCluster(SETTINGS);
    pg.psql('postgres', 'CREATE DATABASE payments');
    pg.psql('postgres', 'CREATE ROLE rds_iam NOLOGIN');
    pg.psql('payments', databaseBaselineSql('payments', 'app'));
    pg.psql('payments', databaseUserSql('payments', 'app', owner));
    for (const u of users.filter((x) => x !== owner)) pg.psql('payments', databaseUserSql('payments', 'app', u, owner.name));
    for (const u of users) pg.psql('postgres', `ALTER ROLE ${u.name} PASSWORD 'test-${u.name}'`);
    as(owner.name, 'CREATE TABLE cards (id bigserial PRIMARY KEY, pan_token text NOT NULL)');
    as(DATABASE_USERS.apiGateway, "INSERT INTO cards (pan_token) VALUES ('tok_1')");
    as(DATABASE_USERS.apiGateway, 'SELECT count(*) FROM cards');
    pg.psql('payments', 'CREATE TABLE public.scratch (x int); SELECT * FROM public.scratch');
  }, 60000);

  afterAll(() => pg?.stop());

  test('the server starts with the parameter group\'s pgaudit settings and reports each of them', () => {
    for (const [name, value] of Object.entries(SETTINGS)) expect(pg.psql('payments', `SHOW "${name}"`)).toBe(value === '0' ? 'off' : value === '1' ? 'on' : value);
  });

  test('schema changes, role changes and writes are logged by every login (session auditing)', () => {
    const lines = audit();
    expect(lines.some((l) => /AUDIT: SESSION,\d+,\d+,DDL,CREATE TABLE,.*CREATE TABLE cards/.test(l))).toBe(true);
    expect(lines.some((l) => /AUDIT: SESSION,\d+,\d+,WRITE,INSERT,TABLE,app\.cards,/.test(l))).toBe(true);
    expect(lines.some((l) => /AUDIT: SESSION,\d+,\d+,ROLE,(CREATE|ALTER) ROLE,/.test(l))).toBe(true);
  });

  test('reads of the application schema\'s tables are logged through the audit role; other reads are not', () => {
    const lines = audit();
    expect(lines.some((l) => /AUDIT: OBJECT,\d+,\d+,READ,SELECT,TABLE,app\.cards,/.test(l))).toBe(true);
    expect(lines.some((l) => /READ,SELECT,TABLE,public\.scratch/.test(l))).toBe(false);
    expect(pg.psql('payments', `SELECT has_table_privilege('${PGAUDIT_ROLE}', 'app.cards', 'SELECT'), rolcanlogin FROM pg_roles WHERE rolname = '${PGAUDIT_ROLE}'`)).toBe('t|f');
  });

  test('fails when the audit role may not read a table: its reads go unlogged (the grant is what the audit follows)', () => {
    as(owner.name, 'CREATE TABLE unaudited (x int)');
    as(owner.name, `REVOKE SELECT ON unaudited FROM ${PGAUDIT_ROLE}`);
    as(DATABASE_USERS.apiGateway, 'SELECT count(*) FROM unaudited');
    expect(audit().some((l) => /READ,SELECT,TABLE,app\.unaudited/.test(l))).toBe(false);
  });

  test('bound parameter values are never written to the log', () => {
    expect(audit().filter((l) => /,WRITE,INSERT,/.test(l)).every((l) => l.endsWith(',<not logged>'))).toBe(true);
  });

  test('every pgaudit setting passes the extension\'s own check; an invalid one fails it (the check can fail)', () => {
    // pgaudit checks a value when it is set; a session SET runs the same check as the parameter group.
    for (const [name, value] of Object.entries(PGAUDIT_PARAMETERS)) expect(() => pg.psql('payments', `SET "${name}" = '${value}'`)).not.toThrow();
    expect(() => pg.psql('payments', "SET \"pgaudit.log\" = 'ddl,role,writes'")).toThrow(/invalid value for parameter "pgaudit.log"/);
    expect(() => pg.psql('payments', "SET \"pgaudit.log_paramter\" = '0'")).not.toThrow(); // a misspelt name is a placeholder here…
    expect(pg.psql('payments', "SELECT count(*) FROM pg_settings WHERE name LIKE 'pgaudit.%' AND name IN (" +
      Object.keys(PGAUDIT_PARAMETERS).map((n) => `'${n}'`).join(',') + ')')).toBe(String(Object.keys(PGAUDIT_PARAMETERS).length)); // …so each name must be a real one
  });
});
