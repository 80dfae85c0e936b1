import { createPublicKey, generateKeyPairSync, sign } from 'node:crypto';
import { simpleParser } from 'mailparser';
import { multipartBody, webhookRequest, webhookTestOptions } from '../webhook-request.test-support';
import { SendgridWebhookAdapter, verifySendgridSignature } from './sendgrid-webhook.adapter';

// sendgrid-nodejs packages/eventwebhook/src/eventwebhook.spec.js (MIT): the same ECDSA scheme.
const VECTOR = {
  publicKey:
    'MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEEDr2LjtURuePQzplybdC+u4CwrqDqBaWjcMMsTbhdbcwHBcepxo7yAQGhHPTnlvFYPAZFceEu/1FwCM/QmGUhA==',
  signature: 'MEUCIQCtIHJeH93Y+qpYeWrySphQgpNGNr/U+UyUlBkU6n7RAwIgJTz2C+8a8xonZGi6BpSzoQsbVRamr2nlxFDWYNH2j/0=',
  timestamp: '1588788367',
  payload: '{"category":"example_payload","event":"test_event","message_id":"message_id"}',
  wrongKey:
    'MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEqTxd43gyp8IOEto2LdIfjRQrIbsd4SXZkLW6jDutdhXSJCWHw8REntlo7aNDthvj+y7GjUuFDb/R1NGe1OPzpA==',
};
const AT = 1588788367_000;
const spki = (base64: string) => createPublicKey({ key: Buffer.from(base64, 'base64'), format: 'der', type: 'spki' });
const vectorRequest = (body: string, headers: Record<string, string> = {}, at = AT) =>
  webhookRequest(
    body,
    {
      'x-twilio-email-event-webhook-signature': VECTOR.signature,
      'x-twilio-email-event-webhook-timestamp': VECTOR.timestamp,
      ...headers,
    },
    at,
  );

describe('SendGrid ECDSA verification', () => {
  it('verifies the published SDK vector over timestamp + raw body', () => {
    expect(() => verifySendgridSignature(vectorRequest(VECTOR.payload), spki(VECTOR.publicKey), 300_000)).not.toThrow();
  });

  it.each([
    ['a tampered body', () => vectorRequest(VECTOR.payload + '\r\n'), VECTOR.publicKey, 'EGW_WEBHOOK_SIGNATURE'],
    ['a wrong key', () => vectorRequest(VECTOR.payload), VECTOR.wrongKey, 'EGW_WEBHOOK_SIGNATURE'],
    [
      'a non-numeric timestamp',
      () => vectorRequest(VECTOR.payload, { 'x-twilio-email-event-webhook-timestamp': 'timestamp' }),
      VECTOR.publicKey,
      'EGW_WEBHOOK_SIGNATURE',
    ],
    [
      'a stale timestamp',
      () => vectorRequest(VECTOR.payload, {}, AT + 301_000),
      VECTOR.publicKey,
      'EGW_WEBHOOK_TIMESTAMP',
    ],
    [
      'a future timestamp',
      () => vectorRequest(VECTOR.payload, {}, AT - 301_000),
      VECTOR.publicKey,
      'EGW_WEBHOOK_TIMESTAMP',
    ],
    [
      'a garbage signature',
      () => vectorRequest(VECTOR.payload, { 'x-twilio-email-event-webhook-signature': 'AAAA' }),
      VECTOR.publicKey,
      'EGW_WEBHOOK_SIGNATURE',
    ],
  ])('refuses %s', (_, request, key, code) => {
    expect(() => verifySendgridSignature(request(), spki(key), 300_000)).toThrow(expect.objectContaining({ code }));
  });
});

describe('SendgridWebhookAdapter', () => {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  const publicKeyBase64 = publicKey.export({ format: 'der', type: 'spki' }).toString('base64');
  const binary = Buffer.from(Array.from({ length: 256 }, (_, i) => 255 - i));
  const rawMime = Buffer.concat([
    Buffer.from(
      'From: a@example.com\r\nTo: in@test.example\r\nSubject: bin\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\nContent-Type: text/plain; charset=iso-8859-1\r\n\r\nCaf\xe9\r\n--b\r\nContent-Type: application/octet-stream\r\nContent-Transfer-Encoding: binary\r\n\r\n',
      'latin1',
    ),
    binary,
    Buffer.from('\r\n--b--\r\n'),
  ]);

  const signedMultipart = (
    fields: Array<[string, string | Buffer]>,
    files = [] as Parameters<typeof multipartBody>[1],
  ) => {
    const { body, contentType } = multipartBody(fields, files);
    const timestamp = String(Math.floor(Date.now() / 1000));
    const signature = sign('sha256', Buffer.concat([Buffer.from(timestamp), body]), privateKey).toString('base64');
    return webhookRequest(body, {
      'content-type': contentType,
      'x-twilio-email-event-webhook-signature': signature,
      'x-twilio-email-event-webhook-timestamp': timestamp,
    });
  };

  it('takes the raw `email` field byte for byte, with envelope recipients and verdicts', async () => {
    const adapter = new SendgridWebhookAdapter(webhookTestOptions({ sendgridPublicKey: publicKeyBase64 }));
    const request = signedMultipart([
      ['email', rawMime],
      ['envelope', '{"to":["in@test.example"],"from":"bounce@example.com"}'],
      ['SPF', 'pass'],
      ['dkim', '{@example.com : pass}'],
    ]);
    const [delivery] = (await adapter.receive(request)).deliveries;
    expect(Buffer.compare(delivery.raw, rawMime)).toBe(0);
    expect(delivery.envelope).toEqual({
      recipients: ['in@test.example'],
      mailFrom: 'bounce@example.com',
      authenticationResults: 'spf=pass; dkim={@example.com : pass}',
      // The sender check reads the verdicts, with the domain SendGrid says signed.
      verdicts: { spf: 'pass', dkim: 'pass', dkimDomains: ['example.com'] },
    });
  });

  it('rebuilds parsed mode from headers, text, html and attachment files', async () => {
    const adapter = new SendgridWebhookAdapter(webhookTestOptions({ sendgridPublicKey: publicKeyBase64 }));
    const request = signedMultipart(
      [
        [
          'headers',
          'From: Ann <ann@example.com>\nTo: in@test.example\nSubject: Parsed\nMessage-ID: <p1@example.com>\nIn-Reply-To: <x@reply.test.example>\n',
        ],
        ['text', 'Hello'],
        ['html', '<b>Hello</b>'],
        ['attachments', '1'],
        ['attachment-info', '{"attachment1":{"filename":"b.bin","type":"application/octet-stream"}}'],
      ],
      [{ field: 'attachment1', filename: 'b.bin', contentType: 'application/octet-stream', content: binary }],
    );
    const [delivery] = (await adapter.receive(request)).deliveries;
    const parsed = await simpleParser(delivery.raw);
    expect(parsed.messageId).toBe('<p1@example.com>');
    expect(parsed.inReplyTo).toBe('<x@reply.test.example>');
    expect(parsed.text?.trim()).toBe('Hello');
    expect(Buffer.compare(parsed.attachments[0].content, binary)).toBe(0);
    expect(delivery.providerEventId).toMatch(/^parsed:/);
  });

  it('falls back to Basic auth without a public key, and is unconfigured without either', async () => {
    const { body, contentType } = multipartBody([['email', rawMime]]);
    const withAuth = new SendgridWebhookAdapter(webhookTestOptions({ basicAuth: 'sendgrid:s3cret-pass' }));
    const good = `Basic ${Buffer.from('sendgrid:s3cret-pass').toString('base64')}`;
    const bad = `Basic ${Buffer.from('sendgrid:wrong-pass!').toString('base64')}`;
    await expect(
      withAuth.receive(webhookRequest(body, { 'content-type': contentType, authorization: good })),
    ).resolves.toBeDefined();
    await expect(
      withAuth.receive(webhookRequest(body, { 'content-type': contentType, authorization: bad })),
    ).rejects.toMatchObject({ code: 'EGW_WEBHOOK_SIGNATURE' });
    await expect(withAuth.receive(webhookRequest(body, { 'content-type': contentType }))).rejects.toMatchObject({
      code: 'EGW_WEBHOOK_SIGNATURE',
    });
    const none = new SendgridWebhookAdapter(webhookTestOptions({}));
    await expect(none.receive(webhookRequest(body, { 'content-type': contentType }))).rejects.toMatchObject({
      code: 'EGW_WEBHOOK_NOT_CONFIGURED',
    });
  });

  it('refuses a malformed envelope', async () => {
    const adapter = new SendgridWebhookAdapter(webhookTestOptions({ sendgridPublicKey: publicKeyBase64 }));
    await expect(
      adapter.receive(
        signedMultipart([
          ['email', rawMime],
          ['envelope', '{"to":"x"}'],
        ]),
      ),
    ).rejects.toMatchObject({ code: 'EGW_WEBHOOK_MALFORMED' });
  });
});
