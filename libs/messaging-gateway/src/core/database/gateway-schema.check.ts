import type { Provider } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { MessagingGatewayConfigError } from '../errors/messaging-gateway-config.error';
import { GATEWAY_DATA_SOURCE, GATEWAY_SCHEMA_READY } from '../host-prerequisites.providers';
import { messagingGatewayMigrations } from '../migrations/messaging-gateway.migrations';

/** PostgreSQL's "undefined table": the host has never run a migration. */
const UNDEFINED_TABLE = '42P01';

/**
 * Stops the boot, with one line naming the fix, when the gateway's migrations have not all run
 * on the host's database: otherwise the first email would fail with "relation … does not exist".
 * Migrations the host's TypeORM runs at start (`migrationsRun: true`) have run by now, since the
 * DataSource it injects is only provided once they have.
 *
 * A provider rather than an init hook, and one that every connection-opening provider waits for
 * (`AFTER_HOST_PREREQUISITES`): a boot it stops has opened no Redis socket, because Nest does not
 * close what it built before a failed start.
 */
export const gatewaySchemaCheckProvider: Provider = {
  provide: GATEWAY_SCHEMA_READY,
  useFactory: async (dataSource: DataSource): Promise<true> => {
    // A host that synchronizes its schema from the entities (development) manages the tables itself.
    if (dataSource.options.synchronize) return true;
    const missing = await pendingMigrations(dataSource);
    if (missing.length === 0) return true;
    throw new MessagingGatewayConfigError(
      'database',
      `the gateway's tables are missing or behind: migration${missing.length > 1 ? 's' : ''} ${missing.join(', ')} ${missing.length > 1 ? 'have' : 'has'} not run`,
      'add `migrations: [...messagingGatewayMigrations], migrationsRun: true` to TypeOrmModule.forRoot, or run them with your migration CLI',
    );
  },
  inject: [GATEWAY_DATA_SOURCE],
};

/** The names of the package's migrations not recorded in the host's migrations table. */
async function pendingMigrations(dataSource: DataSource): Promise<string[]> {
  const names = messagingGatewayMigrations.map((migration) => new migration().name);
  const table = dataSource.options.migrationsTableName ?? 'migrations';
  try {
    const rows: { name: string }[] = await dataSource.query(
      `SELECT name FROM ${dataSource.driver.escape(table)} WHERE name = ANY($1)`,
      [names],
    );
    const recorded = new Set(rows.map((row) => row.name));
    return names.filter((name) => !recorded.has(name));
  } catch (error) {
    if ((error as { code?: string }).code === UNDEFINED_TABLE) return names;
    throw error;
  }
}
