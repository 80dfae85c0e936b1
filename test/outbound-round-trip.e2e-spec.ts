import { randomUUID } from 'node:crypto';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { simpleParser } from 'mailparser';
import { HostEvents } from 'nestjs-messaging-gateway';
import { gmailReply, newMessageId, plainEmail } from './helpers/inbound-email-samples';
import { startSmtpPeer, type SmtpPeer } from './helpers/smtp-peer';
import { type RunningGateway, startGateway } from './helpers/start-gateway';

/*
 * The whole loop on real components: a customer's email becomes a thread (Messages API over HTTP),
 * the agent's answer leaves by SMTP, and the customer's reply, from a client that keeps Reply-To
 * and from one that drops it, lands in the same thread.
 */
describe('outbound → reply → same thread (real PostgreSQL, Redis, smtp-server, HTTP Messages API)', () => {
  let peer: SmtpPeer;
  let gw: RunningGateway;

  beforeAll(async () => {
    peer = await startSmtpPeer();
    gw = await startGateway({
      env: {
        EMAIL_OUTBOUND_ENABLED: 'true',
        SMTP_HOST: peer.host,
        SMTP_PORT: String(peer.port),
        SMTP_SECURITY: 'plain',
      },
    });
  });
  afterAll(async () => {
    await gw?.stop();
    await peer?.close();
  });

  const processed = (id: string) =>
    gw.waitFor(async () => {
      const row = await gw.statusOf(id);
      return ['delivered', 'ignored', 'rejected', 'failed'].includes(row.status) ? row : undefined;
    });

  it.each([
    ['keeps Reply-To', true],
    ['drops Reply-To but keeps In-Reply-To', false],
  ])('threads the reply of a client that %s', async (_label, keepsReplyTo) => {
    const customer = `ann.${randomUUID().slice(0, 8)}@example.org`;
    const first = await gw.store.accept({
      raw: plainEmail({ from: `Ann <${customer}>`, subject: 'Where is my parcel?', messageId: newMessageId() }),
      source: 'webhook',
      provider: 'generic',
    });
    const inbound = await processed(first.id);
    expect(inbound.status).toBe('delivered');
    const thread = gw.api.threads.get(inbound.thread_id)!;

    // What a host does when an agent answers in the app.
    await gw.app.get(EventEmitter2).emitAsync(HostEvents.MESSAGE_CREATED, {
      threadId: thread.id,
      messageId: randomUUID(),
      messageText: 'It left our warehouse today.',
      direction: 'outbound',
      threadMetadata: { sourceType: 'email', ...(thread.metadata as Record<string, string>) },
      senderProfile: { displayName: 'Agent Smith' },
    });
    const sent = await gw.waitFor(() => peer.messages.find((m) => m.rcptTo.includes(customer)));
    const answer = await simpleParser(sent.raw);
    expect(answer.subject).toBe('Re: Where is my parcel?');

    const reply = await gw.store.accept({
      raw: gmailReply({
        from: `Ann <${customer}>`,
        to: keepsReplyTo ? answer.replyTo!.value[0].address! : 'support@test.example',
        subject: `Re: ${answer.subject}`,
        inReplyTo: answer.messageId!.slice(1, -1),
        references: `${answer.references ? [answer.references].flat().join(' ') : ''} ${answer.messageId}`,
        reply: 'Great, thank you!',
        quoted: 'It left our warehouse today.',
      }),
      source: 'webhook',
      provider: 'generic',
    });
    const replied = await processed(reply.id);
    expect(replied).toMatchObject({ status: 'delivered', thread_id: thread.id });
    const messages = gw.api.messagesOf(thread.id);
    expect(messages[messages.length - 1].text).toContain('Great, thank you!');
    expect(messages[messages.length - 1].text).not.toContain('warehouse');
    // The customer's reply never comes back out as an email.
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(peer.messages.filter((m) => m.rcptTo.includes(customer))).toHaveLength(1);
  });
});
