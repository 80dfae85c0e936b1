import { DataSource } from 'typeorm';
import { migrations } from '../migrations';
import { startDovecot, type DovecotServer } from './helpers/dovecot';
import { appendAll, flagsByMessageId, mail, newMessageId, storedRows, waitFor } from './helpers/imap-test-kit';
import { spawnReferenceApp, type ChildReferenceApp } from './helpers/spawn-reference-app';
import { createTestDatabase, type TestDatabase } from './helpers/test-database';
import { testAppEnv } from './helpers/test-env';
import { createTestRedisNamespace, type TestRedisNamespace } from './helpers/test-redis';

/**
 * Crash safety with real processes: the reference app runs as a child and is SIGKILLed, so
 * nothing gets a chance to release a lock, flag a message or save a cursor on its way out.
 */
describe('IMAP ingestion across SIGKILLed app instances (child processes, Dovecot, PostgreSQL)', () => {
  let dovecot: DovecotServer;
  let database: TestDatabase;
  let redis: TestRedisNamespace;
  let dataSource: DataSource;
  const children: ChildReferenceApp[] = [];

  const start = async (mailbox: string): Promise<ChildReferenceApp> => {
    const env = testAppEnv(database.url, redis.prefix, {
      DATABASE_MIGRATIONS_RUN: 'false',
      EMAIL_OUTBOUND_ENABLED: 'false',
      MESSAGES_API_BASE_URL: 'http://127.0.0.1:9/api/v1/messages',
      EMAIL_INBOUND_MODE: 'imap',
      EMAIL_IMAP_HOST: dovecot.host,
      EMAIL_IMAP_PORT: String(dovecot.port),
      EMAIL_IMAP_SECURE: 'false',
      EMAIL_IMAP_USER: dovecot.user,
      EMAIL_IMAP_PASS: dovecot.pass,
      EMAIL_IMAP_MAILBOX: mailbox,
      EMAIL_IMAP_POLL_INTERVAL: '1000',
    });
    const child = await spawnReferenceApp(env);
    children.push(child);
    return child;
  };

  const rowsPerMessageId = async (): Promise<Map<string, number>> => {
    const counts = new Map<string, number>();
    for (const row of await storedRows(dataSource)) counts.set(row.message_id!, (counts.get(row.message_id!) ?? 0) + 1);
    return counts;
  };

  /** Granted advisory locks in this test's database: 1 while an instance holds the mailbox. */
  const heldLeases = async (): Promise<number> => {
    const [row] = await dataSource.query(
      `SELECT count(*)::int AS n FROM pg_locks l JOIN pg_database d ON d.oid = l.database
       WHERE l.locktype = 'advisory' AND l.granted AND d.datname = $1`,
      [database.name],
    );
    return row.n;
  };

  beforeAll(async () => {
    dovecot = await startDovecot();
  }, 600_000);

  beforeEach(async () => {
    database = await createTestDatabase();
    redis = createTestRedisNamespace();
    dataSource = new DataSource({ type: 'postgres', url: database.url, migrations });
    await dataSource.initialize();
    await dataSource.runMigrations();
  });

  afterEach(async () => {
    await Promise.all(children.splice(0).map((child) => child.kill('SIGKILL')));
    await dataSource.destroy();
    await database.drop();
    await redis.cleanup();
  });

  afterAll(async () => {
    await dovecot?.stop();
  });

  it('delivers each of 200 messages exactly once when the app is killed in the middle and restarted', async () => {
    const mailbox = 'Bulk';
    const ids = Array.from({ length: 200 }, newMessageId);
    await appendAll(dovecot, mailbox, []);
    const first = await start(mailbox);
    await appendAll(
      dovecot,
      mailbox,
      ids.slice(0, 100).map((id) => mail(id)),
    );
    await waitFor(rowsPerMessageId, (counts) => counts.size > 0, 30_000, 'the first rows');
    await first.kill('SIGKILL');
    const storedBeforeKill = (await rowsPerMessageId()).size;
    expect(storedBeforeKill).toBeLessThanOrEqual(100);

    await appendAll(
      dovecot,
      mailbox,
      ids.slice(100).map((id) => mail(id)),
    );
    await start(mailbox);
    const counts = await waitFor(rowsPerMessageId, (c) => c.size === 200, 60_000, '200 distinct messages');
    expect([...counts.values()].every((n) => n === 1)).toBe(true);
    expect([...counts.keys()].sort()).toEqual([...ids].sort());
    const flags = await waitFor(
      () => flagsByMessageId(dovecot, mailbox),
      (f) => [...f.values()].every((set) => set.has('\\Seen')),
      15_000,
      '\\Seen on all 200',
    );
    expect(flags.size).toBe(200);
    const [cursor] = await waitFor(
      () => dataSource.query(`SELECT last_uid FROM messaging_gateway_imap_cursors`),
      (rows: { last_uid: string }[]) => Number(rows[0]?.last_uid) === 200,
      15_000,
      'cursor at UID 200',
    );
    expect(Number(cursor.last_uid)).toBe(200);
  });

  it('lets only one of two instances read; after the reader is SIGKILLed the other takes over within a minute', async () => {
    const mailbox = 'TwoInstances';
    await appendAll(dovecot, mailbox, []);
    const first = await start(mailbox);
    await waitFor(heldLeases, (n) => n === 1, 20_000, 'the first instance to take the lease');
    await start(mailbox);
    const batchOne = Array.from({ length: 50 }, newMessageId);
    await appendAll(
      dovecot,
      mailbox,
      batchOne.map((id) => mail(id)),
    );
    await waitFor(rowsPerMessageId, (c) => c.size === 50, 30_000, '50 messages');
    expect(await heldLeases()).toBe(1);

    await first.kill('SIGKILL');
    const batchTwo = Array.from({ length: 50 }, newMessageId);
    await appendAll(
      dovecot,
      mailbox,
      batchTwo.map((id) => mail(id)),
    );
    await waitFor(heldLeases, (n) => n === 1, 60_000, 'the standby to take the lease');
    const counts = await waitFor(rowsPerMessageId, (c) => c.size === 100, 60_000, '100 messages');
    expect([...counts.values()].every((n) => n === 1)).toBe(true);
    expect([...counts.keys()].sort()).toEqual([...batchOne, ...batchTwo].sort());
    await waitFor(
      () => flagsByMessageId(dovecot, mailbox),
      (f) => f.size === 100 && [...f.values()].every((set) => set.has('\\Seen')),
      15_000,
      '\\Seen on all 100',
    );
  });
});
