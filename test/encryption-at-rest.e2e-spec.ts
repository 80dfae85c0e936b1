import { randomBytes } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { InboundStore, signGenericWebhook } from 'nestjs-messaging-gateway';
import { createReferenceApp } from '../apps/reference-app/src/bootstrap';
import { emailWithFiles, pdfBytes } from './helpers/attachment-emails';
import { startReferenceApp, type RunningReferenceApp } from './helpers/start-reference-app';
import { waitFor } from './helpers/wait-for';

const key = (): string => randomBytes(32).toString('base64');

/**
 * Encryption at rest (issue 14): with EMAIL_ENCRYPTION_AT_REST on, neither PostgreSQL nor the
 * attachment store holds a known marker in plaintext, downloads are identical, keys rotate, and a
 * missing or wrong key stops the boot in one line.
 */
describe('encryption at rest (reference app)', () => {
  let running: RunningReferenceApp;
  let folder: string;
  let db: Client;
  const k1 = key();
  const k2 = key();
  const marker = `MARKER-${randomBytes(8).toString('hex')}`;

  const api = (path: string) =>
    fetch(`${running.url}/api/v1/messages${path}`, {
      headers: { authorization: `Bearer ${running.env.MESSAGES_API_KEY}` },
    });

  const deliver = async (raw: Buffer) => {
    const response = await fetch(`${running.url}/gateway/inbound`, {
      method: 'POST',
      headers: { 'content-type': 'message/rfc822', ...signGenericWebhook(running.env.EMAIL_WEBHOOK_SECRET!, raw) },
      body: raw,
    });
    const { id } = (await response.json()) as { id: string };
    const row = await waitFor(
      async () =>
        (
          await db.query(
            `SELECT thread_id, created_message_id FROM messaging_gateway_inbound_emails WHERE id = $1 AND status = 'delivered'`,
            [id],
          )
        ).rows[0],
      20_000,
      'delivered',
    );
    const messages = (await (await api(`/threads/${row.thread_id}/messages`)).json()).data;
    return messages.find((m: { id: string }) => m.id === row.created_message_id).metadata.attachments as {
      id: string;
    }[];
  };

  const download = async (id: string): Promise<Buffer> =>
    Buffer.from(await (await api(`/attachments/${id}`)).arrayBuffer());

  /** Every row of every table as text (bytea as hex), and every stored file. */
  const everythingAtRest = async (): Promise<{ rows: string; files: Buffer[] }> => {
    const tables = (
      await db.query(`SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'`)
    ).rows.map((r) => r.table_name as string);
    const rows: string[] = [];
    for (const table of tables)
      rows.push(...(await db.query(`SELECT t::text AS row FROM "${table}" t`)).rows.map((r) => r.row));
    const paths = (await readdir(folder, { recursive: true })).map(String).filter((f) => /[0-9a-f]{64}$/.test(f));
    return { rows: rows.join('\n'), files: await Promise.all(paths.map((p) => readFile(join(folder, p)))) };
  };

  beforeAll(async () => {
    folder = await mkdtemp(join(tmpdir(), 'mgw-encrypted-'));
    running = await startReferenceApp({
      EMAIL_ATTACHMENTS_DIR: folder,
      EMAIL_ENCRYPTION_AT_REST: 'true',
      EMAIL_ENCRYPTION_KEYS: `k1:${k1}`,
    });
    db = new Client({ connectionString: running.database.url });
    await db.connect();
  });

  afterAll(async () => {
    await db?.end();
    await running?.stop();
    await rm(folder, { recursive: true, force: true });
  });

  const text = Buffer.from(`The secret word is ${marker}.\n`);
  const pdf = pdfBytes();
  let first: { id: string }[];

  it('keeps no plaintext of the marker in the database or the store; downloads are identical', async () => {
    // 8bit, so the marker is literally in the raw MIME too.
    first = await deliver(
      emailWithFiles([
        { name: 'secret.txt', type: 'text/plain', bytes: text, literal: true },
        { name: 'contract.pdf', type: 'application/pdf', bytes: pdf },
      ]),
    );
    expect((await download(first[0].id)).equals(text)).toBe(true);
    expect((await download(first[1].id)).equals(pdf)).toBe(true);

    const { rows, files } = await everythingAtRest();
    expect(files.length).toBeGreaterThanOrEqual(2);
    expect(rows).not.toContain(marker);
    expect(rows).not.toContain(Buffer.from(marker).toString('hex'));
    for (const file of files) {
      expect(file.includes(Buffer.from(marker))).toBe(false);
      expect(file.includes(pdf.subarray(100, 200))).toBe(false);
    }
    const keys = await db.query(`SELECT kid, wrapped_key IS NOT NULL AS live FROM messaging_gateway_data_keys`);
    expect(keys.rows.every((k) => k.kid === 'k1' && k.live)).toBe(true);
  });

  it('stores a data key only with the email it seals: repeated deliveries and batches leave none behind', async () => {
    const orphanKeys = async (): Promise<number> =>
      Number(
        (
          await db.query(
            `SELECT count(*) AS n FROM messaging_gateway_data_keys k
              WHERE NOT EXISTS (SELECT 1 FROM messaging_gateway_inbound_emails e WHERE e.data_key_id = k.id)
                AND NOT EXISTS (SELECT 1 FROM messaging_gateway_attachments a WHERE a.data_key_id = k.id)`,
          )
        ).rows[0].n,
      );
    const before = await orphanKeys();
    const raw = (tag: string) =>
      Buffer.from(
        `From: Kim <kim@example.org>\r\nTo: support@test.example\r\nSubject: Keys ${tag}\r\n` +
          `Message-ID: <keys-${tag}-${randomBytes(4).toString('hex')}@example.org>\r\n\r\nHello ${tag}\r\n`,
      );
    const store = running.app.get(InboundStore);
    const once = raw('once');
    const first = await store.accept({ raw: once, source: 'webhook', provider: 'generic' });
    // A provider's retry of the same delivery, and the same email inside an IMAP-like batch.
    expect(await store.accept({ raw: once, source: 'webhook', provider: 'generic' })).toEqual({
      id: first.id,
      duplicate: true,
    });
    const fresh = raw('batch');
    const batch = await store.acceptMany([
      { raw: once, source: 'imap', provider: 'imap' },
      { raw: fresh, source: 'imap', provider: 'imap' },
      { raw: fresh, source: 'imap', provider: 'imap' },
    ]);
    expect(batch.map((result) => result.duplicate)).toEqual([true, false, true]);
    expect(await orphanKeys()).toBe(before);
    // Each stored email has its own live key, and its raw MIME opens with it.
    const rows = await db.query(
      `SELECT e.id, k.kid FROM messaging_gateway_inbound_emails e JOIN messaging_gateway_data_keys k ON k.id = e.data_key_id
        WHERE e.id = ANY($1) AND k.wrapped_key IS NOT NULL`,
      [[first.id, batch[1].id]],
    );
    expect(rows.rows).toHaveLength(2);
  });

  it('rotates: a new first key wraps new data keys, the old one still opens what it wrapped', async () => {
    await running.restart({ EMAIL_ENCRYPTION_KEYS: `k2:${k2},k1:${k1}` });
    expect((await download(first[0].id)).equals(text)).toBe(true);
    const second = await deliver(
      emailWithFiles([{ name: 'later.txt', type: 'text/plain', bytes: text, literal: true }]),
    );
    expect((await download(second[0].id)).equals(text)).toBe(true);
    const kids = await db.query(`SELECT DISTINCT kid FROM messaging_gateway_data_keys ORDER BY kid`);
    expect(kids.rows.map((r) => r.kid)).toEqual(['k1', 'k2']);
  });

  it('stops the boot in one line when a key that wrapped stored data is missing or wrong, or none is given', async () => {
    // An app that boots after all is closed at once, so a failing expectation cannot hang the run.
    const boot = async (overrides: NodeJS.ProcessEnv): Promise<string> => {
      const { app } = await createReferenceApp({ ...running.env, ...overrides });
      await app.close();
      return 'booted';
    };
    await expect(boot({ EMAIL_ENCRYPTION_KEYS: `k2:${k2}` })).rejects.toThrow(
      /^EMAIL_ENCRYPTION_KEYS: stored data is encrypted under key "k1", which is not configured; [^\n]+\.$/,
    );
    await expect(boot({ EMAIL_ENCRYPTION_KEYS: `k2:${k2},k1:${key()}` })).rejects.toThrow(
      /^EMAIL_ENCRYPTION_KEYS: key "k1" does not decrypt the data stored under that id; [^\n]+\.$/,
    );
    await expect(boot({ EMAIL_ENCRYPTION_KEYS: '' })).rejects.toThrow(
      /^EMAIL_ENCRYPTION_KEYS \(encryption.keys\): encryption at rest is on but no key is configured; [^\n]+$/,
    );
    await expect(boot({ EMAIL_ENCRYPTION_KEYS: 'k1:dG9vLXNob3J0' })).rejects.toThrow(/key "k1" is 9 bytes, not 32/);
  });

  // Last: once k1's data keys are destroyed, a boot without k1 is (rightly) no longer refused.
  it('forgetThread destroys the data keys: downloads answer 410 and the sealed bytes left anywhere stay unreadable', async () => {
    const { thread_id: threadId } = (
      await db.query(
        `SELECT i.thread_id FROM messaging_gateway_attachments a
           JOIN messaging_gateway_inbound_emails i ON i.id = a.inbound_email_id WHERE a.id = $1`,
        [first[0].id],
      )
    ).rows[0];
    const { ThreadErasureService } = await import('nestjs-messaging-gateway');
    const erasure = await running.app.get(ThreadErasureService, { strict: false }).forgetThread(threadId);
    expect(erasure.dataKeys).toBeGreaterThanOrEqual(1);
    expect((await api(`/attachments/${first[0].id}`)).status).toBe(410);
    const keys = await db.query(
      `SELECT wrapped_key IS NULL AS destroyed, destroyed_at IS NOT NULL AS dated FROM messaging_gateway_data_keys
        WHERE id IN (SELECT data_key_id FROM messaging_gateway_attachments WHERE id = $1)`,
      [first[0].id],
    );
    expect(keys.rows).toEqual([{ destroyed: true, dated: true }]);
  });
});
