import { randomBytes, randomUUID } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import { signGenericWebhook } from 'nestjs-messaging-gateway';
import { startReferenceApp, type RunningReferenceApp } from './helpers/start-reference-app';
import { startWebhookApp, type RunningWebhookApp } from './helpers/start-webhook-app';

const SECRET = randomBytes(32).toString('hex');
const MAX_BODY = 256 * 1024;

const mime = (id: string = randomUUID(), body = 'Hello') =>
  Buffer.from(
    `From: Ann <ann@example.com>\r\nTo: support@test.example\r\nSubject: Hi\r\nMessage-ID: <${id}@example.com>\r\n\r\n${body}\r\n`,
  );

async function post(url: string, body: Buffer | string, headers: Record<string, string>) {
  const response = await fetch(url, { method: 'POST', body, headers });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}
const signedPost = (
  app: RunningWebhookApp,
  body: Buffer | string,
  contentType = 'message/rfc822',
  path = '/gateway/inbound',
) => post(app.url + path, body, { 'content-type': contentType, ...signGenericWebhook(SECRET, body) });

/** Sends a body (chunked when `declared` is false) and resolves with the status as soon as one arrives. */
function postLarge(url: string, size: number, declared: boolean): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      url,
      {
        method: 'POST',
        headers: { 'content-type': 'message/rfc822', ...(declared ? { 'content-length': String(size) } : {}) },
      },
      (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      },
    );
    req.on('error', (error) => reject(error));
    const chunk = Buffer.alloc(64 * 1024, 0x61);
    let sent = 0;
    const write = (): void => {
      while (sent < size) {
        sent += chunk.length;
        if (!req.write(chunk)) return void req.once('drain', write);
      }
      req.end();
    };
    write();
  });
}

describe('POST /gateway/inbound (generic, real HTTP, PostgreSQL and Redis)', () => {
  let app: RunningWebhookApp;

  beforeAll(async () => {
    app = await startWebhookApp({ secret: SECRET, maxBodyBytes: MAX_BODY });
  });
  afterAll(() => app.stop());

  const storedRaw = async (id: unknown): Promise<Buffer> =>
    (await app.dataSource.query(`SELECT raw_mime FROM messaging_gateway_inbound_emails WHERE id = $1`, [id]))[0]
      .raw_mime;

  it('stores a signed raw MIME body byte for byte and answers {ok, id, duplicate:false}', async () => {
    const raw = Buffer.concat([mime(), Buffer.from([0x00, 0xff, 0x80, 0x0d])]);
    const answer = await signedPost(app, raw);
    expect(answer).toEqual({ status: 200, body: { ok: true, id: expect.any(String), duplicate: false } });
    expect(Buffer.compare(await storedRaw(answer.body.id), raw)).toBe(0);
  });

  it('answers a repeat 200 duplicate, never 409', async () => {
    const raw = mime();
    const first = await signedPost(app, raw);
    const again = await signedPost(app, raw);
    expect(again).toEqual({ status: 200, body: { ok: true, id: first.body.id, duplicate: true } });
  });

  it('stores one email for 10 concurrent identical deliveries, all answered 200', async () => {
    const raw = mime();
    const answers = await Promise.all(Array.from({ length: 10 }, () => signedPost(app, raw)));
    expect(answers.every((a) => a.status === 200)).toBe(true);
    expect(new Set(answers.map((a) => a.body.id)).size).toBe(1);
    expect(answers.filter((a) => a.body.duplicate === false)).toHaveLength(1);
    const [{ n }] = await app.dataSource.query(
      `SELECT count(*)::int AS n FROM messaging_gateway_inbound_emails WHERE id = $1`,
      [answers[0].body.id],
    );
    expect(n).toBe(1);
  });

  it.each([
    [
      'a tampered body',
      () => ({ body: mime(), headers: signGenericWebhook(SECRET, 'other') }),
      'EGW_WEBHOOK_SIGNATURE',
    ],
    [
      'a wrong key',
      () => ({ body: mime(), headers: signGenericWebhook(randomBytes(32).toString('hex'), mime()) }),
      'EGW_WEBHOOK_SIGNATURE',
    ],
    [
      'a stale timestamp',
      () => ({ body: mime(), headers: signGenericWebhook(SECRET, mime('x'), Date.now() - 301_000) }),
      'EGW_WEBHOOK_TIMESTAMP',
    ],
    [
      'a future timestamp',
      () => ({ body: mime('x'), headers: signGenericWebhook(SECRET, mime('x'), Date.now() + 301_000) }),
      'EGW_WEBHOOK_TIMESTAMP',
    ],
    ['no signature', () => ({ body: mime(), headers: {} }), 'EGW_WEBHOOK_SIGNATURE'],
  ])('answers 401 with a JSON code for %s', async (_, make, code) => {
    const { body, headers } = make();
    const answer = await post(`${app.url}/gateway/inbound/generic`, body, {
      'content-type': 'message/rfc822',
      ...headers,
    });
    expect(answer.status).toBe(401);
    expect(answer.body).toEqual({ ok: false, code, message: expect.any(String) });
  });

  it('handles the generic JSON (through the host JSON parser) and text/plain MIME (read from the stream)', async () => {
    const json = JSON.stringify({
      from: 'a@example.com',
      to: 'support@test.example',
      subject: 'J',
      text: 'hi',
      headers: { 'Message-ID': '<j1@example.com>' },
    });
    const jsonAnswer = await signedPost(app, json, 'application/json');
    expect(jsonAnswer.status).toBe(200);
    expect((await storedRaw(jsonAnswer.body.id)).toString()).toContain('Message-ID: <j1@example.com>');
    const text = mime();
    const textAnswer = await signedPost(app, text, 'text/plain; charset=utf-8');
    expect(Buffer.compare(await storedRaw(textAnswer.body.id), text)).toBe(0);
  });

  it('answers 413 on a declared oversize body before reading it, and on a chunked one while streaming', async () => {
    expect(await postLarge(`${app.url}/gateway/inbound/generic`, MAX_BODY + 1024, true)).toBe(413);
    expect(await postLarge(`${app.url}/gateway/inbound/generic`, 4 * MAX_BODY, false)).toBe(413);
    // The server is still healthy afterwards.
    expect((await signedPost(app, mime())).status).toBe(200);
  });

  it('answers 400 for malformed JSON, 400 for header injection, 404 for an unknown provider', async () => {
    expect((await signedPost(app, '{"from":', 'application/json')).status).toBe(400);
    const evil = JSON.stringify({ from: 'a@example.com', subject: 'x\r\nBcc: v@example.com', text: 'x' });
    expect(await signedPost(app, evil, 'application/json')).toMatchObject({
      status: 400,
      body: { code: 'EGW_HEADER_INJECTION' },
    });
    expect(await signedPost(app, mime(), 'message/rfc822', '/gateway/inbound/nope')).toMatchObject({
      status: 404,
      body: { code: 'EGW_WEBHOOK_UNKNOWN_PROVIDER' },
    });
  });
});

describe('POST /gateway/inbound under other host setups', () => {
  let bare: RunningWebhookApp;

  afterEach(() => bare?.stop());

  it('answers 503 with a code when the provider has no secret, and 429 past the per-IP rate', async () => {
    bare = await startWebhookApp({ rateLimitPerMinute: 3 });
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) {
      const answer = await post(`${bare.url}/gateway/inbound/generic`, mime(), { 'content-type': 'message/rfc822' });
      statuses.push(answer.status);
      if (i === 0) expect(answer.body).toMatchObject({ ok: false, code: 'EGW_WEBHOOK_NOT_CONFIGURED' });
      if (i === 3) expect(answer.body).toMatchObject({ ok: false, code: 'EGW_WEBHOOK_RATE_LIMITED' });
    }
    expect(statuses).toEqual([503, 503, 503, 429]);
  });

  it('reads JSON itself when the host disables body parsing', async () => {
    bare = await startWebhookApp({ secret: SECRET }, { bodyParser: false });
    const json = JSON.stringify({ from: 'a@example.com', text: 'hi' });
    expect((await signedPost(bare, json, 'application/json')).status).toBe(200);
  });

  it('tells the host to enable rawBody when its JSON parser consumed the body', async () => {
    bare = await startWebhookApp({ secret: SECRET }, {});
    const answer = await signedPost(bare, JSON.stringify({ from: 'a@example.com', text: 'hi' }), 'application/json');
    expect(answer.status).toBe(500);
    expect(answer.body).toMatchObject({
      ok: false,
      code: 'EGW_CONFIG',
      message: expect.stringContaining('rawBody: true'),
    });
    // Bodies Nest does not parse still work.
    expect((await signedPost(bare, mime(), 'message/rfc822')).status).toBe(200);
  });
});

describe('the reference app (rawBody: true, JSON limit raised to EMAIL_WEBHOOK_MAX_BYTES)', () => {
  let running: RunningReferenceApp;
  afterAll(() => running?.stop());

  it('accepts a Postmark JSON delivery far above Express’ default 100 kB limit', async () => {
    running = await startReferenceApp({
      EMAIL_WEBHOOK_BASIC_AUTH: 'postmark:reference-pass',
      EMAIL_OUTBOUND_ENABLED: 'false',
    });
    const attachment = randomBytes(600 * 1024);
    const payload = JSON.stringify({
      MessageID: randomUUID(),
      OriginalRecipient: 'in@test.example',
      FromFull: { Email: 'a@example.com', Name: 'Ann' },
      Subject: 'Big',
      TextBody: 'see attached',
      Headers: [{ Name: 'Message-ID', Value: `<${randomUUID()}@example.com>` }],
      Attachments: [
        { Name: 'big.bin', ContentType: 'application/octet-stream', Content: attachment.toString('base64') },
      ],
    });
    const response = await fetch(`${running.url}/gateway/inbound/postmark`, {
      method: 'POST',
      body: payload,
      headers: {
        'content-type': 'application/json',
        authorization: `Basic ${Buffer.from('postmark:reference-pass').toString('base64')}`,
      },
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ ok: true, duplicate: false });
  });
});
