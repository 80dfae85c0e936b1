import { randomUUID } from 'node:crypto';
import type { INestApplicationContext } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { Queue } from 'bullmq';
import { DataSource } from 'typeorm';
import { INBOUND_QUEUE, InboundStore } from 'nestjs-messaging-gateway';
import { gatewayHostImports } from './helpers/gateway-imports';
import { createTestDatabase, type TestDatabase } from './helpers/test-database';
import { testAppEnv } from './helpers/test-env';
import { createTestRedisNamespace, type TestRedisNamespace } from './helpers/test-redis';

const email = (id: string, body = 'Hello'): Buffer =>
  Buffer.from(
    `From: Ann <ann@example.com>\r\nTo: support@test.example\r\nSubject: Hi\r\nMessage-ID: <${id}@example.com>\r\n\r\n${body}\r\n`,
  );

describe('InboundStore.accept (real PostgreSQL and Redis)', () => {
  let database: TestDatabase;
  let redis: TestRedisNamespace;
  let app: INestApplicationContext;
  let store: InboundStore;
  let dataSource: DataSource;
  let queue: Queue;

  beforeAll(async () => {
    database = await createTestDatabase();
    redis = createTestRedisNamespace();
    const env = testAppEnv(database.url, redis.prefix, {
      EMAIL_OUTBOUND_ENABLED: 'false',
      MESSAGES_API_BASE_URL: 'http://127.0.0.1:9/api/v1/messages',
    });
    const moduleRef = await Test.createTestingModule({
      imports: gatewayHostImports(database.url, { env, inbound: { processInline: false, runWorker: false } }),
    }).compile();
    app = await moduleRef.init();
    store = app.get(InboundStore);
    dataSource = app.get(DataSource);
    queue = new Queue(INBOUND_QUEUE, { connection: { host: '127.0.0.1', port: 6379 }, prefix: redis.prefix });
  });

  afterAll(async () => {
    await queue.close();
    await app.close();
    await database.drop();
    await redis.cleanup();
  });

  it('stores the raw bytes exactly, with size and hash, and enqueues a job whose id is the row id', async () => {
    const raw = Buffer.concat([email(randomUUID()), Buffer.from([0x00, 0xff, 0xfe])]);
    const result = await store.accept({
      raw,
      source: 'webhook',
      provider: 'generic',
      envelope: { recipients: ['a@b.c'] },
    });
    expect(result.duplicate).toBe(false);

    const [row] = await dataSource.query(
      `SELECT raw_mime, raw_size, status, envelope, message_id FROM messaging_gateway_inbound_emails WHERE id = $1`,
      [result.id],
    );
    expect(Buffer.compare(row.raw_mime, raw)).toBe(0);
    expect(row.raw_size).toBe(raw.length);
    expect(row.status).toBe('pending');
    expect(row.envelope).toEqual({ recipients: ['a@b.c'] });
    expect(row.message_id).toMatch(/@example\.com$/);
    expect((await queue.getJob(result.id))?.data).toEqual({ inboundEmailId: result.id });
  });

  it('stores one row for ten concurrent deliveries of the same email and tells the others they are duplicates', async () => {
    const raw = email(randomUUID());
    const results = await Promise.all(
      Array.from({ length: 10 }, () => store.accept({ raw, source: 'webhook', provider: 'generic' })),
    );
    expect(new Set(results.map((r) => r.id)).size).toBe(1);
    expect(results.filter((r) => !r.duplicate)).toHaveLength(1);
  });

  it('dedupes on the provider event id when there is one, even if the bytes differ', async () => {
    const eventId = randomUUID();
    const first = await store.accept({
      raw: email(randomUUID()),
      source: 'webhook',
      provider: 'resend',
      providerEventId: eventId,
    });
    const again = await store.accept({
      raw: email(randomUUID()),
      source: 'webhook',
      provider: 'resend',
      providerEventId: eventId,
    });
    expect(again).toEqual({ id: first.id, duplicate: true });
  });

  it('keeps two different emails that share a Message-ID apart', async () => {
    const id = randomUUID();
    const a = await store.accept({ raw: email(id, 'one'), source: 'imap', provider: 'imap' });
    const b = await store.accept({ raw: email(id, 'two'), source: 'imap', provider: 'imap' });
    expect(a.id).not.toBe(b.id);
  });

  it('refuses an oversized or empty message with a stable code before storing anything', async () => {
    const before = (await dataSource.query(`SELECT count(*)::int AS n FROM messaging_gateway_inbound_emails`))[0].n;
    const huge = Buffer.alloc(26 * 1024 * 1024, 0x61);
    await expect(store.accept({ raw: huge, source: 'webhook', provider: 'generic' })).rejects.toMatchObject({
      code: 'EGW_MESSAGE_TOO_LARGE',
    });
    await expect(store.accept({ raw: Buffer.alloc(0), source: 'webhook', provider: 'generic' })).rejects.toMatchObject({
      code: 'EGW_PARSE',
    });
    const after = (await dataSource.query(`SELECT count(*)::int AS n FROM messaging_gateway_inbound_emails`))[0].n;
    expect(after).toBe(before);
  });

  it('acceptMany commits a batch in one statement, enqueues each new email once and reports duplicates', async () => {
    const known = await store.accept({ raw: email(randomUUID(), 'known'), source: 'imap', provider: 'imap' });
    const knownRaw = (
      await dataSource.query(`SELECT raw_mime FROM messaging_gateway_inbound_emails WHERE id = $1`, [known.id])
    )[0].raw_mime as Buffer;
    const fresh = [email(randomUUID(), 'a'), email(randomUUID(), 'b'), email(randomUUID(), 'c')];
    const inputs = [...fresh, knownRaw, fresh[1]].map((raw, uid) => ({
      raw,
      source: 'imap' as const,
      provider: 'imap',
      envelope: { imap: { mailbox: 'INBOX', uidValidity: '1', uid } },
    }));
    const results = await store.acceptMany(inputs);

    expect(results.map((r) => r.duplicate)).toEqual([false, false, false, true, true]);
    expect(results[3].id).toBe(known.id);
    expect(results[4].id).toBe(results[1].id);
    const rows = await dataSource.query(
      `SELECT id, raw_mime, status, envelope, sender_email FROM messaging_gateway_inbound_emails WHERE id = ANY($1)`,
      [results.slice(0, 3).map((r) => r.id)],
    );
    expect(rows).toHaveLength(3);
    for (const [index, result] of results.slice(0, 3).entries()) {
      const row = rows.find((r: { id: string }) => r.id === result.id);
      expect(Buffer.compare(row.raw_mime, fresh[index])).toBe(0);
      expect(row).toMatchObject({ status: 'pending', sender_email: 'ann@example.com' });
      expect(row.envelope).toEqual({ imap: { mailbox: 'INBOX', uidValidity: '1', uid: index } });
      expect((await queue.getJob(result.id))?.data).toEqual({ inboundEmailId: result.id });
    }
  });

  it('acceptMany stores nothing of a batch with a refused email (the caller then goes one by one)', async () => {
    const before = (await dataSource.query(`SELECT count(*)::int AS n FROM messaging_gateway_inbound_emails`))[0].n;
    await expect(
      store.acceptMany([
        { raw: email(randomUUID()), source: 'imap', provider: 'imap' },
        { raw: Buffer.alloc(0), source: 'imap', provider: 'imap' },
      ]),
    ).rejects.toMatchObject({ code: 'EGW_PARSE' });
    const after = (await dataSource.query(`SELECT count(*)::int AS n FROM messaging_gateway_inbound_emails`))[0].n;
    expect(after).toBe(before);
    expect(await store.acceptMany([])).toEqual([]);
  });
});
