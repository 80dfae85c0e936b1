import { randomUUID } from 'node:crypto';
import { signGenericWebhook } from 'nestjs-messaging-gateway';
import { DataSource } from 'typeorm';
import { type AdminBrowser, getAs, logIn, postFormAs } from './helpers/admin-login';
import { plainEmail } from './helpers/inbound-email-samples';
import { type SmtpPeer, startSmtpPeer } from './helpers/smtp-peer';
import { type RunningReferenceApp, startReferenceApp } from './helpers/start-reference-app';
import { testSecret } from './helpers/test-env';
import { waitFor } from './helpers/wait-for';

const ADMIN = { ADMIN_EMAIL: 'outbox@test.example', ADMIN_PASSWORD: 'correct horse battery outbox' };
const OPERATIONS_TOKEN = testSecret();

/**
 * The Outbox as an agent and an operator see it (reference app, real PostgreSQL, Redis and an
 * smtp-server peer): a temporary failure shows as retrying with its next attempt and last error; a
 * failed answer is resent, with the same Message-ID, from the page's button or the operations
 * endpoint, and never twice.
 */
describe('Outbox: retrying state, Resend button and operations endpoint (reference app, real SMTP peer)', () => {
  let running: RunningReferenceApp;
  let smtp: SmtpPeer;
  let admin: AdminBrowser;
  let sequence = 0;

  const sql = (query: string, params: unknown[]) => running.app.get(DataSource).query(query, params);
  const outboxRow = async (text: string) =>
    (
      await sql(
        `SELECT o.id, o.status, o.reason_code, o.attempts, o.email_message_id
           FROM messaging_gateway_outbound_emails o JOIN app_messages m ON m.id::text = o.host_message_id
          WHERE m.text = $1`,
        [text],
      )
    )[0] as { id: string; status: string; reason_code: string | null; attempts: number; email_message_id: string };

  /** A customer's question through the signed webhook, then an agent's answer through the Messages API. */
  const answerACustomer = async (answer: string): Promise<void> => {
    const tag = `outbox${++sequence}`;
    const raw = plainEmail({ from: `${tag}@customer.example`, subject: `Question ${tag}`, body: `Hello ${tag}\r\n` });
    const webhook = await fetch(`${running.url}/gateway/inbound/generic`, {
      method: 'POST',
      headers: { 'content-type': 'message/rfc822', ...signGenericWebhook(running.env.EMAIL_WEBHOOK_SECRET!, raw) },
      body: raw,
    });
    expect(webhook.status).toBe(200);
    const { id: inboundId } = (await webhook.json()) as { id: string };
    // The agent answers once the question is fully recorded: an answer racing its creation waits
    // (the echo guard's in-flight window), which is another test's subject, not the Outbox's.
    await waitFor(
      async () =>
        (await sql(`SELECT status FROM messaging_gateway_inbound_emails WHERE id = $1`, [inboundId]))[0]?.status ===
        'delivered',
      20_000,
      'question delivered',
    );
    const threadId = await waitFor(
      async () =>
        (await sql(`SELECT id FROM app_threads WHERE identity_email = $1`, [`${tag}@customer.example`]))[0]?.id as
          string | undefined,
      20_000,
      'thread',
    );
    const posted = await fetch(`${running.url}/api/v1/messages/threads/${threadId}/messages`, {
      method: 'POST',
      headers: { authorization: `Bearer ${running.env.MESSAGES_API_KEY}`, 'content-type': 'application/json' },
      body: JSON.stringify({ direction: 'outbound', text: answer }),
    });
    expect(posted.status).toBe(201);
  };

  const operations = (id: string, authorization?: string, cookie?: string) =>
    fetch(`${running.url}/operations/outbound/${encodeURIComponent(id)}/resend`, {
      method: 'POST',
      headers: { ...(authorization ? { authorization } : {}), ...(cookie ? { cookie } : {}) },
    });

  const rowHtml = async (id: string): Promise<string> => {
    const page = await (await getAs(`${running.url}/outbox`, admin)).text();
    const start = page.indexOf(`data-outbound-id="${id}"`);
    expect(start).toBeGreaterThan(-1);
    return page.slice(start, page.indexOf('</tr>', start));
  };

  beforeAll(async () => {
    smtp = await startSmtpPeer();
    running = await startReferenceApp({
      ...ADMIN,
      OPERATIONS_TOKEN,
      SMTP_HOST: smtp.host,
      SMTP_PORT: String(smtp.port),
      SMTP_SECURITY: 'plain',
      // A quick second try, then a long wait: the test sees the row between attempts.
      SMTP_RETRY_SCHEDULE: '300ms,10m',
    });
    admin = await logIn(running.url, ADMIN.ADMIN_EMAIL, ADMIN.ADMIN_PASSWORD);
  }, 120_000);

  afterAll(async () => {
    await running?.stop();
    await smtp?.close();
  });

  it('shows a temporarily refused answer as retrying, with the next attempt and the last SMTP reply', async () => {
    smtp.script([451, 451]);
    const text = `Retrying answer ${randomUUID()}`;
    await answerACustomer(text);
    const row = await waitFor(
      async () => {
        const current = await outboxRow(text);
        return current?.attempts === 2 && current.status === 'queued' ? current : undefined;
      },
      20_000,
      'two attempts, then waiting for the third',
    );

    const html = await rowHtml(row.id);
    expect(html).toContain('>retrying<');
    expect(html).toMatch(/next attempt at \d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC, after 2 attempts/);
    expect(html).toContain('last error:');
    expect(html).toContain('451');
    expect(html).not.toContain('Resend');
  });

  it('resends a refused answer from the Outbox button: once, with its first Message-ID', async () => {
    smtp.script([550]);
    const text = `Refused answer ${randomUUID()}`;
    await answerACustomer(text);
    const failed = await waitFor(
      async () => {
        const current = await outboxRow(text);
        return current?.status === 'failed' ? current : undefined;
      },
      20_000,
      'failed',
    );
    expect(failed.reason_code).toBe('smtp_rejected');
    const before = smtp.messages.length;
    expect(await rowHtml(failed.id)).toContain(`action="/outbox/${failed.id}/resend"`);

    // A double click: two posts of the same form.
    const [first, second] = await Promise.all([
      postFormAs(`${running.url}/outbox/${failed.id}/resend`, admin),
      postFormAs(`${running.url}/outbox/${failed.id}/resend`, admin),
    ]);
    expect([first.status, second.status]).toEqual([303, 303]);
    expect([first.headers.get('location'), second.headers.get('location')].sort()).toEqual([
      '/outbox?resent=ok',
      '/outbox?resent=refused',
    ]);

    await smtp.waitForMessages(before + 1);
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const delivered = smtp.messages.slice(before).filter((message) => message.raw.toString().includes(text));
    expect(delivered).toHaveLength(1);
    const unfolded = delivered[0].raw.toString().replace(/\r\n[ \t]+/g, ' ');
    expect(/^Message-ID: <([^>]+)>/im.exec(unfolded)?.[1]).toBe(failed.email_message_id);
    expect((await outboxRow(text)).status).toBe('sent');
    expect(await (await getAs(`${running.url}/outbox?resent=ok`, admin)).text()).toContain(
      'The email was queued again, with its same Message-ID.',
    );
  });

  it('refuses the Resend form without its CSRF token', async () => {
    const response = await fetch(`${running.url}/outbox/${randomUUID()}/resend`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: admin.cookie },
      body: '',
    });
    expect(response.status).toBe(403);
  });

  it('resends through POST /operations/outbound/:id/resend with OPERATIONS_TOKEN, and answers stable codes', async () => {
    smtp.script([554]);
    const text = `Operations answer ${randomUUID()}`;
    await answerACustomer(text);
    const failed = await waitFor(
      async () => {
        const current = await outboxRow(text);
        return current?.status === 'failed' ? current : undefined;
      },
      20_000,
      'failed',
    );
    const bearer = `Bearer ${OPERATIONS_TOKEN}`;

    expect((await operations(failed.id)).status).toBe(401);
    expect((await operations(failed.id, 'Bearer not-the-token')).status).toBe(401);
    // An admin's session cookie is not enough for a state-changing call (it rides along cross-site).
    expect((await operations(failed.id, undefined, admin.cookie)).status).toBe(401);
    expect((await outboxRow(text)).status).toBe('failed');

    const accepted = await operations(failed.id, bearer);
    expect(accepted.status).toBe(202);
    expect(await accepted.json()).toEqual({
      success: true,
      data: { outboundEmailId: failed.id, jobId: expect.any(String) },
    });
    await waitFor(async () => (await outboxRow(text)).status === 'sent', 20_000, 'sent');

    const again = await operations(failed.id, bearer);
    expect(again.status).toBe(409);
    expect((await again.json()).error.code).toBe('EGW_OUTBOUND_NOT_RESENDABLE');
    for (const unknown of [randomUUID(), 'not-an-id', "1' OR '1'='1"]) {
      const missing = await operations(unknown, bearer);
      expect(missing.status).toBe(404);
      expect((await missing.json()).error.code).toBe('EGW_OUTBOUND_NOT_FOUND');
    }
    expect(smtp.messages.filter((message) => message.raw.toString().includes(text))).toHaveLength(1);
  });
});
