import { RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as cr from 'aws-cdk-lib/custom-resources';
import { Construct, type IConstruct } from 'constructs';
import type { PaymentDatabase } from './database';
import { PGAUDIT_ROLE } from './pgaudit';

/**
 * What a login may do:
 * - `schema-owner`: owns the application schema (creates and migrates its tables), nothing else;
 * - `read-write`: reads and writes the owner's tables and sequences, no DDL;
 * - `read-only`: `pg_read_all_data` in read-only sessions (the nightly dump);
 * - `monitor`: `pg_monitor` (statistics views), no table data.
 */
export type DatabasePrivileges = 'schema-owner' | 'read-write' | 'read-only' | 'monitor';

/** One PostgreSQL login of a database client. */
export interface DatabaseUser {
  /** Role name (a lowercase SQL identifier). */
  readonly name: string;
  readonly privileges: DatabasePrivileges;
  /**
   * Connection limit of the login.
   * @default 200 (`read-only` and `monitor`: 5)
   */
  readonly connectionLimit?: number;
}

/** Props of {@link DatabaseUsers}. */
export interface DatabaseUsersProps {
  /** The (primary or standalone) cluster; its Data API must be on (`PaymentDatabase` enables it). */
  readonly database: PaymentDatabase;
  /** The application database, e.g. `payments`. */
  readonly databaseName: string;
  /**
   * Schema of the application tables, owned by the `schema-owner` login.
   * @default 'app'
   */
  readonly schema?: string;
  /** The logins; at most one `schema-owner`, which every `read-write` login works for. */
  readonly users: readonly DatabaseUser[];
  /** Key of the provider function's log group (the platform's `logs` key). */
  readonly logsKey: kms.IKey;
  /**
   * Days the provider function's log is kept.
   * @default logs.RetentionDays.ONE_YEAR
   */
  readonly logRetention?: logs.RetentionDays;
}

const IDENTIFIER = /^[a-z_][a-z0-9_]{0,62}$/;

function checkIdentifier(field: string, value: string): void {
  if (!IDENTIFIER.test(value)) {
    throw new Error(`DatabaseUsers: ${field} is '${value}'; use a lowercase SQL identifier (letters, digits, '_', at most 63 characters, not starting with a digit).`);
  }
}

/** Statements that run once per database before the logins: nobody but granted roles may connect or create in `public`. */
export function databaseBaselineSql(databaseName: string, schema: string): string {
  checkIdentifier('databaseName', databaseName);
  checkIdentifier('schema', schema);
  return [
    'DO $do$ BEGIN',
    `  REVOKE ALL ON DATABASE ${databaseName} FROM PUBLIC;`,
    '  REVOKE CREATE ON SCHEMA public FROM PUBLIC;',
    // pgaudit's object-audit role (pgaudit.role): no login; what it may read is what is audited.
    `  IF NOT EXISTS (SELECT FROM pg_catalog.pg_roles WHERE rolname = '${PGAUDIT_ROLE}') THEN CREATE ROLE ${PGAUDIT_ROLE} NOLOGIN; END IF;`,
    'END $do$;',
  ].join('\n');
}

/**
 * The idempotent SQL (one `DO` block, one Data API statement) that creates or corrects one login:
 * no superuser, no role or database creation, no password (`rds_iam`: it logs in with IAM tokens
 * only), `CONNECT` on the application database and the privileges of its kind. Running it again
 * resets the login to exactly these attributes.
 */
export function databaseUserSql(databaseName: string, schema: string, user: DatabaseUser, owner?: string): string {
  checkIdentifier('databaseName', databaseName);
  checkIdentifier('schema', schema);
  checkIdentifier(`users '${user.name}' name`, user.name);
  const limit = user.connectionLimit ?? (user.privileges === 'read-only' || user.privileges === 'monitor' ? 5 : 200);
  if (!Number.isInteger(limit) || limit < 1) throw new Error(`DatabaseUsers: users '${user.name}' connectionLimit is ${limit}; use a positive integer.`);
  const u = user.name;
  const lines = [
    'DO $do$ BEGIN',
    `  IF NOT EXISTS (SELECT FROM pg_catalog.pg_roles WHERE rolname = '${u}') THEN CREATE ROLE ${u}; END IF;`,
    `  ALTER ROLE ${u} WITH LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS INHERIT PASSWORD NULL CONNECTION LIMIT ${limit};`,
    `  GRANT rds_iam TO ${u};`,
    `  GRANT CONNECT ON DATABASE ${databaseName} TO ${u};`,
  ];
  switch (user.privileges) {
    case 'schema-owner':
      lines.push(
        // The administrator must be able to act as the owner to hand it the schema (PostgreSQL 16+).
        `  GRANT ${u} TO CURRENT_USER;`,
        `  CREATE SCHEMA IF NOT EXISTS ${schema} AUTHORIZATION ${u};`,
        `  ALTER SCHEMA ${schema} OWNER TO ${u};`,
        `  ALTER ROLE ${u} SET search_path = ${schema};`,
        // Every read of the schema's tables (the cardholder data) is audited by pgaudit's object auditing.
        `  GRANT USAGE ON SCHEMA ${schema} TO ${PGAUDIT_ROLE};`,
        `  GRANT SELECT ON ALL TABLES IN SCHEMA ${schema} TO ${PGAUDIT_ROLE};`,
        `  ALTER DEFAULT PRIVILEGES FOR ROLE ${u} IN SCHEMA ${schema} GRANT SELECT ON TABLES TO ${PGAUDIT_ROLE};`,
      );
      break;
    case 'read-write':
      if (owner === undefined) throw new Error(`DatabaseUsers: users '${u}' is read-write but no user is the schema-owner; add one with privileges 'schema-owner'.`);
      lines.push(
        `  GRANT USAGE ON SCHEMA ${schema} TO ${u};`,
        `  GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA ${schema} TO ${u};`,
        `  GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA ${schema} TO ${u};`,
        `  ALTER DEFAULT PRIVILEGES FOR ROLE ${owner} IN SCHEMA ${schema} GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO ${u};`,
        `  ALTER DEFAULT PRIVILEGES FOR ROLE ${owner} IN SCHEMA ${schema} GRANT USAGE, SELECT ON SEQUENCES TO ${u};`,
        `  ALTER ROLE ${u} SET search_path = ${schema};`,
      );
      break;
    case 'read-only':
      lines.push(`  GRANT pg_read_all_data TO ${u};`, `  ALTER ROLE ${u} SET default_transaction_read_only = on;`);
      break;
    case 'monitor':
      lines.push(`  GRANT pg_monitor TO ${u};`, `  ALTER ROLE ${u} SET default_transaction_read_only = on;`);
      break;
  }
  lines.push('END $do$;');
  return lines.join('\n');
}

/**
 * The platform's per-service PostgreSQL logins, created and kept correct at deploy time through
 * the RDS Data API (`rds-data:ExecuteStatement` with the master secret), by CloudFormation from
 * outside the cluster: the master credential never enters Kubernetes and no database driver or
 * network path to the database is needed. The logins have no password (`rds_iam`), so there is
 * nothing to rotate and nothing a pod could leak; pods get 15-minute IAM tokens from their role
 * (`rds-db:connect`, see `PaymentDatabase.grantConnect`). Removing a user from the list leaves the
 * role in place (nothing is dropped automatically).
 */
export class DatabaseUsers extends Construct {
  /** The custom resources by user name (the baseline under `'*'`). */
  public readonly statements: Record<string, cr.AwsCustomResource> = {};

  constructor(scope: Construct, id: string, props: DatabaseUsersProps) {
    super(scope, id);
    const schema = props.schema ?? 'app';
    const owners = props.users.filter((u) => u.privileges === 'schema-owner');
    if (owners.length > 1) throw new Error(`DatabaseUsers: ${owners.map((o) => o.name).join(', ')} are all schema-owner; only one login can own the schema '${schema}'.`);
    const names = props.users.map((u) => u.name);
    const dup = names.find((n, i) => names.indexOf(n) !== i);
    if (dup) throw new Error(`DatabaseUsers: user '${dup}' is listed twice; list each login once.`);
    const db = props.database;
    if (db.globalRole === 'secondary') {
      throw new Error('DatabaseUsers: the database is a global secondary, which has no writer and inherits the primary\'s roles; create the users in the primary region only.');
    }
    if (!db.dataApi) throw new Error('DatabaseUsers: the database has no Data API (db.t* instance classes do not support it); use a db.r*/db.m* class or create the users yourself.');
    const stack = Stack.of(this);
    const secretsKey = db.secretsKey;
    const policy = cr.AwsCustomResourcePolicy.fromStatements([
      new iam.PolicyStatement({ actions: ['rds-data:ExecuteStatement'], resources: [db.clusterArn] }),
      new iam.PolicyStatement({ actions: ['secretsmanager:GetSecretValue'], resources: [db.secret.secretArn] }),
      ...(secretsKey ? [new iam.PolicyStatement({
        actions: ['kms:Decrypt'], resources: [secretsKey.keyArn],
        conditions: { StringEquals: { 'kms:ViaService': `secretsmanager.${stack.region}.amazonaws.com` } },
      })] : []),
    ]);
    const logGroup = new logs.LogGroup(this, 'ProviderLogs', {
      encryptionKey: props.logsKey,
      retention: props.logRetention ?? logs.RetentionDays.ONE_YEAR,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    const run = (cid: string, sql: string, after: Construct[]): cr.AwsCustomResource => {
      const call: cr.AwsSdkCall = {
        service: 'RDSData',
        action: 'ExecuteStatement',
        parameters: { resourceArn: db.clusterArn, secretArn: db.secret.secretArn, database: props.databaseName, sql },
        physicalResourceId: cr.PhysicalResourceId.of(`${db.clusterIdentifier}/${props.databaseName}/${cid}`),
        logging: cr.Logging.withDataHidden(),
      };
      const resource = new cr.AwsCustomResource(this, cid, {
        onCreate: call,
        onUpdate: call,
        policy,
        installLatestAwsSdk: false,
        logGroup,
        resourceType: 'Custom::PaymentDatabaseUser',
      });
      // The Data API needs the writer only: not waiting for the readers keeps the deploy's critical path.
      resource.node.addDependency(db.cluster.node.defaultChild!, db.cluster.node.tryFindChild('Writer') ?? db.cluster, ...after);
      const policyReason = 'The AwsCustomResource policy of aws-cdk-lib: only rds-data:ExecuteStatement on this cluster, GetSecretValue on the master secret and ' +
        'kms:Decrypt through Secrets Manager, attached to the deploy-time provider role only (PCI DSS 7.2.1).';
      for (const id of ['PCI.DSS.321-IAMNoInlinePolicy', 'NIST.800.53.R5-IAMNoInlinePolicy']) {
        Validations.of(resource.node.findChild('CustomResourcePolicy')).acknowledge({ id, reason: policyReason });
      }
      return resource;
    };
    const baseline = run('Baseline', databaseBaselineSql(props.databaseName, schema), []);
    this.statements['*'] = baseline;
    const owner = owners[0];
    const ownerResource = owner ? run(`User-${owner.name}`, databaseUserSql(props.databaseName, schema, owner), [baseline]) : undefined;
    if (owner && ownerResource) this.statements[owner.name] = ownerResource;
    for (const user of props.users.filter((u) => u !== owner)) {
      this.statements[user.name] = run(`User-${user.name}`, databaseUserSql(props.databaseName, schema, user, owner?.name),
        [baseline, ...(ownerResource ? [ownerResource] : [])]);
    }
    this.acknowledgeProvider();
  }

  /**
   * The findings of aws-cdk-lib's AwsCustomResource provider function (one singleton per stack,
   * shared with any other AwsCustomResource of the stack): acknowledged on exactly the function
   * and role that carry them, and only those no other user of the singleton acknowledged already
   * (the Kafka broker lookup runs it in the VPC, which clears `LambdaInsideVPC`).
   */
  private acknowledgeProvider(): void {
    const provider = Stack.of(this).node.tryFindChild(`AWS${cr.AwsCustomResource.PROVIDER_FUNCTION_UUID.replace(/-/g, '')}`);
    const fn = provider?.node.tryFindChild('Resource') as lambda.CfnFunction | undefined;
    const role = provider?.node.tryFindChild('ServiceRole');
    if (!fn || !role) return;
    const reason = 'aws-cdk-lib AwsCustomResource provider that runs the database-user SQL at deploy time: CloudFormation invokes it only ' +
      'during deployments, it calls only the RDS Data API and Secrets Manager (regional HTTPS endpoints, no path to the database network), ' +
      'with request and response data hidden from its logs; its role may only ExecuteStatement on this cluster and read the master secret (PCI DSS 7.2.1, 8.6.1).';
    const inVpc = fn.vpcConfig !== undefined;
    const onFunction = [
      { id: 'NIST.800.53.R5-LambdaDLQ', reason: `${reason} A failed invocation fails and rolls back the CloudFormation deployment, which records it in the stack events.` },
      { id: 'NIST.800.53.R5-LambdaConcurrency', reason: `${reason} It runs only while CloudFormation deploys this stack.` },
      ...(inVpc ? [] : ['PCI.DSS.321-LambdaInsideVPC', 'NIST.800.53.R5-LambdaInsideVPC'].map((id) => ({ id, reason }))),
    ];
    const onRole = [{ id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]', reason }];
    for (const [target, acks] of [[fn, onFunction], [role, onRole]] as const) {
      const missing = acks.filter((a) => !acknowledgedIds(target).has(a.id));
      if (missing.length > 0) Validations.of(target).acknowledge(...missing);
    }
  }
}

/** The rule ids already acknowledged on `scope` itself. */
function acknowledgedIds(scope: IConstruct): Set<string> {
  return new Set(scope.node.metadata
    .filter((m) => m.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY && m.data)
    .flatMap((m) => Object.keys(m.data as Record<string, string>).map((id) => id.replace(/^annotation::/i, ''))));
}
