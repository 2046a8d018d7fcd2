/**
 * pgaudit on Aurora PostgreSQL (PCI DSS 10.2.1.x): session auditing of schema changes (`ddl`),
 * role and privilege changes (`role`) and data changes (`write`) by every login, and object
 * auditing of reads (`SELECT`) on the application schema's tables, the cardholder data: every
 * table the schema owner creates is granted `SELECT` to {@link PGAUDIT_ROLE}, and pgaudit logs
 * each statement that reads a table that role may read. The audit lines go to the PostgreSQL log,
 * which the cluster exports to its CloudWatch log group (the logs key, `logRetentionDays`).
 *
 * Parameter values are not logged (`pgaudit.log_parameter` off): bound values carry card data
 * and tokens, which must not be written to logs (PCI DSS 3.4); the statement text with its
 * placeholders, the command, the class and the table are.
 */

/** The role pgaudit's object auditing follows (`pgaudit.role`); it has no login. */
export const PGAUDIT_ROLE = 'rds_pgaudit';

/** The pgaudit settings of the cluster parameter group (beside `shared_preload_libraries`). */
export const PGAUDIT_PARAMETERS: Readonly<Record<string, string>> = {
  'pgaudit.log': 'ddl,role,write',
  'pgaudit.role': PGAUDIT_ROLE,
  'pgaudit.log_parameter': '0',
  'pgaudit.log_catalog': '0',
  'pgaudit.log_relation': '1',
};

/** The libraries the cluster preloads: query statistics and pgaudit. */
export const SHARED_PRELOAD_LIBRARIES = 'pg_stat_statements,pgaudit';
