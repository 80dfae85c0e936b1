import { simpleParser } from 'mailparser';
import { webhookRequest, webhookTestOptions } from '../webhook-request.test-support';
import { PostmarkWebhookAdapter } from './postmark-webhook.adapter';

// Postmark's documented inbound example (also Anymail's postmark-inbound-test-payload-with-raw.json).
const PAYLOAD = {
  FromName: 'Postmarkapp Support',
  MessageStream: 'inbound',
  From: 'support@postmarkapp.com',
  FromFull: { Email: 'support@postmarkapp.com', Name: 'Postmarkapp Support', MailboxHash: '' },
  To: '"Firstname Lastname" <mailbox+SampleHash@inbound.postmarkapp.com>',
  ToFull: [
    { Email: 'mailbox+SampleHash@inbound.postmarkapp.com', Name: 'Firstname Lastname', MailboxHash: 'SampleHash' },
  ],
  OriginalRecipient: 'mailbox+SampleHash@inbound.postmarkapp.com',
  Subject: 'Test subject',
  MessageID: '00000000-0000-0000-0000-000000000000',
  ReplyTo: 'replyto@example.com',
  MailboxHash: 'SampleHash',
  Date: 'Fri, 5 May 2023 17:41:16 -0400',
  TextBody: 'This is a test text body.',
  HtmlBody: '<html><body><p>This is a test html body.</p></body></html>',
  StrippedTextReply: 'This is the reply text',
  RawEmail:
    'From: Postmarkapp Support <support@postmarkapp.com>\r\nTo: Firstname Lastname <mailbox+SampleHash@inbound.postmarkapp.com>\r\nSubject: Test subject\r\n\r\nThis is a test text body.\r\n',
  Tag: 'TestTag',
  Headers: [
    { Name: 'X-Header-Test', Value: '' },
    { Name: 'Return-Path', Value: '<support@postmarkapp.com>' },
    { Name: 'Message-ID', Value: '<original-id@mail.example.com>' },
    { Name: 'X-Spam-Status', Value: 'No' },
  ],
  Attachments: [
    {
      Name: 'test.txt',
      ContentType: 'text/plain',
      Data: 'VGhpcyBpcyBhdHRhY2htZW50IGNvbnRlbnRzLCBiYXNlLTY0IGVuY29kZWQu',
      ContentLength: 45,
    },
  ],
};
const AUTH = `Basic ${Buffer.from('postmark:inbound-pass-123').toString('base64')}`;
const adapter = new PostmarkWebhookAdapter(webhookTestOptions({ basicAuth: 'postmark:inbound-pass-123' }));
const request = (payload: object, authorization = AUTH) =>
  webhookRequest(JSON.stringify(payload), { 'content-type': 'application/json', authorization });

describe('PostmarkWebhookAdapter', () => {
  it('stores RawEmail with OriginalRecipient and Postmark MessageID as the dedupe key', async () => {
    const [delivery] = (await adapter.receive(request(PAYLOAD))).deliveries;
    expect(delivery.raw.toString()).toBe(PAYLOAD.RawEmail);
    expect(delivery.providerEventId).toBe(PAYLOAD.MessageID);
    expect(delivery.envelope).toEqual({ recipients: ['mailbox+SampleHash@inbound.postmarkapp.com'] });
  });

  it('rebuilds the message faithfully without RawEmail (headers, bodies, Data or Content attachments)', async () => {
    const { RawEmail: _omitted, ...withoutRaw } = PAYLOAD;
    const [delivery] = (await adapter.receive(request(withoutRaw))).deliveries;
    const parsed = await simpleParser(delivery.raw);
    expect(parsed.from?.value[0]).toEqual({ address: 'support@postmarkapp.com', name: 'Postmarkapp Support' });
    expect(parsed.subject).toBe('Test subject');
    expect(parsed.messageId).toBe('<original-id@mail.example.com>');
    expect(parsed.text?.trim()).toBe('This is a test text body.');
    expect(parsed.html).toContain('This is a test html body.');
    expect(parsed.headers.get('x-spam-status')).toBe('No');
    expect(parsed.headers.has('return-path')).toBe(false);
    expect(parsed.attachments[0].content.toString()).toBe('This is attachment contents, base-64 encoded.');
    expect(delivery.providerEventId).toBe(PAYLOAD.MessageID);
  });

  it('refuses wrong or missing Basic credentials, and is unconfigured without them', async () => {
    const wrong = `Basic ${Buffer.from('postmark:inbound-pass-124').toString('base64')}`;
    await expect(adapter.receive(request(PAYLOAD, wrong))).rejects.toMatchObject({ code: 'EGW_WEBHOOK_SIGNATURE' });
    await expect(adapter.receive(request(PAYLOAD, ''))).rejects.toMatchObject({ code: 'EGW_WEBHOOK_SIGNATURE' });
    const none = new PostmarkWebhookAdapter(webhookTestOptions({}));
    await expect(none.receive(request(PAYLOAD))).rejects.toMatchObject({ code: 'EGW_WEBHOOK_NOT_CONFIGURED' });
  });

  it('refuses a body that is not a JSON object', async () => {
    const bad = webhookRequest('[]', { 'content-type': 'application/json', authorization: AUTH });
    await expect(adapter.receive(bad)).rejects.toMatchObject({ code: 'EGW_WEBHOOK_MALFORMED' });
  });
});
