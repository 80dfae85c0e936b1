import { DataSource } from 'typeorm';
import { migrations } from './index';

export const DEFAULT_DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/messaging_gateway';

/** The DataSource the migration CLI and the tests use: only migrations, no entities needed. */
export function createMigrationDataSource(url = process.env.DATABASE_URL ?? DEFAULT_DATABASE_URL): DataSource {
  return new DataSource({ type: 'postgres', url, migrations, migrationsTableName: 'migrations' });
}
