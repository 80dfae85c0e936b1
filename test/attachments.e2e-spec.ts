import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { ATTACHMENT_STORE } from '../libs/messaging-gateway/src/core/gateway.constants';
import { InboundSweeper } from '../libs/messaging-gateway/src/inbound/inbound.sweeper';
import type { AttachmentMeta } from '../libs/messaging-gateway/src/storage/attachment-meta.types';
import type { AttachmentStore } from '../libs/messaging-gateway/src/storage/attachment-store.types';
import { signGenericWebhook, ThreadErasureService } from 'nestjs-messaging-gateway';
import { type AdminBrowser, getAs, logIn, postFormAs } from './helpers/admin-login';
import { emailWithFiles, pdfBytes, pngBytes } from './helpers/attachment-emails';
import { startReferenceApp, type RunningReferenceApp } from './helpers/start-reference-app';
import { waitFor } from './helpers/wait-for';

const ADMIN = { ADMIN_EMAIL: 'agent@test.example', ADMIN_PASSWORD: 'correct horse battery' };

/**
 * Attachments both ways through the reference app (issue 14): kept on receipt in the local store,
 * downloaded byte for byte through the Messages API and the inbox, kept after the raw MIME is
 * purged, erased with their thread, and never referenced before their bytes exist.
 */
describe('attachments (reference app, local store)', () => {
  let running: RunningReferenceApp;
  let folder: string;
  let db: Client;

  const api = (path: string, init: RequestInit = {}) =>
    fetch(`${running.url}/api/v1/messages${path}`, {
      ...init,
      headers: { authorization: `Bearer ${running.env.MESSAGES_API_KEY}`, ...(init.headers ?? {}) },
    });

  const postWebhook = async (raw: Buffer) => {
    const response = await fetch(`${running.url}/gateway/inbound`, {
      method: 'POST',
      headers: { 'content-type': 'message/rfc822', ...signGenericWebhook(running.env.EMAIL_WEBHOOK_SECRET!, raw) },
      body: raw,
    });
    const body = (await response.json()) as { id: string };
    expect({ status: response.status, body }).toEqual({ status: 200, body: expect.objectContaining({ ok: true }) });
    return body.id;
  };

  /** The delivered message of inbound email `id`: its thread and `metadata.attachments`. */
  const deliveredMessage = async (id: string) => {
    const row = await waitFor(
      async () =>
        (
          await db.query(
            `SELECT status, thread_id, created_message_id FROM messaging_gateway_inbound_emails WHERE id = $1`,
            [id],
          )
        ).rows.find((r) => r.status === 'delivered'),
      20_000,
      `inbound ${id} delivered`,
    );
    const messages = (await (await api(`/threads/${row.thread_id}/messages`)).json()).data as {
      id: string;
      metadata: { attachments: AttachmentMeta[] };
    }[];
    const message = messages.find((m) => m.id === row.created_message_id)!;
    return { threadId: row.thread_id as string, attachments: message.metadata.attachments };
  };

  const storedFiles = async (): Promise<string[]> =>
    (await readdir(folder, { recursive: true })).map(String).filter((f) => /[0-9a-f]{64}$/.test(f));

  beforeAll(async () => {
    folder = await mkdtemp(join(tmpdir(), 'mgw-attachments-'));
    running = await startReferenceApp({
      ...ADMIN,
      EMAIL_ATTACHMENTS_DIR: folder,
      EMAIL_ATTACHMENTS_MAX_BYTES: String(200_000),
    });
    db = new Client({ connectionString: running.database.url });
    await db.connect();
  });

  afterAll(async () => {
    await db?.end();
    await running?.stop();
    await rm(folder, { recursive: true, force: true });
  });

  const pdf = pdfBytes();
  const png = pngBytes();
  const passwd = Buffer.from('root:x:0:0:root:/root:/bin/bash\n');
  const html = Buffer.from('<script>alert(1)</script>');
  const svg = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>');
  const big = Buffer.alloc(300_000, 7);
  let threadId: string;
  let posted: AttachmentMeta[];

  it('keeps a PDF, an inline image and a "../../etc/passwd" file; names sanitised, metadata complete; an oversize file is skipped, the rest delivered', async () => {
    const id = await postWebhook(
      emailWithFiles([
        { name: 'contract.pdf', type: 'application/pdf', bytes: pdf },
        { name: 'logo.png', type: 'image/png', bytes: png, contentId: 'logo@customer.example', inline: true },
        { name: '../../etc/passwd', type: 'text/plain', bytes: passwd },
        { name: 'page.html', type: 'text/html', bytes: html },
        { name: 'icon.svg', type: 'image/svg+xml', bytes: svg, inline: true, contentId: 'icon@x' },
        { name: 'huge.bin', type: 'application/octet-stream', bytes: big },
      ]),
    );
    ({ threadId, attachments: posted } = await deliveredMessage(id));
    expect(posted.map((a) => a.name)).toEqual([
      'contract.pdf',
      'logo.png',
      'passwd',
      'page.html',
      'icon.svg',
      'huge.bin',
    ]);
    expect(posted[0]).toMatchObject({ type: 'application/pdf', size: pdf.length, inline: false });
    expect(posted[0].id).toMatch(/^[0-9a-f-]{36}$/);
    expect(posted[0].sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(posted[1]).toMatchObject({ inline: true, contentId: 'logo@customer.example' });
    expect(posted[5]).toMatchObject({ skipped: 'too_large', size: big.length });
    expect(posted[5].id).toBeUndefined();
  });

  it('serves each file byte for byte through the Messages API, always as a download, nosniff', async () => {
    const expected = [pdf, png, passwd, html, svg];
    for (const [index, bytes] of expected.entries()) {
      const response = await api(`/attachments/${posted[index].id}`);
      expect(response.status).toBe(200);
      expect(Buffer.from(await response.arrayBuffer()).equals(bytes)).toBe(true);
      expect(response.headers.get('content-disposition')).toMatch(/^attachment; filename="/);
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    }
    expect(response404(await api('/attachments/00000000-0000-4000-8000-000000000000'))).toBe(404);
    expect((await fetch(`${running.url}/api/v1/messages/attachments/${posted[0].id}`)).status).toBe(401);
  });

  it('links files in the thread view and shows the inline image through the session route; HTML and SVG stay downloads', async () => {
    const agent = await logIn(running.url, ADMIN.ADMIN_EMAIL, ADMIN.ADMIN_PASSWORD);
    const page = await (await getAs(`${running.url}/inbox/threads/${threadId}`, agent)).text();
    expect(page).toContain(`href="/inbox/attachments/${posted[0].id}"`);
    expect(page).toContain(`<img class="inline-image" src="/inbox/attachments/${posted[1].id}?inline=1"`);
    expect(page).not.toContain(`src="/inbox/attachments/${posted[4].id}?inline=1"`); // SVG never rendered
    expect(page).not.toMatch(/src="(https?:|cid:)/);

    const image = await getAs(`${running.url}/inbox/attachments/${posted[1].id}?inline=1`, agent);
    expect(image.headers.get('content-disposition')).toMatch(/^inline/);
    expect(Buffer.from(await image.arrayBuffer()).equals(png)).toBe(true);
    for (const index of [3, 4]) {
      const file = await getAs(`${running.url}/inbox/attachments/${posted[index].id}?inline=1`, agent);
      expect(file.headers.get('content-disposition')).toMatch(/^attachment/);
      expect(file.headers.get('x-content-type-options')).toBe('nosniff');
    }
    // Without a session: the login page, never the bytes.
    const anonymous = await fetch(`${running.url}/inbox/attachments/${posted[0].id}`, { redirect: 'manual' });
    expect(anonymous.status).toBeGreaterThanOrEqual(300);
    expect(anonymous.status).toBeLessThan(400);
  });

  it('still serves the files after the raw MIME purge', async () => {
    await db.query(`UPDATE messaging_gateway_inbound_emails SET received_at = now() - interval '40 days'`);
    const { purged } = await running.app.get(InboundSweeper, { strict: false }).sweep();
    expect(purged).toBeGreaterThan(0);
    const response = await api(`/attachments/${posted[0].id}`);
    expect(Buffer.from(await response.arrayBuffer()).equals(pdf)).toBe(true);
  });

  it('stores a file received twice once (content-addressed)', async () => {
    const before = await storedFiles();
    const id = await postWebhook(emailWithFiles([{ name: 'again.pdf', type: 'application/pdf', bytes: pdf }]));
    const again = await deliveredMessage(id);
    expect(again.attachments[0].sha256).toBe(posted[0].sha256);
    expect(again.attachments[0].id).not.toBe(posted[0].id);
    expect(await storedFiles()).toEqual(before);
  });

  it('never references a file whose bytes are not stored: a crash between the store and the commit is retried', async () => {
    const store = running.app.get<AttachmentStore>(ATTACHMENT_STORE, { strict: false });
    const put = store.put.bind(store);
    let crashes = 1;
    // The bytes are written, then the process "dies" before the email's final commit.
    store.put = async (key, bytes) => {
      await put(key, bytes);
      if (crashes-- > 0) throw new Error('simulated crash after the store write');
    };
    const marker = Buffer.from(`crash-test ${Date.now()}`);
    try {
      const id = await postWebhook(emailWithFiles([{ name: 'after-crash.txt', type: 'text/plain', bytes: marker }]));
      const delivered = await deliveredMessage(id);
      const response = await api(`/attachments/${delivered.attachments[0].id}`);
      expect(Buffer.from(await response.arrayBuffer()).equals(marker)).toBe(true);
    } finally {
      store.put = put;
    }
    // Every row points at bytes that exist; every message's attachment id has its row.
    const rows = (await db.query(`SELECT id, storage_key FROM messaging_gateway_attachments WHERE erased_at IS NULL`))
      .rows;
    for (const row of rows) expect(await store.has(row.storage_key)).toBe(true);
    const referenced = (await db.query(`SELECT metadata FROM app_messages WHERE direction = 'inbound'`)).rows.flatMap(
      (r) => ((r.metadata?.attachments ?? []) as AttachmentMeta[]).filter((a) => a.id).map((a) => a.id),
    );
    const known = new Set(rows.map((r) => r.id));
    expect(referenced.filter((id) => !known.has(id))).toEqual([]);
  });

  it('forgetThread erases the thread: downloads answer 410, bytes gone, audit rows stay', async () => {
    // The admin action on the thread page (session and CSRF, as a browser posts it).
    const agent = await logIn(running.url, ADMIN.ADMIN_EMAIL, ADMIN.ADMIN_PASSWORD);
    const page = await (await getAs(`${running.url}/inbox/threads/${threadId}`, agent)).text();
    expect(page).toContain(`action="/inbox/threads/${threadId}/forget"`);
    const forgotten = await postFormAs(`${running.url}/inbox/threads/${threadId}/forget`, withCsrfOf(agent, page));
    expect(forgotten.status).toBe(303);
    expect(forgotten.headers.get('location')).toBe(`/inbox/threads/${threadId}?forgotten=1`);
    // A second run (the library call) finds nothing left to erase.
    const again = await running.app.get(ThreadErasureService, { strict: false }).forgetThread(threadId);
    expect(again).toMatchObject({ attachments: 0, rawEmails: 0 });
    for (const file of posted.filter((a) => a.id)) {
      expect((await api(`/attachments/${file.id}`)).status).toBe(410);
    }
    // The PDF is shared with another thread (same content): those bytes stay for it; the rest are gone.
    const files = await storedFiles();
    for (const file of posted.slice(1, 5)) expect(files.some((f) => f.endsWith(file.sha256!))).toBe(false);
    expect(files.some((f) => f.endsWith(posted[0].sha256!))).toBe(true);
    const audit = await db.query(
      `SELECT count(*)::int AS n, count(erased_at)::int AS erased FROM messaging_gateway_attachments
        WHERE id = ANY($1::uuid[])`,
      [posted.filter((a) => a.id).map((a) => a.id)],
    );
    expect(audit.rows[0]).toEqual({ n: 5, erased: 5 });
    const inbound = await db.query(
      `SELECT status, raw_mime IS NULL AS raw_gone FROM messaging_gateway_inbound_emails WHERE thread_id = $1`,
      [threadId],
    );
    expect(inbound.rows).toEqual([{ status: 'delivered', raw_gone: true }]);
  });
});

function response404(response: Response): number {
  return response.status;
}

/** The CSRF token of a page the browser was shown. */
function withCsrfOf(browser: AdminBrowser, page: string): AdminBrowser {
  return { ...browser, csrf: /name="_csrf" value="([^"]+)"/.exec(page)![1] };
}
