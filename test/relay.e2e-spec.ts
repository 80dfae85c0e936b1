import { createHmac } from 'node:crypto';
import { DevMailbox } from '../apps/reference-app/src/dev-mail/dev-mailbox';
import { RelayDeliveryLog } from '../apps/reference-app/src/relay/relay-delivery-log';
import { RELAY_MAX_BODY_BYTES } from '../apps/reference-app/src/relay/relay-raw-body';
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

const OPERATIONS_TOKEN = testSecret();

/** The relay's refusal counters from /metrics, by reason. */
async function refusals(app: RunningReferenceApp): Promise<Record<string, number>> {
  const text = await (
    await fetch(`${app.url}/metrics`, { headers: { authorization: `Bearer ${OPERATIONS_TOKEN}` } })
  ).text();
  return Object.fromEntries(
    [...text.matchAll(/^relay_requests_refused_total\{reason="(\w+)"\} (\d+)$/gm)].map((m) => [m[1], Number(m[2])]),
  );
}

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
    running = await startReferenceApp({
      RELAY_WEBHOOK_SECRET: secret,
      RELAY_ALLOWED_SENDER_DOMAIN: 'test.example',
      OPERATIONS_TOKEN,
    });
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

  it('refuses a signature without a timestamp (valid for ever, so replayable), unless RELAY_REQUIRE_TIMESTAMP=false', async () => {
    const raw = body({ type: 'password_reset', token: 'reset-1', subject: 'Reset' });
    const bodyOnly = { 'x-translife-signature': sign(secret, raw) };
    expect(await post(raw, bodyOnly)).toEqual({ status: 401, body: { error: 'missing timestamp' } });
    // Replayed later, the same captured request is refused just the same.
    expect(await post(raw, bodyOnly)).toEqual({ status: 401, body: { error: 'missing timestamp' } });

    const legacy = await startReferenceApp({
      RELAY_WEBHOOK_SECRET: secret,
      RELAY_ALLOWED_SENDER_DOMAIN: 'test.example',
      RELAY_REQUIRE_TIMESTAMP: 'false',
    });
    try {
      expect((await post(raw, bodyOnly, legacy)).status).toBe(200);
    } finally {
      await legacy.stop();
    }
  });

  it('answers 401 missing signature / invalid signature, including a stale timestamp', async () => {
    const raw = body();
    expect(await post(raw)).toEqual({ status: 401, body: { error: 'missing signature' } });
    const wrong = { 'x-translife-timestamp': new Date().toISOString(), 'x-translife-signature': 'ab'.repeat(32) };
    expect(await post(raw, wrong)).toEqual({ status: 401, body: { error: 'invalid signature' } });
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

  it('logs authenticated requests only: refusals before the signature are counted in metrics, never the token', async () => {
    const log = await running.app.get(RelayDeliveryLog).recent();
    expect(log.some((entry) => entry.status === 200 && entry.queuedId)).toBe(true);
    expect(log.some((entry) => entry.status === 400 && entry.outcome === 'invalid json')).toBe(true);
    expect(log.filter((entry) => entry.status === 401 || entry.status === 403)).toEqual([]);
    expect(JSON.stringify(log)).not.toContain('482913');
    expect(await refusals(running)).toMatchObject({
      missing_signature: 1,
      missing_timestamp: 2,
      invalid_signature: 3,
    });
  });

  it('answers 413 body too large (counted) and 429 rate limited past RELAY_RATE_LIMIT_PER_MINUTE', async () => {
    const tooLarge = await fetch(`${running.url}${PATH}`, {
      method: 'POST',
      body: 'x'.repeat(RELAY_MAX_BODY_BYTES + 1),
    });
    expect(tooLarge.status).toBe(413);
    expect(await tooLarge.json()).toEqual({ error: 'body too large' });
    expect((await refusals(running)).body_too_large).toBe(1);

    const limited = await startReferenceApp({
      RELAY_WEBHOOK_SECRET: secret,
      RELAY_ALLOWED_SENDER_DOMAIN: 'test.example',
      RELAY_RATE_LIMIT_PER_MINUTE: '3',
      OPERATIONS_TOKEN,
    });
    try {
      for (let i = 0; i < 3; i++) expect((await post(body(), {}, limited)).status).toBe(401);
      const response = await fetch(`${limited.url}${PATH}`, { method: 'POST', body: body() });
      expect(response.status).toBe(429);
      expect(await response.json()).toEqual({ error: 'rate limited' });
      expect(Number(response.headers.get('retry-after'))).toBeGreaterThan(0);
      // Refused before the signature is even looked at, so a signed request waits too.
      const raw = body();
      expect((await post(raw, signed(raw), limited)).status).toBe(429);
      expect(await refusals(limited)).toMatchObject({ missing_signature: 3, rate_limited: 2 });
      expect(await limited.app.get(RelayDeliveryLog).recent()).toEqual([]);
    } finally {
      await limited.stop();
    }
  });

  it('answers client errors without an ERROR line or a stack trace in the log', async () => {
    const written: string[] = [];
    const capture = (chunk: unknown): boolean => {
      written.push(String(chunk));
      return true;
    };
    const stdout = jest.spyOn(process.stdout, 'write').mockImplementation(capture);
    const stderr = jest.spyOn(process.stderr, 'write').mockImplementation(capture);
    // Nest's own logger this time, as an operator runs it.
    const logged = await startReferenceApp({ RELAY_WEBHOOK_SECRET: secret, LOG_LEVEL: '' });
    try {
      written.length = 0;
      const oversize = await fetch(`${logged.url}${PATH}`, {
        method: 'POST',
        body: 'x'.repeat(RELAY_MAX_BODY_BYTES + 1),
      });
      expect(oversize.status).toBe(413);
      const garbled = await fetch(`${logged.url}${PATH}`, {
        method: 'POST',
        headers: { 'content-encoding': 'gzip' },
        body: 'not gzip at all',
      });
      expect(garbled.status).toBe(400);
      expect(await garbled.json()).toEqual({ error: 'unreadable body' });
      expect(written.join('')).not.toMatch(/ERROR|^\s+at /m);
    } finally {
      stdout.mockRestore();
      stderr.mockRestore();
      await logged.stop();
    }
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
