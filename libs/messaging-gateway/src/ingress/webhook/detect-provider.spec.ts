import { detectProvider, providerFromPath } from './detect-provider';
import { multipartBody, urlEncodedBody, webhookRequest } from './webhook-request.test-support';

const json = (body: object, headers = {}) =>
  webhookRequest(JSON.stringify(body), { 'content-type': 'application/json', ...headers });

describe('detectProvider', () => {
  it.each([
    ['resend', webhookRequest('{}', { 'svix-id': 'msg_1' })],
    ['ses', webhookRequest('{}', { 'x-amz-sns-message-type': 'Notification' })],
    ['mandrill', webhookRequest('x', { 'x-mandrill-signature': 's' })],
    ['sendgrid', webhookRequest('x', { 'x-twilio-email-event-webhook-signature': 's' })],
    ['generic', webhookRequest('x', { 'x-webhook-signature': 's' })],
  ])('recognizes %s by its signature header', async (provider, request) => {
    expect(await detectProvider(request)).toBe(provider);
  });

  it('recognizes forms by their fields', async () => {
    const form = (fields: Array<[string, string]>) =>
      webhookRequest(urlEncodedBody(fields), { 'content-type': 'application/x-www-form-urlencoded' });
    expect(await detectProvider(form([['mandrill_events', '[]']]))).toBe('mandrill');
    expect(
      await detectProvider(
        form([
          ['token', 't'],
          ['signature', 's'],
          ['timestamp', '1'],
        ]),
      ),
    ).toBe('mailgun');
    const { body, contentType } = multipartBody([
      ['email', 'From: a@b.c\r\n\r\nx'],
      ['envelope', '{}'],
    ]);
    expect(await detectProvider(webhookRequest(body, { 'content-type': contentType }))).toBe('sendgrid');
    await expect(detectProvider(form([['x', 'y']]))).rejects.toMatchObject({ code: 'EGW_WEBHOOK_UNKNOWN_PROVIDER' });
  });

  it('recognizes JSON bodies by their shape, SNS even as text/plain, and falls back to generic', async () => {
    expect(
      await detectProvider(
        webhookRequest('{"Type":"Notification","TopicArn":"arn"}', { 'content-type': 'text/plain; charset=UTF-8' }),
      ),
    ).toBe('ses');
    expect(await detectProvider(json({ RawEmail: 'x', MessageID: '1' }))).toBe('postmark');
    expect(await detectProvider(json({ type: 'email.received', data: {} }))).toBe('resend');
    expect(await detectProvider(json({ from: 'a@b.c' }))).toBe('generic');
    expect(await detectProvider(webhookRequest('From: a@b.c\r\n\r\nx', { 'content-type': 'message/rfc822' }))).toBe(
      'generic',
    );
  });

  it('accepts known provider names in any case and refuses others', () => {
    expect(providerFromPath('SendGrid')).toBe('sendgrid');
    expect(() => providerFromPath('__proto__')).toThrow(
      expect.objectContaining({ code: 'EGW_WEBHOOK_UNKNOWN_PROVIDER' }),
    );
  });
});
