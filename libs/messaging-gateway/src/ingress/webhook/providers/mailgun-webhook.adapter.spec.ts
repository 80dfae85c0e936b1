import { urlEncodedBody, multipartBody, webhookRequest, webhookTestOptions } from '../webhook-request.test-support';
import { MailgunWebhookAdapter } from './mailgun-webhook.adapter';

// Rails actionmailbox mailgun ingress test (MIT).
const KEY = 'tbsy84uSV1Kt3ZJZELY2TmShPRs91E3yL4tzf96297vBCkDWgL';
const TIMESTAMP = '1539112500';
const TOKEN = '7VwW7k6Ak7zcTwoSoNm7aTtbk1g67MKAnsYLfUB7PdszbgR5Xi';
const SIGNATURE = 'ef24c5225322217bb065b80bb54eb4f9206d764e3e16abab07f0a64d1cf477cc';
const AT = Number(TIMESTAMP) * 1000 + 10_000;
const MIME = Buffer.from(
  'From: a@example.com\r\nTo: in@test.example\r\nSubject: Caf\xe9\r\n\r\n8-bit \xe9\r\n',
  'latin1',
);

const adapter = new MailgunWebhookAdapter(webhookTestOptions({ mailgunSigningKey: KEY }));
const form = (fields: Record<string, string | Buffer>, at = AT) =>
  webhookRequest(urlEncodedBody(Object.entries(fields)), { 'content-type': 'application/x-www-form-urlencoded' }, at);
const vector = { timestamp: TIMESTAMP, token: TOKEN, signature: SIGNATURE };

describe('MailgunWebhookAdapter', () => {
  it('verifies the published vector and takes body-mime byte for byte (urlencoded)', async () => {
    const receipt = await adapter.receive(
      form({ ...vector, 'body-mime': MIME, recipient: 'in@test.example', sender: 'a@example.com' }),
    );
    expect(Buffer.compare(receipt.deliveries[0].raw, MIME)).toBe(0);
    expect(receipt.deliveries[0].envelope).toEqual({ recipients: ['in@test.example'], mailFrom: 'a@example.com' });
    expect(receipt.replayKey).toBe(TOKEN);
  });

  it('reads the same from a multipart post', async () => {
    const { body, contentType } = multipartBody([...Object.entries(vector), ['body-mime', MIME]]);
    const receipt = await adapter.receive(webhookRequest(body, { 'content-type': contentType }, AT));
    expect(Buffer.compare(receipt.deliveries[0].raw, MIME)).toBe(0);
  });

  it.each([
    [
      'another token',
      { ...vector, token: 'Zx8mJBiGmiiyyfWnho3zKyjCg2pxLARoCuBM7X9AKCioShGiMX' },
      AT,
      'EGW_WEBHOOK_SIGNATURE',
    ],
    ['a malformed timestamp', { ...vector, timestamp: 'not-a-number' }, AT, 'EGW_WEBHOOK_SIGNATURE'],
    ['a stale timestamp', vector, AT + 300_000, 'EGW_WEBHOOK_TIMESTAMP'],
    ['a future timestamp', vector, AT - 320_000, 'EGW_WEBHOOK_TIMESTAMP'],
    ['no signature', { timestamp: TIMESTAMP, token: TOKEN }, AT, 'EGW_WEBHOOK_SIGNATURE'],
  ])('refuses %s', async (_, fields, at, code) => {
    await expect(adapter.receive(form({ ...fields, 'body-mime': MIME }, at))).rejects.toMatchObject({ code });
  });

  it('refuses an array-valued signature and a wrong key', async () => {
    const body = Buffer.concat([
      urlEncodedBody([...Object.entries(vector), ['body-mime', MIME]]),
      Buffer.from(`&signature=${SIGNATURE}`),
    ]);
    await expect(
      adapter.receive(webhookRequest(body, { 'content-type': 'application/x-www-form-urlencoded' }, AT)),
    ).rejects.toMatchObject({ code: 'EGW_WEBHOOK_MALFORMED' });
    const wrongKey = new MailgunWebhookAdapter(webhookTestOptions({ mailgunSigningKey: 'another-key-0123456789' }));
    await expect(wrongKey.receive(form({ ...vector, 'body-mime': MIME }))).rejects.toMatchObject({
      code: 'EGW_WEBHOOK_SIGNATURE',
    });
  });

  it('rebuilds the parsed (non-mime) route from message-headers', async () => {
    const receipt = await adapter.receive(
      form({
        ...vector,
        'message-headers': JSON.stringify([
          ['From', 'a@example.com'],
          ['Subject', 'Parsed'],
          ['Message-Id', '<mg1@example.com>'],
        ]),
        'body-plain': 'Hello',
      }),
    );
    expect(receipt.deliveries[0].raw.toString()).toContain('Message-ID: <mg1@example.com>');
  });
});
