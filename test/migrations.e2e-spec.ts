import { Client } from 'pg';
import { createMigrationDataSource } from '../migrations/data-source';
import { createTestDatabase, type TestDatabase } from './helpers/test-database';

describe('migrations (real PostgreSQL)', () => {
  let database: TestDatabase;
  let client: Client;

  beforeAll(async () => {
    database = await createTestDatabase();
    client = new Client({ connectionString: database.url });
    await client.connect();
  });

  afterAll(async () => {
    await client.end();
    await database.drop();
  });

  const tables = async (): Promise<string[]> =>
    (
      await client.query(
        `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_name <> 'migrations' ORDER BY 1`,
      )
    ).rows.map((row) => row.table_name);

  it('applies every migration, creating email_thread_mappings exactly, the gateway tables and the reference app tables', async () => {
    const dataSource = await createMigrationDataSource(database.url).initialize();
    await dataSource.runMigrations({ transaction: 'each' });
    await dataSource.destroy();

    expect(await tables()).toEqual([
      'app_admin_users',
      'app_idempotency_keys',
      'app_messages',
      'app_participants',
      'app_threads',
      'email_thread_mappings',
      'messaging_gateway_imap_cursors',
      'messaging_gateway_inbound_emails',
      'messaging_gateway_outbound_emails',
      'messaging_gateway_suppressions',
    ]);

    const columns = await client.query(
      `SELECT column_name FROM information_schema.columns WHERE table_name = 'email_thread_mappings' ORDER BY ordinal_position`,
    );
    expect(columns.rows.map((row) => row.column_name)).toEqual([
      'id',
      'thread_id',
      'email_message_id',
      'sender_email',
      'subject_normalized',
      'reply_to_token',
      'created_at',
    ]);

    const indexes = await client.query(
      `SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'email_thread_mappings' ORDER BY indexname`,
    );
    const byName = Object.fromEntries(indexes.rows.map((row) => [row.indexname, row.indexdef]));
    expect(byName.idx_email_message_id).toMatch(/\(email_message_id\)/);
    expect(byName.idx_sender_subject).toMatch(/\(sender_email, subject_normalized\)/);
    expect(byName.idx_reply_token).toMatch(/\(reply_to_token\)/);

    const unique = await client.query(
      `SELECT indexdef FROM pg_indexes WHERE tablename = 'messaging_gateway_inbound_emails' AND indexdef LIKE '%UNIQUE%'`,
    );
    expect(unique.rows.map((row) => row.indexdef).join()).toMatch(/\(dedupe_key\)/);
  });

  it('rejects a second inbound row with the same dedupe key', async () => {
    const insert = `INSERT INTO messaging_gateway_inbound_emails (dedupe_key, source, provider, raw_size, raw_sha256)
                    VALUES ('k1', 'webhook', 'generic', 1, repeat('0', 64))`;
    await client.query(insert);
    await expect(client.query(insert)).rejects.toMatchObject({ code: '23505' });
  });

  it('reverts every migration, leaving no gateway table', async () => {
    const dataSource = await createMigrationDataSource(database.url).initialize();
    while ((await dataSource.query(`SELECT count(*)::int AS n FROM migrations`))[0].n > 0) {
      await dataSource.undoLastMigration({ transaction: 'each' });
    }
    await dataSource.destroy();
    expect(await tables()).toEqual([]);
  });
});
