import { Injectable, type OnModuleInit } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { MessagingGatewayConfigError } from '../errors/messaging-gateway-config.error';
import { InjectGatewayDataSource } from '../host-prerequisites.providers';
import { messagingGatewayMigrations } from '../migrations/messaging-gateway.migrations';

/** PostgreSQL's "undefined table": the host has never run a migration. */
const UNDEFINED_TABLE = '42P01';

/**
 * Stops the boot, with one line naming the fix, when the gateway's migrations have not all run
 * on the host's database: otherwise the first email would fail with "relation … does not exist".
 * Migrations the host's TypeORM runs at start (`migrationsRun: true`) have run by now.
 */
@Injectable()
export class GatewaySchemaCheck implements OnModuleInit {
  /** @internal Nest injects it. */
  constructor(@InjectGatewayDataSource() private readonly dataSource: DataSource) {}

  async onModuleInit(): Promise<void> {
    // A host that synchronizes its schema from the entities (development) manages the tables itself.
    if (this.dataSource.options.synchronize) return;
    const missing = await this.pendingMigrations();
    if (missing.length === 0) return;
    throw new MessagingGatewayConfigError(
      'database',
      `the gateway's tables are missing or behind: migration${missing.length > 1 ? 's' : ''} ${missing.join(', ')} ${missing.length > 1 ? 'have' : 'has'} not run`,
      'add `migrations: [...messagingGatewayMigrations], migrationsRun: true` to TypeOrmModule.forRoot, or run them with your migration CLI',
    );
  }

  /** The names of the package's migrations not recorded in the host's migrations table. */
  private async pendingMigrations(): Promise<string[]> {
    const names = messagingGatewayMigrations.map((migration) => new migration().name);
    const table = this.dataSource.options.migrationsTableName ?? 'migrations';
    try {
      const rows: { name: string }[] = await this.dataSource.query(
        `SELECT name FROM ${this.dataSource.driver.escape(table)} WHERE name = ANY($1)`,
        [names],
      );
      const recorded = new Set(rows.map((row) => row.name));
      return names.filter((name) => !recorded.has(name));
    } catch (error) {
      if ((error as { code?: string }).code === UNDEFINED_TABLE) return names;
      throw error;
    }
  }
}
