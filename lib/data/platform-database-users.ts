import { DATABASE_USERS } from '../config/naming';
import type { DatabaseUser } from './database-users';

/** The platform's logins (`DATABASE_USERS`): payment-service owns the schema, api-gateway reads and writes it, the dump reads, exporters monitor. */
export function platformDatabaseUsers(): DatabaseUser[] {
  return [
    { name: DATABASE_USERS.paymentService, privileges: 'schema-owner' },
    { name: DATABASE_USERS.apiGateway, privileges: 'read-write' },
    { name: DATABASE_USERS.backup, privileges: 'read-only' },
    { name: DATABASE_USERS.monitoring, privileges: 'monitor' },
  ];
}
