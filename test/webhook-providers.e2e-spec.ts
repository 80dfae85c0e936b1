import { createHmac, generateKeyPairSync, randomBytes, randomUUID, sign } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { startWebhookApp, type RunningWebhookApp } from './helpers/start-webhook-app';
import {
  multipartBody,
  urlEncodedBody,
} from '../libs/messaging-gateway/src/ingress/webhook/webhook-request.test-support';
import {
  snsStringToSign,
  type SnsMessage,
} from '../libs/messaging-gateway/src/ingress/webhook/providers/sns-message.verifier';

const SNS_FIXTURES = join(__dirname, 'fixtures/webhooks/sns');
const TOPIC = 'arn:aws:sns:eu-west-1:111111111111:inbound-topic';
const MAILGUN_KEY = randomBytes(24).toString('hex');
const MANDRILL_KEY = randomBytes(16).toString('base64');
const MANDRILL_URL = 'https://gateway.test.example/gateway/inbound/mandrill';
const RESEND_SECRET = `whsec_${randomBytes(24).toString('base64')}`;
const RESEND_API_KEY = `re_${randomBytes(16).toString('hex')}`;
const BASIC = 'inbound:basic-pass-123';
const sendgridKeys = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });

const mime = (id = randomUUID(), extra = '') =>
  Buffer.from(
    `From: a@example.com\r\nTo: in@test.example\r\nSubject: Hi\r\nMessage-ID: <${id}@example.com>\r\n\r\nHello${extra}\r\n`,
  );

describe('provider webhooks end to end (real HTTP, PostgreSQL, Redis, local provider server)', () => {
  let app: RunningWebhookApp;
  let provider: Server;
  let origin: string;
  const providerHits: string[] = [];
  const resendEmails = new Map<string, Buffer>();

  beforeAll(async () => {
    provider = createServer((req, res) => {
      const url = req.url ?? '';
      providerHits.push(url);
      if (url === '/cert.pem') return void res.end(readFileSync(join(SNS_FIXTURES, 'test-signing-cert.pem')));
      if (url.startsWith('/confirm')) return void res.end('<ConfirmSubscriptionResponse/>');
      const api = /^\/emails\/receiving\/([\w-]+)$/.exec(url);
      if (api) {
        if (req.headers.authorization !== `Bearer ${RESEND_API_KEY}`) return void res.writeHead(401).end();
        return void res.end(JSON.stringify({ id: api[1], raw: { download_url: `${origin}/raw/${api[1]}` } }));
      }
      const raw = /^\/raw\/([\w-]+)$/.exec(url);
      if (raw && resendEmails.has(raw[1])) return void res.end(resendEmails.get(raw[1]));
      res.writeHead(404).end();
    });
    await new Promise<void>((resolve) => provider.listen(0, '127.0.0.1', resolve));
    origin = `http://127.0.0.1:${(provider.address() as AddressInfo).port}`;
    app = await startWebhookApp({
      basicAuth: BASIC,
      mailgunSigningKey: MAILGUN_KEY,
      sendgridPublicKey: sendgridKeys.publicKey.export({ format: 'der', type: 'spki' }).toString('base64'),
      resendWebhookSecret: RESEND_SECRET,
      resendApiKey: RESEND_API_KEY,
      resendApiBaseUrl: origin,
      mandrillWebhookKey: MANDRILL_KEY,
      mandrillWebhookUrl: MANDRILL_URL,
      sesTopicArns: [TOPIC],
      sesCertUrlPattern: new RegExp(`^${origin.replace(/\./g, '\\.')}/[^?#]+\\.pem$`),
    });
  });
  afterAll(async () => {
    await app.stop();
    await new Promise((resolve) => provider.close(resolve));
  });

  const post = async (path: string, body: Buffer | string, headers: Record<string, string>) => {
    const response = await fetch(app.url + path, { method: 'POST', body, headers });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };
  const row = async (id: unknown) =>
    (
      await app.dataSource.query(
        `SELECT raw_mime, envelope, provider, provider_event_id FROM messaging_gateway_inbound_emails WHERE id = $1`,
        [id],
      )
    )[0];

  describe('sendgrid', () => {
    const signed = (body: Buffer, contentType: string) => {
      const timestamp = String(Math.floor(Date.now() / 1000));
      return {
        'content-type': contentType,
        'x-twilio-email-event-webhook-timestamp': timestamp,
        'x-twilio-email-event-webhook-signature': sign(
          'sha256',
          Buffer.concat([Buffer.from(timestamp), body]),
          sendgridKeys.privateKey,
        ).toString('base64'),
      };
    };

    it('keeps a binary attachment of a raw-mode multipart delivery byte for byte in raw_mime', async () => {
      const binary = randomBytes(4096);
      const email = Buffer.concat([
        Buffer.from(
          `From: a@example.com\r\nTo: in@test.example\r\nMessage-ID: <${randomUUID()}@example.com>\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=zz\r\n\r\n--zz\r\nContent-Type: text/plain\r\n\r\nsee attached\r\n--zz\r\nContent-Type: application/octet-stream\r\nContent-Transfer-Encoding: binary\r\n\r\n`,
        ),
        binary,
        Buffer.from('\r\n--zz--\r\n'),
      ]);
      const { body, contentType } = multipartBody([
        ['email', email],
        ['envelope', JSON.stringify({ to: ['in@test.example'], from: 'a@example.com' })],
        ['SPF', 'pass'],
      ]);
      // No provider in the path: detected from the signature header.
      const answer = await post('/gateway/inbound', body, signed(body, contentType));
      expect(answer).toMatchObject({ status: 200, body: { ok: true, duplicate: false } });
      const stored = await row(answer.body.id);
      expect(Buffer.compare(stored.raw_mime, email)).toBe(0);
      expect(stored.envelope).toEqual({
        recipients: ['in@test.example'],
        mailFrom: 'a@example.com',
        authenticationResults: 'spf=pass',
        // What the sender check reads: SendGrid's own SPF verdict.
        verdicts: { spf: 'pass' },
      });
      expect(stored.provider).toBe('sendgrid');
      const tampered = Buffer.from(body);
      tampered[tampered.length - 40] ^= 1;
      expect((await post('/gateway/inbound/sendgrid', tampered, signed(body, contentType))).status).toBe(401);
    });
  });

  describe('mailgun', () => {
    const fields = (raw: Buffer, token = randomBytes(25).toString('hex')) => {
      const timestamp = String(Math.floor(Date.now() / 1000));
      const signature = createHmac('sha256', MAILGUN_KEY)
        .update(timestamp + token)
        .digest('hex');
      return urlEncodedBody([
        ['timestamp', timestamp],
        ['token', token],
        ['signature', signature],
        ['recipient', 'in@test.example'],
        ['body-mime', raw],
      ]);
    };
    const form = { 'content-type': 'application/x-www-form-urlencoded' };

    it('refuses a replayed token with 401, and answers a fresh-token redelivery 200 duplicate', async () => {
      const raw = mime(randomUUID(), ' caf\xe9');
      const request = fields(raw);
      const first = await post('/gateway/inbound/mailgun', request, form);
      expect(first).toMatchObject({ status: 200, body: { duplicate: false } });
      expect(await post('/gateway/inbound/mailgun', request, form)).toMatchObject({
        status: 401,
        body: { code: 'EGW_WEBHOOK_REPLAY' },
      });
      expect(await post('/gateway/inbound/mailgun/mime', fields(raw), form)).toMatchObject({
        status: 200,
        body: { id: first.body.id, duplicate: true },
      });
      expect(Buffer.compare((await row(first.body.id)).raw_mime, raw)).toBe(0);
    });

    it('gives the token back when storing fails, so the provider retry of that request is accepted', async () => {
      const request = fields(Buffer.alloc(0));
      expect((await post('/gateway/inbound/mailgun', request, form)).status).toBe(400);
      // Same token again: not a replay of an accepted request (it still fails for its empty body).
      expect(await post('/gateway/inbound/mailgun', request, form)).toMatchObject({ status: 400 });
    });
  });

  describe('postmark', () => {
    it('stores RawEmail with the Postmark MessageID as dedupe key behind Basic auth', async () => {
      const payload = JSON.stringify({
        MessageID: randomUUID(),
        OriginalRecipient: 'in@test.example',
        RawEmail: mime().toString(),
        FromFull: { Email: 'a@example.com' },
      });
      const auth = {
        'content-type': 'application/json',
        authorization: `Basic ${Buffer.from(BASIC).toString('base64')}`,
      };
      const first = await post('/gateway/inbound', payload, auth);
      expect(first).toMatchObject({ status: 200, body: { duplicate: false } });
      expect((await row(first.body.id)).provider).toBe('postmark');
      expect(await post('/gateway/inbound/postmark', payload, auth)).toMatchObject({
        status: 200,
        body: { duplicate: true },
      });
      expect((await post('/gateway/inbound/postmark', payload, { 'content-type': 'application/json' })).status).toBe(
        401,
      );
    });
  });

  describe('resend', () => {
    const svix = (body: string, id = `msg_${randomUUID()}`) => {
      const timestamp = String(Math.floor(Date.now() / 1000));
      const key = Buffer.from(RESEND_SECRET.slice('whsec_'.length), 'base64');
      const signature = createHmac('sha256', key).update(`${id}.${timestamp}.${body}`).digest('base64');
      return {
        'content-type': 'application/json',
        'svix-id': id,
        'svix-timestamp': timestamp,
        'svix-signature': `v1,${signature}`,
      };
    };

    it('fetches the raw email from the API, dedupes on svix-id, ignores other event types', async () => {
      const emailId = randomUUID();
      const raw = mime();
      resendEmails.set(emailId, raw);
      const event = JSON.stringify({ type: 'email.received', data: { email_id: emailId, to: ['in@test.example'] } });
      const headers = svix(event);
      const first = await post('/gateway/inbound', event, headers);
      expect(first).toMatchObject({ status: 200, body: { duplicate: false } });
      const stored = await row(first.body.id);
      expect(Buffer.compare(stored.raw_mime, raw)).toBe(0);
      expect(stored.provider_event_id).toBe(headers['svix-id']);
      expect(await post('/gateway/inbound/resend', event, svix(event, headers['svix-id']))).toMatchObject({
        body: { duplicate: true },
      });
      const other = JSON.stringify({ type: 'email.sent', data: {} });
      expect(await post('/gateway/inbound/resend', other, svix(other))).toEqual({
        status: 200,
        body: { ok: true, ignored: 'event type email.sent' },
      });
      const missing = JSON.stringify({ type: 'email.received', data: { email_id: 'not-there' } });
      expect((await post('/gateway/inbound/resend', missing, svix(missing))).status).toBe(502);
    });
  });

  describe('ses', () => {
    const signSns = (message: SnsMessage, version: '1' | '2'): SnsMessage => {
      const key = readFileSync(join(SNS_FIXTURES, 'test-signing-key.pem'));
      const signed = { ...message, SignatureVersion: version, SigningCertURL: `${origin}/cert.pem` };
      return {
        ...signed,
        Signature: sign(version === '1' ? 'sha1' : 'sha256', Buffer.from(snsStringToSign(signed)), key).toString(
          'base64',
        ),
      };
    };
    const sns = (type: string) => ({ 'content-type': 'text/plain; charset=UTF-8', 'x-amz-sns-message-type': type });

    it('confirms a SubscriptionConfirmation by GETting SubscribeURL', async () => {
      const token = randomBytes(16).toString('hex');
      const message = signSns(
        {
          Type: 'SubscriptionConfirmation',
          MessageId: randomUUID(),
          Token: token,
          TopicArn: TOPIC,
          Message: 'confirm',
          SubscribeURL: `${origin}/confirm?Token=${token}`,
          Timestamp: new Date().toISOString(),
        },
        '2',
      );
      const answer = await post('/gateway/inbound/ses', JSON.stringify(message), sns('SubscriptionConfirmation'));
      expect(answer).toEqual({ status: 200, body: { ok: true, ignored: 'SNS subscription confirmed' } });
      expect(providerHits).toContain(`/confirm?Token=${token}`);
      const offHost = signSns({ ...message, SubscribeURL: 'http://169.254.169.254/latest' }, '2');
      expect(
        (await post('/gateway/inbound/ses', JSON.stringify(offHost), sns('SubscriptionConfirmation'))).status,
      ).toBe(401);
    });

    it('stores BASE64 content of a signed notification byte for byte, MessageId as dedupe key', async () => {
      const raw = Buffer.concat([mime(), Buffer.from([0xe9, 0x00, 0xff])]);
      const ses = {
        notificationType: 'Received',
        mail: { source: 'a@example.com', destination: ['in@test.example'] },
        receipt: {
          recipients: ['in@test.example'],
          spfVerdict: { status: 'PASS' },
          action: { type: 'SNS', encoding: 'BASE64' },
        },
        content: raw.toString('base64'),
      };
      const message = signSns(
        {
          Type: 'Notification',
          MessageId: randomUUID(),
          TopicArn: TOPIC,
          Subject: 'Amazon SES Email Receipt Notification',
          Message: JSON.stringify(ses),
          Timestamp: new Date().toISOString(),
        },
        '1',
      );
      const answer = await post('/gateway/inbound', JSON.stringify(message), sns('Notification'));
      expect(answer).toMatchObject({ status: 200, body: { duplicate: false } });
      const stored = await row(answer.body.id);
      expect(Buffer.compare(stored.raw_mime, raw)).toBe(0);
      expect(stored.provider_event_id).toBe(message.MessageId);
      expect(stored.envelope).toMatchObject({
        recipients: ['in@test.example'],
        mailFrom: 'a@example.com',
        authenticationResults: 'spf=pass',
      });
      expect(
        (await post('/gateway/inbound/ses', JSON.stringify({ ...message, Message: '{}' }), sns('Notification'))).status,
      ).toBe(401);
    });
  });

  describe('mandrill', () => {
    it('answers the HEAD probe 200 and stores every inbound event of a batch', async () => {
      expect((await fetch(`${app.url}/gateway/inbound/mandrill`, { method: 'HEAD' })).status).toBe(200);
      const events = JSON.stringify([
        { event: 'inbound', ts: 1, msg: { raw_msg: mime().toString(), email: 'in@test.example' } },
        { event: 'inbound', ts: 2, msg: { raw_msg: mime().toString(), email: 'in@test.example' } },
      ]);
      const signature = createHmac('sha1', MANDRILL_KEY)
        .update(MANDRILL_URL + 'mandrill_events' + events)
        .digest('base64');
      const headers = { 'content-type': 'application/x-www-form-urlencoded', 'x-mandrill-signature': signature };
      const answer = await post('/gateway/inbound', urlEncodedBody([['mandrill_events', events]]), headers);
      expect(answer.status).toBe(200);
      const results = answer.body.results as Array<{ id: string; duplicate: boolean }>;
      expect(results).toHaveLength(2);
      expect(answer.body).toMatchObject({ ok: true, id: results[0].id, duplicate: false });
      expect(new Set(results.map((r) => r.id)).size).toBe(2);
      expect(
        (await post('/gateway/inbound/mandrill', urlEncodedBody([['mandrill_events', events + ' ']]), headers)).status,
      ).toBe(401);
    });
  });
});
