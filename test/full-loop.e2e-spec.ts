import { DevMailbox } from '../apps/reference-app/src/dev-mail/dev-mailbox';
import { composeCustomerEmail, composeCustomerReply } from '../apps/reference-app/src/dev-mail/customer-mail.composer';
import { signGenericWebhook } from '../apps/reference-app/src/dev-mail/inbound-webhook.client';
import { startReferenceApp, type RunningReferenceApp } from './helpers/start-reference-app';
import { waitFor } from './helpers/wait-for';

/**
 * The whole loop on one machine, no mocks: a signed webhook → the gateway → the app's Messages API
 * over HTTP → an agent's answer → outbound queue → SMTP (the dev capture) → the customer's reply
 * MIME back into the webhook → the same thread, trimmed.
 */
describe('full loop: webhook → thread → answer → SMTP → reply → same thread (real app)', () => {
  let running: RunningReferenceApp;

  const api = async (method: string, path: string, body?: unknown) => {
    const response = await fetch(`${running.url}/api/v1/messages${path}`, {
      method,
      headers: { authorization: `Bearer ${running.env.MESSAGES_API_KEY}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    expect(response.status).toBeLessThan(300);
    return (await response.json()).data;
  };
  const postWebhook = async (raw: Buffer) => {
    const timestamp = String(Date.now());
    const response = await fetch(`${running.url}/gateway/inbound`, {
      method: 'POST',
      headers: {
        'content-type': 'message/rfc822',
        'x-webhook-timestamp': timestamp,
        'x-webhook-signature': signGenericWebhook(running.env.EMAIL_WEBHOOK_SECRET!, timestamp, raw),
      },
      body: raw,
    });
    return { status: response.status, body: await response.json() };
  };

  beforeAll(async () => {
    running = await startReferenceApp();
  });

  afterAll(async () => {
    await running?.stop();
  });

  it('keeps a conversation in one thread across both directions', async () => {
    const first = await composeCustomerEmail({
      from: 'Grace Customer <grace@customer.example>',
      to: 'support@test.example',
      subject: 'My parcel is late',
      text: 'Hello, parcel 7 has not arrived. Can you check?',
    });
    const accepted = await postWebhook(first);
    expect(accepted).toMatchObject({ status: 200, body: { ok: true, duplicate: false } });

    const thread = await waitFor(
      async () =>
        (await api('GET', '/threads')).find(
          (t: { subject: string; messageCount: number }) => t.subject === 'My parcel is late' && t.messageCount === 1,
        ),
      15_000,
      'thread',
    );
    expect(thread).toMatchObject({ sourceType: 'email', identityEmail: 'grace@customer.example' });
    const [question] = await api('GET', `/threads/${thread.id}/messages`);
    expect(question).toMatchObject({ direction: 'inbound', metadata: { matchStrategy: 'new_thread' } });
    expect(question.text).toContain('parcel 7 has not arrived');

    const answer = await api('POST', `/threads/${thread.id}/messages`, {
      direction: 'outbound',
      text: 'It left our warehouse today; you will have it tomorrow.',
      senderProfile: { displayName: 'Ada from Support' },
    });

    const mailbox = running.app.get(DevMailbox);
    const sent = await waitFor(
      () => mailbox.list().find((m) => m.envelope.to.includes('grace@customer.example')),
      15_000,
      'captured answer',
    );
    expect(sent.text).toContain('It left our warehouse today');
    expect(sent.replyTo).toMatch(/^reply\+[a-z0-9.]+@reply\.test\.example$/i);
    expect(sent.subject).toBe('Re: My parcel is late');

    const outbox = await waitFor(
      async () => {
        const rows = await running.app
          .get((await import('typeorm')).DataSource)
          .query(`SELECT status FROM messaging_gateway_outbound_emails WHERE host_message_id = $1`, [answer.id]);
        return rows[0]?.status === 'sent' ? rows : undefined;
      },
      15_000,
      'outbox sent',
    );
    expect(outbox).toHaveLength(1);

    const reply = await composeCustomerReply(sent, 'Great, thank you!');
    expect((await postWebhook(reply)).status).toBe(200);

    const messages = await waitFor(
      async () => {
        const list = await api('GET', `/threads/${thread.id}/messages`);
        return list.length === 3 ? list : undefined;
      },
      15_000,
      'reply in thread',
    );
    expect(messages.map((m: { direction: string }) => m.direction)).toEqual(['inbound', 'outbound', 'inbound']);
    expect(messages[2].text.trim()).toBe('Great, thank you!');
    expect(messages[2].metadata.elidedText).toContain('It left our warehouse today');
    expect(['token', 'gateway_message_id']).toContain(messages[2].metadata.matchStrategy);
    expect(
      (await api('GET', '/threads')).filter((t: { subject: string }) => /parcel is late/.test(t.subject)),
    ).toHaveLength(1);
  });
});
