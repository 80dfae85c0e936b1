/* `npm run migration:run` / `npm run migration:revert`: applies or reverts migrations on DATABASE_URL. */
import { ensureDatabase } from './ensure-database';
import { createMigrationDataSource, DEFAULT_DATABASE_URL } from './data-source';

async function main(): Promise<void> {
  const command = process.argv[2];
  if (command !== 'run' && command !== 'revert') {
    throw new Error('usage: node dist/migrations/cli.js run|revert');
  }
  const url = process.env.DATABASE_URL ?? DEFAULT_DATABASE_URL;
  await ensureDatabase(url);
  const dataSource = await createMigrationDataSource(url).initialize();
  try {
    if (command === 'run') {
      const applied = await dataSource.runMigrations({ transaction: 'each' });
      console.log(applied.length ? `applied: ${applied.map((m) => m.name).join(', ')}` : 'no pending migrations');
    } else {
      await dataSource.undoLastMigration({ transaction: 'each' });
      console.log('reverted the last migration');
    }
  } finally {
    await dataSource.destroy();
  }
}

main().catch((error: Error) => {
  console.error(`migration failed: ${error.message}`);
  process.exit(1);
});
