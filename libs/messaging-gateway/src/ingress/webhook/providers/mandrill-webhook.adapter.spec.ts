import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { hmac } from '../hmac';
import { urlEncodedBody, webhookRequest, webhookTestOptions } from '../webhook-request.test-support';
import { MandrillWebhookAdapter } from './mandrill-webhook.adapter';

// Rails actionmailbox mandrill ingress test (MIT): welcome.eml, key and expected signature.
const KEY = '1l9Qf7lutEf7h73VXfBwhw';
const RAILS_URL = 'http://www.example.com/rails/action_mailbox/mandrill/inbound_emails';
const WELCOME = readFileSync(join(__dirname, '../../../../../../test/fixtures/webhooks/mandrill-welcome.eml'), 'utf8');

const adapter = (url = RAILS_URL, key = KEY) =>
  new MandrillWebhookAdapter(webhookTestOptions({ mandrillWebhookKey: key, mandrillWebhookUrl: url }));
const request = (events: string, signature: string | undefined) =>
  webhookRequest(urlEncodedBody([['mandrill_events', events]]), {
    'content-type': 'application/x-www-form-urlencoded',
    ...(signature ? { 'x-mandrill-signature': signature } : {}),
  });

describe('MandrillWebhookAdapter', () => {
  it('verifies the Rails vector and stores raw_msg', async () => {
    const events = JSON.stringify([{ event: 'inbound', msg: { raw_msg: WELCOME } }]);
    const receipt = await adapter().receive(request(events, '1bNbyqkMFL4VYIT5+RQCrPs/mRY='));
    expect(receipt.deliveries).toHaveLength(1);
    expect(receipt.deliveries[0].raw.toString('utf8')).toBe(WELCOME);
  });

  it('verifies the illustrative vector from provider-webhooks.md', async () => {
    const events = '[{"event":"inbound","msg":{"raw_msg":"From: a@example.com\\r\\n\\r\\nhi"}}]';
    const receipt = await adapter('https://example.com/gateway/inbound').receive(
      request(events, '2QrTcRkRPrUDLwBrvMhvg6ZSFVo='),
    );
    expect(receipt.deliveries[0].raw.toString()).toBe('From: a@example.com\r\n\r\nhi');
  });

  it('takes every inbound event of a batch, with envelope and verdicts, and skips other events', async () => {
    const events = JSON.stringify([
      {
        event: 'inbound',
        msg: {
          raw_msg: 'From: a@x.example\r\n\r\none',
          email: 'in@test.example',
          spf: { result: 'pass' },
          dkim: { signed: true, valid: true },
        },
      },
      { event: 'send', msg: {} },
      { event: 'inbound', msg: { raw_msg: 'From: b@x.example\r\n\r\ntwo' } },
    ]);
    const url = 'https://example.com/gateway/inbound/mandrill';
    const signature = hmac('sha1', KEY, url, 'mandrill_events', events).toString('base64');
    const { deliveries } = await adapter(url).receive(request(events, signature));
    expect(deliveries.map((d) => d.raw.toString())).toEqual([
      'From: a@x.example\r\n\r\none',
      'From: b@x.example\r\n\r\ntwo',
    ]);
    expect(deliveries[0].envelope).toEqual({
      recipients: ['in@test.example'],
      authenticationResults: 'spf=pass; dkim=pass',
      verdicts: { spf: 'pass', dkim: 'pass' },
    });
  });

  it.each([
    ['a forged signature', 'forged'],
    ['a missing signature', undefined],
  ])('refuses %s', async (_, signature) => {
    const events = JSON.stringify([{ event: 'inbound', msg: { raw_msg: WELCOME } }]);
    await expect(adapter().receive(request(events, signature))).rejects.toMatchObject({
      code: 'EGW_WEBHOOK_SIGNATURE',
    });
  });

  it('refuses a tampered body, another registered URL and a wrong key', async () => {
    const events = JSON.stringify([{ event: 'inbound', msg: { raw_msg: WELCOME } }]);
    const sig = '1bNbyqkMFL4VYIT5+RQCrPs/mRY=';
    await expect(adapter().receive(request(events.replace('Subject: ', 'Subject: X'), sig))).rejects.toMatchObject({
      code: 'EGW_WEBHOOK_SIGNATURE',
    });
    await expect(adapter(RAILS_URL + '/').receive(request(events, sig))).rejects.toMatchObject({
      code: 'EGW_WEBHOOK_SIGNATURE',
    });
    await expect(adapter(RAILS_URL, 'another-key').receive(request(events, sig))).rejects.toMatchObject({
      code: 'EGW_WEBHOOK_SIGNATURE',
    });
  });
});
