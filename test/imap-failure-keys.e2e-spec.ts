import { randomBytes } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { ErrorCode } from 'nestjs-messaging-gateway/core/errors/error-codes';
import { ImapFailureRecorder } from 'nestjs-messaging-gateway/ingress/imap/imap-failure.recorder';
import { AtRestCipher } from 'nestjs-messaging-gateway/storage/encryption/at-rest.cipher';
import { DataKeysRepository } from 'nestjs-messaging-gateway/storage/encryption/data-keys.repository';
import { createMigrationDataSource } from '../migrations/data-source';
import { createTestDatabase, type TestDatabase } from './helpers/test-database';

/**
 * A message the IMAP receiver gives up on is recorded as a failed row with its raw bytes sealed
 * (encryption at rest on): the data key is stored with the row, so recording the same failure again
 * (after a crash) adds neither a row nor a key, and the kept bytes still open.
 */
describe('ImapFailureRecorder with encryption at rest (real PostgreSQL)', () => {
  let database: TestDatabase;
  let dataSource: DataSource;

  beforeAll(async () => {
    database = await createTestDatabase();
    dataSource = await createMigrationDataSource(database.url).initialize();
    await dataSource.runMigrations({ transaction: 'each' });
  });
  afterAll(async () => {
    await dataSource.destroy();
    await database.drop();
  });

  it('stores one row and one key for a failure recorded twice, and the kept bytes open with it', async () => {
    const dataKeys = new DataKeysRepository(dataSource);
    const cipher = new AtRestCipher({ atRest: true, keys: [{ kid: 'k1', key: randomBytes(32) }] }, dataKeys);
    const recorder = new ImapFailureRecorder(dataSource, cipher, dataKeys);
    const raw = Buffer.from('From: a@example.org\r\nSubject: refused\r\n\r\nThe body of a refused message.\r\n');
    const failure = {
      mailboxKey: 'imap://support@example.org/INBOX',
      imap: { mailbox: 'INBOX', uidValidity: '7', uid: 42 },
      code: ErrorCode.IMAP_STORE_FAILED,
      detail: 'not stored after 5 attempts',
      raw,
      size: raw.length,
    };
    await recorder.record(failure);
    await recorder.record(failure);

    const rows = await dataSource.query(
      `SELECT raw_mime, data_key_id FROM messaging_gateway_inbound_emails WHERE status = 'failed'`,
    );
    expect(rows).toHaveLength(1);
    const keys = await dataSource.query(`SELECT id FROM messaging_gateway_data_keys`);
    expect(keys).toEqual([{ id: rows[0].data_key_id }]);
    expect(rows[0].raw_mime.includes(Buffer.from('refused message'))).toBe(false);
    expect((await cipher.open(rows[0].data_key_id, rows[0].raw_mime)).equals(raw)).toBe(true);
  });
});
