import { simpleParser } from 'mailparser';
import { webhookRequest, webhookTestOptions } from '../webhook-request.test-support';
import { GenericWebhookAdapter } from './generic-webhook.adapter';
import { signGenericWebhook } from './sign-generic-webhook';

const SECRET = 'generic-webhook-secret-0123456789abcdef';
const MIME =
  'From: Ann <ann@example.com>\r\nTo: support@test.example\r\nSubject: Hi\r\nMessage-ID: <m1@example.com>\r\n\r\nHello\r\n';
const NOW = 1_763_800_000_000;

const adapter = (webhook = {}) => new GenericWebhookAdapter(webhookTestOptions({ secret: SECRET, ...webhook }));
const signed = (body: string, headers: Record<string, string> = {}, at = NOW) =>
  webhookRequest(body, { 'content-type': 'message/rfc822', ...signGenericWebhook(SECRET, body, at), ...headers }, NOW);

describe('GenericWebhookAdapter', () => {
  it('accepts a signed raw MIME body and hands over the exact bytes', async () => {
    const receipt = await adapter().receive(signed(MIME));
    expect(receipt.deliveries[0].raw.toString()).toBe(MIME);
  });

  it('accepts the hex signature with or without the sha256= prefix, in any case', async () => {
    const headers = signGenericWebhook(SECRET, MIME, NOW);
    const bare = headers['x-webhook-signature'].replace('sha256=', '').toUpperCase();
    await expect(adapter().receive(signed(MIME, { 'x-webhook-signature': bare }))).resolves.toBeDefined();
  });

  it.each([
    [
      'a tampered body',
      () => webhookRequest(MIME + 'x', { ...signGenericWebhook(SECRET, MIME, NOW) }, NOW),
      'EGW_WEBHOOK_SIGNATURE',
    ],
    [
      'a wrong key',
      () => webhookRequest(MIME, signGenericWebhook('another-secret-0123456789abcdefghij', MIME, NOW), NOW),
      'EGW_WEBHOOK_SIGNATURE',
    ],
    ['a stale timestamp', () => signed(MIME, {}, NOW - 300_001), 'EGW_WEBHOOK_TIMESTAMP'],
    ['a future timestamp', () => signed(MIME, {}, NOW + 300_001), 'EGW_WEBHOOK_TIMESTAMP'],
    [
      'a missing signature',
      () => webhookRequest(MIME, { 'x-webhook-timestamp': String(NOW) }, NOW),
      'EGW_WEBHOOK_SIGNATURE',
    ],
    ['a timestamp in seconds', () => signed(MIME, {}, Math.floor(NOW / 1000)), 'EGW_WEBHOOK_TIMESTAMP'],
  ])('refuses %s', async (_, request, code) => {
    await expect(adapter().receive(request())).rejects.toMatchObject({ code });
  });

  it('accepts timestamps just inside the window on both sides', async () => {
    await expect(adapter().receive(signed(MIME, {}, NOW - 299_000))).resolves.toBeDefined();
    await expect(adapter().receive(signed(MIME, {}, NOW + 299_000))).resolves.toBeDefined();
  });

  it('refuses with 503 semantics when no secret is configured, unless unsigned is allowed', async () => {
    const unconfigured = new GenericWebhookAdapter(webhookTestOptions({}));
    await expect(unconfigured.receive(webhookRequest(MIME, {}))).rejects.toMatchObject({
      code: 'EGW_WEBHOOK_NOT_CONFIGURED',
    });
    const open = new GenericWebhookAdapter(webhookTestOptions({ allowUnsigned: true }));
    await expect(open.receive(webhookRequest(MIME, {}))).resolves.toMatchObject({
      deliveries: [{ raw: Buffer.from(MIME) }],
    });
  });

  it('converts the generic JSON to MIME keeping threading headers exactly, with attachments byte for byte', async () => {
    const bytes = Buffer.from(Array.from({ length: 256 }, (_, i) => i));
    const body = JSON.stringify({
      from: 'Ann <ann@example.com>',
      to: 'support@test.example',
      subject: 'Re: Größe',
      text: 'Thanks!',
      html: '<p>Thanks!</p>',
      headers: {
        'Message-ID': '<abc.123@mail.example.com>',
        'In-Reply-To': '<mgw.token.1@reply.test.example>',
        References: '<root@x.example> <mgw.token.1@reply.test.example>',
        'X-Custom': 'kept',
      },
      attachments: [
        { filename: 'bin.dat', contentType: 'application/octet-stream', content: bytes.toString('base64') },
      ],
    });
    const request = webhookRequest(
      body,
      { 'content-type': 'application/json', ...signGenericWebhook(SECRET, body, NOW) },
      NOW,
    );
    const [delivery] = (await adapter().receive(request)).deliveries;
    const text = delivery.raw.toString();
    expect(text).toContain('Message-ID: <abc.123@mail.example.com>\r\n');
    expect(text).toContain('In-Reply-To: <mgw.token.1@reply.test.example>\r\n');
    expect(text).toContain('References: <root@x.example> <mgw.token.1@reply.test.example>\r\n');
    const parsed = await simpleParser(delivery.raw);
    expect(parsed.subject).toBe('Re: Größe');
    expect(parsed.text?.trim()).toBe('Thanks!');
    expect(parsed.html).toContain('<p>Thanks!</p>');
    expect(parsed.headers.get('x-custom')).toBe('kept');
    expect(Buffer.compare(parsed.attachments[0].content, bytes)).toBe(0);
    expect(delivery.envelope).toEqual({ recipients: ['support@test.example'] });
    expect(delivery.providerEventId).toMatch(/^json:[0-9a-f]{64}$/);
  });

  it('gives the same JSON the same dedupe key and the same bytes', async () => {
    const body = JSON.stringify({
      from: 'a@example.com',
      to: 'b@example.com',
      text: 'x',
      headers: { Date: 'Sat, 1 Nov 2025 10:00:00 +0000' },
    });
    const receive = () =>
      adapter().receive(
        webhookRequest(body, { 'content-type': 'application/json', ...signGenericWebhook(SECRET, body, NOW) }, NOW),
      );
    const [a, b] = [(await receive()).deliveries[0], (await receive()).deliveries[0]];
    expect(a.providerEventId).toBe(b.providerEventId);
  });

  it('uses the raw field as is and refuses CR/LF in header values', async () => {
    const raw = JSON.stringify({ raw: MIME });
    const rawReq = webhookRequest(
      raw,
      { 'content-type': 'application/json', ...signGenericWebhook(SECRET, raw, NOW) },
      NOW,
    );
    expect((await adapter().receive(rawReq)).deliveries[0].raw.toString()).toBe(MIME);

    const evil = JSON.stringify({ from: 'a@example.com', subject: 'hi\r\nBcc: victim@example.com', text: 'x' });
    const evilReq = webhookRequest(
      evil,
      { 'content-type': 'application/json', ...signGenericWebhook(SECRET, evil, NOW) },
      NOW,
    );
    await expect(adapter().receive(evilReq)).rejects.toMatchObject({ code: 'EGW_HEADER_INJECTION' });
  });

  it('refuses JSON of the wrong shape as malformed', async () => {
    for (const body of [
      '[1]',
      '{"to":"b@example.com"}',
      '{"from":1}',
      '{"from":"a@b.c","attachments":[{"content":"%%%"}]}',
      '{',
    ]) {
      const request = webhookRequest(
        body,
        { 'content-type': 'application/json', ...signGenericWebhook(SECRET, body, NOW) },
        NOW,
      );
      await expect(adapter().receive(request)).rejects.toMatchObject({ code: 'EGW_WEBHOOK_MALFORMED' });
    }
  });

  it('carries the SMTP session the sender names (headers beside raw MIME, fields in JSON) for the SPF check', async () => {
    const raw = await adapter().receive(
      signed(MIME, {
        'x-envelope-client-ip': '[203.0.113.5]',
        'x-envelope-helo': 'mail.example.com',
        'x-envelope-mail-from': '<bounce@example.com>',
      }),
    );
    expect(raw.deliveries[0].envelope).toEqual({
      clientIp: '203.0.113.5',
      helo: 'mail.example.com',
      mailFrom: 'bounce@example.com',
    });
    const body = JSON.stringify({
      raw: MIME,
      to: ['support@test.example'],
      clientIp: '2001:db8::1',
      mailFrom: 'b@example.com',
    });
    const json = await adapter().receive(signed(body, { 'content-type': 'application/json' }));
    expect(json.deliveries[0].envelope).toEqual({
      recipients: ['support@test.example'],
      clientIp: '2001:db8::1',
      mailFrom: 'b@example.com',
    });
    expect((await adapter().receive(signed(MIME))).deliveries[0].envelope).toBeUndefined();
  });

  it('refuses a malformed client IP or HELO rather than store an email that cannot be checked', async () => {
    await expect(adapter().receive(signed(MIME, { 'x-envelope-client-ip': 'mail.example.com' }))).rejects.toMatchObject(
      {
        code: 'EGW_WEBHOOK_MALFORMED',
      },
    );
    const body = JSON.stringify({ raw: MIME, helo: 'two words' });
    await expect(adapter().receive(signed(body, { 'content-type': 'application/json' }))).rejects.toMatchObject({
      code: 'EGW_WEBHOOK_MALFORMED',
    });
  });
});
