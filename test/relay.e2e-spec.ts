import { createHmac } from 'node:crypto';
import { DevMailbox } from '../apps/reference-app/src/dev-mail/dev-mailbox';
import { RelayDeliveryLog } from '../apps/reference-app/src/relay/relay-delivery-log';
import { startReferenceApp, type RunningReferenceApp } from './helpers/start-reference-app';
import { testSecret } from './helpers/test-env';
import { waitFor } from './helpers/wait-for';

const PATH = '/webhook/outbound-email';
const body = (overrides: Record<string, unknown> = {}) =>
  JSON.stringify({
    type: 'email_verification',
    to: 'new.user@example.com',
    subject: 'Confirm your email',
    token: '482913',
    expiresAt: new Date(Date.now() + 3600_000).toISOString(),
    link: 'https://app.example.com/verify?t=482913',
    ...overrides,
  });
const sign = (secret: string, raw: string, timestamp?: string) =>
  createHmac('sha256', secret)
    .update(timestamp === undefined ? raw : `${timestamp}.${raw}`)
    .digest('hex');

describe('transactional relay POST /webhook/outbound-email (MAIL_API contract, real app)', () => {
  const secret = testSecret();
  let running: RunningReferenceApp;

  const post = async (raw: string, headers: Record<string, string> = {}, app = running) => {
    const response = await fetch(`${app.url}${PATH}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: raw,
    });
    return { status: response.status, body: await response.json() };
  };
  const signed = (raw: string, timestamp = new Date().toISOString()) => ({
    'x-translife-timestamp': timestamp,
    'x-translife-signature': sign(secret, raw, timestamp),
  });

  beforeAll(async () => {
    running = await startReferenceApp({ RELAY_WEBHOOK_SECRET: secret, RELAY_ALLOWED_SENDER_DOMAIN: 'test.example' });
  });

  afterAll(async () => {
    await running?.stop();
  });

  it('queues a signed request and delivers it as automatic mail from no-reply@', async () => {
    const raw = body();
    const { status, body: answer } = await post(raw, signed(raw));
    expect(status).toBe(200);
    expect(answer).toEqual({
      ok: true,
      to: 'new.user@example.com',
      subject: 'Confirm your email',
      queued_id: expect.any(String),
      queued_at: expect.any(String),
    });
    const mailbox = running.app.get(DevMailbox);
    const email = await waitFor(() => mailbox.list().find((m) => m.subject === 'Confirm your email'));
    expect(email.from).toContain('no-reply@test.example');
    expect(email.text).toContain('482913');
    expect(email.text).toContain('https://app.example.com/verify?t=482913');
    expect(email.raw.toString()).toMatch(/^Auto-Submitted: auto-generated/m);
  });

  it('accepts a signature over the raw body alone when no timestamp is sent', async () => {
    const raw = body({ type: 'password_reset', token: 'reset-1', subject: 'Reset' });
    expect((await post(raw, { 'x-translife-signature': sign(secret, raw) })).status).toBe(200);
  });

  it('answers 401 missing signature / invalid signature, including a stale timestamp', async () => {
    const raw = body();
    expect(await post(raw)).toEqual({ status: 401, body: { error: 'missing signature' } });
    expect(await post(raw, { 'x-translife-signature': 'ab'.repeat(32) })).toEqual({
      status: 401,
      body: { error: 'invalid signature' },
    });
    const stale = new Date(Date.now() - 6 * 60_000).toISOString();
    expect((await post(raw, signed(raw, stale))).body).toEqual({ error: 'invalid signature' });
    const tampered = signed(raw);
    expect((await post(raw.replace('482913', '000000'), tampered)).body).toEqual({ error: 'invalid signature' });
  });

  it('answers 400 invalid json, and 400 naming the field for a schema error', async () => {
    const bad = '{"type": ';
    expect(await post(bad, signed(bad))).toEqual({ status: 400, body: { error: 'invalid json' } });
    for (const [overrides, field] of [
      [{ type: 'newsletter' }, 'type'],
      [{ to: 'a@b.com, c@d.com' }, 'to'],
      [{ subject: 'a\r\nBcc: x@evil.com' }, 'subject'],
      [{ expiresAt: 'tomorrow' }, 'expiresAt'],
      [{ link: 'javascript:alert(1)' }, 'link'],
      [{ fromLocalPart: 'billing' }, 'fromLocalPart'],
    ] as const) {
      const raw = body(overrides);
      const { status, body: answer } = await post(raw, signed(raw));
      expect(status).toBe(400);
      expect(answer.error).toContain(field);
    }
  });

  it('shows accepted and refused requests in the delivery log page data, never the token', async () => {
    const log = await running.app.get(RelayDeliveryLog).recent();
    expect(log.some((entry) => entry.status === 200 && entry.queuedId)).toBe(true);
    expect(log.some((entry) => entry.status === 401 && entry.outcome === 'invalid signature')).toBe(true);
    expect(JSON.stringify(log)).not.toContain('482913');
  });

  it('answers 503 webhook secret not configured without a secret, unless unsigned requests are allowed', async () => {
    const noSecret = await startReferenceApp({ RELAY_ALLOWED_SENDER_DOMAIN: 'test.example' });
    const unsigned = await startReferenceApp({
      RELAY_ALLOW_UNSIGNED: 'true',
      RELAY_ALLOWED_SENDER_DOMAIN: 'test.example',
    });
    try {
      expect(await post(body(), {}, noSecret)).toEqual({
        status: 503,
        body: { error: 'webhook secret not configured' },
      });
      expect((await post(body(), {}, unsigned)).status).toBe(200);
    } finally {
      await noSecret.stop();
      await unsigned.stop();
    }
  });

  it('answers 503 sender domain not configured, and 403 forbidden outside the IP allowlist', async () => {
    const noDomain = await startReferenceApp({ RELAY_WEBHOOK_SECRET: secret });
    const fenced = await startReferenceApp({
      RELAY_WEBHOOK_SECRET: secret,
      RELAY_ALLOWED_SENDER_DOMAIN: 'test.example',
      RELAY_IP_ALLOWLIST: '10.0.0.0/8,192.0.2.7',
    });
    const open = await startReferenceApp({
      RELAY_WEBHOOK_SECRET: secret,
      RELAY_ALLOWED_SENDER_DOMAIN: 'test.example',
      RELAY_IP_ALLOWLIST: '127.0.0.1',
    });
    try {
      const raw = body();
      expect(await post(raw, signed(raw), noDomain)).toEqual({
        status: 503,
        body: { error: 'sender domain not configured' },
      });
      expect(await post(raw, signed(raw), fenced)).toEqual({ status: 403, body: { error: 'forbidden' } });
      expect((await post(raw, signed(raw), open)).status).toBe(200);
    } finally {
      await Promise.all([noDomain.stop(), fenced.stop(), open.stop()]);
    }
  });
});
