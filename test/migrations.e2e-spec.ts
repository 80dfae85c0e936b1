import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'pg';
import { createMigrationDataSource } from '../migrations/data-source';
import { createTestDatabase, type TestDatabase } from './helpers/test-database';

/** `varchar(320)` and the like, as INTEGRATION.md writes them. */
const typeName = (dataType: string, length: number | null): string =>
  dataType === 'character varying'
    ? `varchar(${length})`
    : dataType === 'timestamp with time zone'
      ? 'timestamptz'
      : dataType;

/** The definition of email_thread_mappings in INTEGRATION.md, section 14 ("Tables"). */
function documentedThreadMappings() {
  const doc = readFileSync(join(__dirname, '..', 'INTEGRATION.md'), 'utf8');
  const section = doc.slice(doc.indexOf('## 14. Tables'));
  const rows = [...section.matchAll(/^\| `([^`]+)` +\| ([^|]+?) +\|(?: ([^|]+?) +\|)?$/gm)];
  const columns = rows
    .filter((row) => !row[1].startsWith('idx_') && /^`/.test(row[2]))
    .map((row) => ({ column: row[1], type: row[2].replace(/`/g, ''), nullable: row[3] === 'null' }));
  const indexes = Object.fromEntries(
    rows
      .filter((row) => row[1].startsWith('idx_'))
      .map((row) => {
        const definition = row[2];
        return [
          row[1],
          {
            columns: /`\(([^)]+)\)`/.exec(definition)![1],
            unique: definition.startsWith('unique'),
            partial: definition.includes('where'),
          },
        ];
      }),
  );
  return { columns, indexes };
}

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
      'messaging_gateway_attachments',
      'messaging_gateway_data_keys',
      'messaging_gateway_imap_cursors',
      'messaging_gateway_inbound_emails',
      'messaging_gateway_outbound_emails',
      'messaging_gateway_suppressions',
    ]);

    // The live schema against the definition INTEGRATION.md documents, column by column.
    const documented = documentedThreadMappings();
    const columns = await client.query(
      `SELECT column_name, data_type, character_maximum_length, is_nullable FROM information_schema.columns
        WHERE table_name = 'email_thread_mappings' ORDER BY ordinal_position`,
    );
    expect(
      columns.rows.map((row) => ({
        column: row.column_name,
        type: typeName(row.data_type, row.character_maximum_length),
        nullable: row.is_nullable === 'YES',
      })),
    ).toEqual(documented.columns);

    const indexes = await client.query(
      `SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'email_thread_mappings' AND indexname <> 'email_thread_mappings_pkey'`,
    );
    const live = Object.fromEntries(indexes.rows.map((row) => [row.indexname, row.indexdef]));
    expect(Object.keys(live).sort()).toEqual(Object.keys(documented.indexes).sort());
    for (const [name, { columns: indexed, unique, partial }] of Object.entries(documented.indexes)) {
      expect(live[name]).toContain(`(${indexed})`);
      expect(live[name].startsWith('CREATE UNIQUE INDEX')).toBe(unique);
      if (partial) expect(live[name]).toMatch(/WHERE \(reply_to_token IS NOT NULL\)/);
    }
    // A token maps one thread: a second mapping with the same token is refused, none without one is.
    const mapping = `INSERT INTO email_thread_mappings (thread_id, sender_email, subject_normalized, reply_to_token) VALUES ($1, 'a@b.c', '', $2)`;
    await client.query(mapping, ['t1', 'tok']);
    await expect(client.query(mapping, ['t2', 'tok'])).rejects.toMatchObject({ code: '23505' });
    await client.query(mapping, ['t1', null]);
    await client.query(mapping, ['t2', null]);
    await client.query(`DELETE FROM email_thread_mappings`);

    const unique = await client.query(
      `SELECT indexdef FROM pg_indexes WHERE tablename = 'messaging_gateway_inbound_emails' AND indexdef LIKE '%UNIQUE%'`,
    );
    expect(unique.rows.map((row) => row.indexdef).join()).toMatch(/\(dedupe_key\)/);

    // Attachment storage (1765000000000): the rows that survive a purge or an erasure, and the data keys.
    const columnsOf = async (table: string): Promise<string[]> =>
      (
        await client.query(
          `SELECT column_name FROM information_schema.columns WHERE table_name = $1 ORDER BY ordinal_position`,
          [table],
        )
      ).rows.map((row) => row.column_name);
    expect(await columnsOf('messaging_gateway_attachments')).toEqual([
      'id',
      'inbound_email_id',
      'thread_id',
      'name',
      'content_type',
      'size',
      'sha256',
      'storage_key',
      'data_key_id',
      'inline',
      'content_id',
      'created_at',
      'erased_at',
    ]);
    expect(await columnsOf('messaging_gateway_data_keys')).toEqual([
      'id',
      'thread_id',
      'kid',
      'wrapped_key',
      'created_at',
      'destroyed_at',
    ]);
    expect(await columnsOf('messaging_gateway_inbound_emails')).toContain('data_key_id');

    // 1765200000000: raw MIME compressed with lz4 ('l'), on a server built with it (this one is).
    const compression = await client.query(
      `SELECT attcompression FROM pg_attribute
        WHERE attrelid = 'messaging_gateway_inbound_emails'::regclass AND attname = 'raw_mime'`,
    );
    expect(compression.rows).toEqual([{ attcompression: 'l' }]);
    const stored = Buffer.from('From: a@b.c\r\n\r\n' + 'hello world '.repeat(2000));
    await client.query(
      `INSERT INTO messaging_gateway_inbound_emails (dedupe_key, source, provider, raw_mime, raw_size, raw_sha256)
       VALUES ('lz4', 'webhook', 'generic', $1, $2, repeat('0', 64))`,
      [stored, stored.length],
    );
    const { rows } = await client.query(
      `SELECT pg_column_compression(raw_mime) AS method, raw_mime FROM messaging_gateway_inbound_emails WHERE dedupe_key = 'lz4'`,
    );
    expect(rows[0].method).toBe('lz4');
    expect(rows[0].raw_mime.equals(stored)).toBe(true);
    await client.query(`DELETE FROM messaging_gateway_inbound_emails WHERE dedupe_key = 'lz4'`);
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
