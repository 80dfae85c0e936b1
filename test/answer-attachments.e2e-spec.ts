import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { simpleParser } from 'mailparser';
import { signGenericWebhook, ThreadErasureService } from 'nestjs-messaging-gateway';
import { DataSource } from 'typeorm';
import { emailWithFiles, pdfBytes } from './helpers/attachment-emails';
import { startSmtpPeer, type SmtpPeer } from './helpers/smtp-peer';
import { startReferenceApp, type RunningReferenceApp } from './helpers/start-reference-app';
import { waitFor } from './helpers/wait-for';
import { getAs, logIn } from './helpers/admin-login';

const ADMIN = { ADMIN_EMAIL: 'agent@test.example', ADMIN_PASSWORD: 'correct horse battery' };

/**
 * Answers with files (issue 14): an outbound message posted with `attachments` to the reference
 * app's Messages API reaches the SMTP peer with the files intact; past the size limit the API
 * answers 413 with a stable code; malformed files are a 400.
 */
describe('answers with files (reference app → smtp-server)', () => {
  let peer: SmtpPeer;
  let running: RunningReferenceApp;
  let folder: string;
  let threadId: string;

  const api = (path: string, body?: unknown) =>
    fetch(`${running.url}/api/v1/messages${path}`, {
      method: body === undefined ? 'GET' : 'POST',
      headers: {
        authorization: `Bearer ${running.env.MESSAGES_API_KEY}`,
        'content-type': 'application/json',
        'idempotency-key': randomBytes(8).toString('hex'),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });

  beforeAll(async () => {
    folder = await mkdtemp(join(tmpdir(), 'mgw-answers-'));
    peer = await startSmtpPeer();
    running = await startReferenceApp({
      ...ADMIN,
      EMAIL_ATTACHMENTS_DIR: folder,
      EMAIL_ATTACHMENTS_MAX_OUTBOUND_BYTES: String(100_000),
      EMAIL_OUTBOUND_ENABLED: 'true',
      SMTP_HOST: peer.host,
      SMTP_PORT: String(peer.port),
      SMTP_SECURITY: 'plain',
    });
    const raw = emailWithFiles([], { subject: 'Need the quote', from: 'Dan Customer <dan@customer.example>' });
    const accepted = await fetch(`${running.url}/gateway/inbound`, {
      method: 'POST',
      headers: { 'content-type': 'message/rfc822', ...signGenericWebhook(running.env.EMAIL_WEBHOOK_SECRET!, raw) },
      body: raw,
    });
    expect(accepted.status).toBe(200);
    threadId = await waitFor(
      async () => ((await (await api('/threads')).json()).data as { id: string }[])[0]?.id,
      20_000,
      'the thread',
    );
  });

  afterAll(async () => {
    await running?.stop();
    await peer?.close();
    await rm(folder, { recursive: true, force: true });
  });

  it('emails the files of an answer intact, under their sanitised names', async () => {
    const pdf = pdfBytes();
    const notes = Buffer.from('line one\r\nline two ünïcödé\r\n');
    const response = await api(`/threads/${threadId}/messages`, {
      direction: 'outbound',
      text: 'Here is the quote.',
      attachments: [
        { name: '../../quote.pdf', type: 'application/pdf', contentBase64: pdf.toString('base64') },
        { name: 'notes.txt', type: 'text/plain', contentBase64: notes.toString('base64') },
      ],
    });
    expect(response.status).toBe(201);
    const message = (await response.json()).data;
    expect(message.metadata.attachments).toMatchObject([
      { name: 'quote.pdf', type: 'application/pdf', size: pdf.length },
      { name: 'notes.txt', size: notes.length },
    ]);
    expect(JSON.stringify(message)).not.toContain('contentBase64');

    const [received] = await peer.waitForMessages(1, 20_000);
    const mail = await simpleParser(received.raw);
    expect(mail.text).toContain('Here is the quote.');
    expect(mail.attachments.map((a) => a.filename)).toEqual(['quote.pdf', 'notes.txt']);
    expect(mail.attachments[0].content.equals(pdf)).toBe(true);
    expect(mail.attachments[1].content.equals(notes)).toBe(true);

    // The agent's files download like the customer's.
    const download = await fetch(`${running.url}/api/v1/messages/attachments/${message.metadata.attachments[0].id}`, {
      headers: { authorization: `Bearer ${running.env.MESSAGES_API_KEY}` },
    });
    expect(Buffer.from(await download.arrayBuffer()).equals(pdf)).toBe(true);
  });

  it('takes files from the web inbox reply box (multipart, behind the session and CSRF)', async () => {
    const agent = await logIn(running.url, ADMIN.ADMIN_EMAIL, ADMIN.ADMIN_PASSWORD);
    const page = await (await getAs(`${running.url}/inbox/threads/${threadId}`, agent)).text();
    expect(page).toContain('enctype="multipart/form-data"');
    const csrf = /name="_csrf" value="([^"]+)"/.exec(page)![1];
    const sheet = Buffer.from('a,b\n1,2\n');
    const form = new FormData();
    form.set('_csrf', csrf);
    form.set('nonce', randomBytes(8).toString('hex'));
    form.set('text', 'The sheet you asked for.');
    form.set('files', new Blob([sheet], { type: 'text/csv' }), 'sheet.csv');
    const posted = await fetch(`${running.url}/inbox/threads/${threadId}/reply`, {
      method: 'POST',
      redirect: 'manual',
      headers: { cookie: agent.cookie },
      body: form,
    });
    expect(posted.status).toBe(303);
    const messages = await peer.waitForMessages(2, 20_000);
    const mail = await simpleParser(messages[1].raw);
    expect(mail.attachments.map((a) => a.filename)).toEqual(['sheet.csv']);
    expect(mail.attachments[0].content.equals(sheet)).toBe(true);

    // Without the CSRF token the form is refused, files or not.
    form.delete('_csrf');
    const forged = await fetch(`${running.url}/inbox/threads/${threadId}/reply`, {
      method: 'POST',
      redirect: 'manual',
      headers: { cookie: agent.cookie },
      body: form,
    });
    expect(forged.status).toBe(403);
  });

  it('answers 413 attachments_too_large past EMAIL_ATTACHMENTS_MAX_OUTBOUND_BYTES, and 400 for malformed files', async () => {
    const big = await api(`/threads/${threadId}/messages`, {
      direction: 'outbound',
      text: 'Too much.',
      attachments: [
        { name: 'big.bin', type: 'application/octet-stream', contentBase64: randomBytes(150_000).toString('base64') },
      ],
    });
    expect(big.status).toBe(413);
    expect((await big.json()).error.code).toBe('attachments_too_large');

    const malformed = await api(`/threads/${threadId}/messages`, {
      direction: 'outbound',
      text: 'Broken.',
      attachments: [{ name: 'x.txt', type: 'text/plain', contentBase64: '%%% not base64 %%%' }],
    });
    expect(malformed.status).toBe(400);
    expect((await malformed.json()).error.code).toBe('validation_failed');

    const inbound = await api(`/threads/${threadId}/messages`, {
      direction: 'inbound',
      text: 'From the customer.',
      attachments: [{ name: 'x.txt', type: 'text/plain', contentBase64: 'eA==' }],
    });
    expect(inbound.status).toBe(400);
    expect(peer.messages).toHaveLength(2);
  });

  // Last: it forgets the thread the other tests answer in.
  it('fails an answer whose file was erased while it waited for a retry, as attachment_unavailable, and sends nothing', async () => {
    const before = peer.messages.length;
    peer.script([451, 451, 451]);
    const response = await api(`/threads/${threadId}/messages`, {
      direction: 'outbound',
      text: 'The file you asked for.',
      attachments: [{ name: 'contract.pdf', type: 'application/pdf', contentBase64: pdfBytes().toString('base64') }],
    });
    expect(response.status).toBe(201);
    const row = async () =>
      (
        await running.app.get(DataSource).query(
          `SELECT o.status, o.reason_code, o.attempts FROM messaging_gateway_outbound_emails o
             JOIN app_messages m ON m.id::text = o.host_message_id WHERE m.text = $1`,
          ['The file you asked for.'],
        )
      )[0] as { status: string; reason_code: string | null; attempts: number } | undefined;
    await waitFor(async () => ((await row())?.attempts ?? 0) >= 1, 20_000, 'a first, refused attempt');

    await running.app.get(ThreadErasureService, { strict: false }).forgetThread(threadId);

    const failed = await waitFor(
      async () => {
        const current = await row();
        return current?.status === 'failed' ? current : undefined;
      },
      30_000,
      'failed',
    );
    expect(failed.reason_code).toBe('attachment_unavailable');
    expect(peer.messages).toHaveLength(before);
  });
});
