import { randomUUID } from 'node:crypto';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { Queue } from 'bullmq';
import { simpleParser, type ParsedMail } from 'mailparser';
import {
  GatewayEvents,
  HostEvents,
  OUTBOUND_QUEUE,
  OutboundEmailService,
  ReplyTokenService,
  type MessageCreatedEvent,
  type OutboundSendResult,
} from 'nestjs-messaging-gateway';
import { parseGatewayMessageId } from 'nestjs-messaging-gateway/threading/message-id/gateway-message-id';
import { type OutboundFailedEvent } from 'nestjs-messaging-gateway/outbound/outbound.events';
import { OutboundDeliveryService } from 'nestjs-messaging-gateway/outbound/outbound-delivery.service';
import { eventually, startGatewayApp, type GatewayTestApp } from './helpers/outbound-app';
import { startSmtpPeer, type ReceivedMessage, type SmtpPeer } from './helpers/smtp-peer';
import { createTestDatabase, type TestDatabase } from './helpers/test-database';

const REPLY_DOMAIN = 'reply.test.example';

describe('outbound: message.created → outbox → BullMQ → SMTP (real PostgreSQL, Redis, smtp-server)', () => {
  let database: TestDatabase;
  let peer: SmtpPeer;
  let gateway: GatewayTestApp;
  let events: EventEmitter2;
  const failed: OutboundFailedEvent[] = [];

  beforeAll(async () => {
    database = await createTestDatabase();
    peer = await startSmtpPeer();
    gateway = await startGatewayApp(
      database.url,
      { SMTP_HOST: peer.host, SMTP_PORT: String(peer.port), SMTP_SECURITY: 'plain' },
      {
        outbound: {
          maxPerRecipientPerHour: 5,
          listUnsubscribe: 'https://test.example/unsubscribe',
          // The sweeper's round, short so that a lost job is rebuilt within the test.
          sweepIntervalMs: 1000,
        },
      },
    );
    events = gateway.app.get(EventEmitter2);
    events.on(GatewayEvents.EMAIL_OUTBOUND_FAILED, (event: OutboundFailedEvent) => failed.push(event));
  });

  afterAll(async () => {
    await gateway?.close();
    await peer?.close();
    await database?.drop();
  });

  const answer = (
    overrides: Omit<Partial<MessageCreatedEvent>, 'threadMetadata'> = {},
    metadata: Record<string, string> = {},
  ) => ({
    threadId: randomUUID(),
    messageId: randomUUID(),
    messageText: 'Thanks for writing.\n\nWe have refunded the order & sent a label.',
    threadMetadata: {
      sourceType: 'email',
      emailFrom: `ann.${randomUUID().slice(0, 8)}@Customer.Example`,
      emailSubject: 'Re: [Support] Broken order #42',
      lastEmailMessageId: '<orig-2@customer.example>',
      ...metadata,
    },
    senderProfile: { displayName: 'Agent Smith' },
    ...overrides,
  });
  const emit = (event: unknown) => events.emitAsync(HostEvents.MESSAGE_CREATED, event);
  const to = (address: string) => (m: ReceivedMessage) =>
    m.rcptTo.includes(address.replace(/@.*/, (d) => d.toLowerCase()));
  const received = async (address: string): Promise<{ message: ReceivedMessage; mail: ParsedMail }> => {
    const message = await eventually(async () => peer.messages.find(to(address)));
    return { message, mail: await simpleParser(message.raw) };
  };
  const row = async (where: string, params: unknown[]) =>
    (await gateway.dataSource.query(`SELECT * FROM messaging_gateway_outbound_emails WHERE ${where}`, params))[0];
  const rowFor = (messageId: string) => row('host_message_id = $1', [messageId]);
  const settled = (messageId: string, status: string) =>
    eventually(async () => {
      const found = await rowFor(messageId);
      return found?.status === status ? found : undefined;
    });

  it('sends one threaded email whose headers bring the reply back to the thread', async () => {
    const event = answer();
    await gateway.dataSource.query(
      `INSERT INTO email_thread_mappings (thread_id, email_message_id, sender_email, subject_normalized, created_at) VALUES ($1, 'orig-1@customer.example', 'ann@customer.example', '', now() - interval '1 hour')`,
      [event.threadId],
    );
    await emit(event);
    const recipient = event.threadMetadata.emailFrom;
    const { message, mail } = await received(recipient);

    expect(message.rcptTo).toEqual([recipient.replace('Customer.Example', 'customer.example')]);
    expect(message.mailFrom).toBe('support@test.example');
    expect(mail.from?.value).toEqual([{ name: 'Agent Smith via Support', address: 'support@test.example' }]);
    expect(mail.subject).toBe('Re: Broken order #42');
    expect(mail.inReplyTo).toBe('<orig-2@customer.example>');
    expect(mail.references).toEqual(['<orig-1@customer.example>', '<orig-2@customer.example>']);
    expect(mail.headers.has('auto-submitted')).toBe(false);
    expect(mail.text).toContain('We have refunded the order & sent a label.');
    expect(mail.html).toContain('We have refunded the order &amp; sent a label.');

    const replyTo = mail.replyTo!.value[0].address!;
    const token = /^reply\+(.+)@reply\.test\.example$/.exec(replyTo)![1];
    const tokens = gateway.app.get(ReplyTokenService);
    expect(tokens.verify(token, { threadId: event.threadId, recipient })).toMatchObject({ ok: true });
    expect(tokens.verify(token, { threadId: randomUUID(), recipient })).toMatchObject({ ok: false });
    const embedded = parseGatewayMessageId(mail.messageId!, REPLY_DOMAIN);
    expect(tokens.normalize(embedded!.token)).toBe(tokens.normalize(token));

    const stored = await settled(event.messageId, 'sent');
    expect(stored.email_message_id).toBe(mail.messageId!.slice(1, -1));
    expect(stored.smtp_response).toMatch(/^250/);
    const [mapping] = await gateway.dataSource.query(
      `SELECT * FROM email_thread_mappings WHERE thread_id = $1 AND email_message_id = $2`,
      [event.threadId, stored.email_message_id],
    );
    expect(mapping).toMatchObject({
      sender_email: recipient.toLowerCase(),
      subject_normalized: 'broken order #42',
      reply_to_token: tokens.normalize(token),
    });
  });

  it('sends one email for the same event emitted five times', async () => {
    const event = answer();
    await Promise.all(Array.from({ length: 5 }, () => emit(event)));
    await emit(event);
    await received(event.threadMetadata.emailFrom);
    await settled(event.messageId, 'sent');
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(peer.messages.filter(to(event.threadMetadata.emailFrom))).toHaveLength(1);
    const [{ n }] = await gateway.dataSource.query(
      `SELECT count(*)::int AS n FROM messaging_gateway_outbound_emails WHERE host_message_id = $1`,
      [event.messageId],
    );
    expect(n).toBe(1);
  });

  it('retries 451 with 1 s then 2 s backoff and delivers on the third attempt', async () => {
    const before = peer.attempts.length;
    peer.script([451, 451]);
    const event = answer();
    await emit(event);
    await received(event.threadMetadata.emailFrom);
    const attempts = peer.attempts.slice(before);
    expect(attempts.map((a) => a.code)).toEqual([451, 451, 250]);
    expect(attempts[1].at - attempts[0].at).toBeGreaterThanOrEqual(900);
    expect(attempts[2].at - attempts[1].at).toBeGreaterThanOrEqual(1900);
    const stored = await settled(event.messageId, 'sent');
    expect(stored.attempts).toBe(3);
  });

  it('keeps retrying a server that answers 451 on the schedule, saying when and why, and delivers when it recovers', async () => {
    const before = peer.attempts.length;
    peer.script([451, 451, 451]);
    const event = answer();
    await emit(event);
    await eventually(async () => (peer.attempts.length - before >= 3 ? true : undefined));
    // After the third failure: queued, the next attempt 4 s later (the schedule's third wait), the reply kept.
    const waiting = await eventually(async () => {
      const found = await rowFor(event.messageId);
      return found?.attempts === 3 && found.status === 'queued' ? found : undefined;
    });
    expect(waiting).toMatchObject({ reason_code: 'smtp_unavailable' });
    expect(waiting.smtp_response).toMatch(/451/);
    const third = peer.attempts[before + 2].at;
    expect(new Date(waiting.next_attempt_at).getTime() - third).toBeGreaterThanOrEqual(3500);
    const stored = await settled(event.messageId, 'sent');
    expect(stored.attempts).toBe(4);
    expect(peer.attempts.slice(before).map((a) => a.code)).toEqual([451, 451, 451, 250]);
  });

  it('fails a temporarily failing email only when the next attempt would come after its expiry, with the last reply', async () => {
    const before = peer.attempts.length;
    peer.script([451, 451, 451, 451]);
    const event = answer();
    await emit(event);
    await eventually(async () => (peer.attempts.length > before ? true : undefined));
    // The second attempt comes 1 s after the first; the wait after it (2 s) would pass the expiry.
    await gateway.dataSource.query(
      `UPDATE messaging_gateway_outbound_emails SET expires_at = now() + interval '1500 milliseconds' WHERE host_message_id = $1`,
      [event.messageId],
    );
    const stored = await settled(event.messageId, 'failed');
    expect(stored).toMatchObject({ reason_code: 'expired', attempts: 2 });
    expect(stored.smtp_response).toMatch(/451/);
    expect(failed).toContainEqual(expect.objectContaining({ outboundEmailId: stored.id, reasonCode: 'expired' }));
    peer.script([]);
  });

  it('fails a 550 at once: no retry, the reply recorded', async () => {
    const before = peer.attempts.length;
    peer.script([550]);
    const event = answer();
    await emit(event);
    const stored = await settled(event.messageId, 'failed');
    expect(stored).toMatchObject({ attempts: 1, reason_code: 'smtp_rejected' });
    expect(stored.smtp_response).toMatch(/550/);
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(peer.attempts.length - before).toBe(1);
    expect(failed).toContainEqual(expect.objectContaining({ outboundEmailId: stored.id, reasonCode: 'smtp_rejected' }));
  });

  it('fails an email not delivered within the expiry as expired, without sending it', async () => {
    const before = peer.attempts.length;
    peer.script([451]);
    const event = answer();
    await emit(event);
    await eventually(async () => (peer.attempts.length > before ? true : undefined));
    await gateway.dataSource.query(
      `UPDATE messaging_gateway_outbound_emails SET expires_at = now() - interval '1 second' WHERE host_message_id = $1`,
      [event.messageId],
    );
    const stored = await settled(event.messageId, 'failed');
    expect(stored.reason_code).toBe('expired');
    expect(peer.attempts.length - before).toBe(1);
    expect(peer.messages.filter(to(event.threadMetadata.emailFrom))).toHaveLength(0);
  });

  it("comes from the product alone, unsigned, when no agent name is given or the name is the product's", async () => {
    for (const senderProfile of [undefined, { displayName: 'Support' }]) {
      const event = answer({ senderProfile });
      await emit(event);
      const { mail } = await received(event.threadMetadata.emailFrom);
      expect(mail.from?.value).toEqual([{ name: 'Support', address: 'support@test.example' }]);
      expect(mail.text).not.toMatch(/^-- $/m);
      expect(mail.text).not.toContain('Support\nSupport');
      expect(mail.html).not.toContain('Support<br>Support');
    }
    const signed = answer();
    await emit(signed);
    const { mail } = await received(signed.threadMetadata.emailFrom);
    expect(mail.text).toMatch(/^-- \nAgent Smith\nSupport$/m);
  });

  it('puts CR/LF from a subject or a name in no header and adds no recipient', async () => {
    const event = answer(
      { senderProfile: { displayName: 'Eve\r\nX-Injected: 1' } },
      { emailSubject: 'Hello\r\nBcc: x@evil.example\u2028Cc: y@evil.example' },
    );
    await emit(event);
    const { message, mail } = await received(event.threadMetadata.emailFrom);
    expect(message.rcptTo).toHaveLength(1);
    expect(mail.headers.has('bcc')).toBe(false);
    expect(mail.headers.has('cc')).toBe(false);
    expect(mail.headers.has('x-injected')).toBe(false);
    expect(message.raw.toString('latin1')).not.toMatch(/^(Bcc|Cc|X-Injected):/im);
    expect(mail.subject).toBe('Re: Hello Bcc: x@evil.example Cc: y@evil.example');

    const service = gateway.app.get(OutboundEmailService);
    await expect(
      service.send({ to: 'bob@customer.example', subject: 'Hi\r\nBcc: x@evil.example', text: 'x', automatic: true }),
    ).rejects.toMatchObject({ code: 'EGW_HEADER_INJECTION' });
    await expect(
      service.send({
        to: 'bob@customer.example',
        subject: 'Hi',
        text: 'x',
        automatic: true,
        headers: { Bcc: 'x@evil.example' },
      }),
    ).rejects.toMatchObject({ code: 'EGW_HEADER_INJECTION' });
  });

  it('refuses a recipient address parsers disagree on, as a permanent invalid_recipient', async () => {
    const event = answer({}, { emailFrom: '"victim@x.com x"@internal.example' });
    await emit(event);
    const stored = await rowFor(event.messageId);
    expect(stored).toMatchObject({ status: 'failed', reason_code: 'invalid_recipient' });
    expect(failed).toContainEqual(
      expect.objectContaining({ outboundEmailId: stored.id, reasonCode: 'invalid_recipient' }),
    );
    const service = gateway.app.get(OutboundEmailService);
    await expect(
      service.send({ to: 'a@x.example, b@y.example', subject: 'Hi', text: 'x', automatic: true }),
    ).rejects.toMatchObject({
      code: 'EGW_INVALID_RECIPIENT',
    });
    await expect(
      service.send({ to: `anything@${REPLY_DOMAIN}`, subject: 'Hi', text: 'x', automatic: true }),
    ).rejects.toMatchObject({
      code: 'EGW_RECIPIENT_REFUSED',
    });
    expect(peer.messages.some((m) => m.rcptTo.some((r) => /evil|internal|x\.example|reply\.test/.test(r)))).toBe(false);
  });

  it('skips a suppressed recipient with status suppressed', async () => {
    const event = answer();
    await gateway.dataSource.query(
      `INSERT INTO messaging_gateway_suppressions (email, reason, suppressed) VALUES (lower($1), 'hard_bounce', true)`,
      [event.threadMetadata.emailFrom],
    );
    await emit(event);
    const stored = await settled(event.messageId, 'suppressed');
    expect(stored.reason_code).toBe('suppressed');
    expect(failed).toContainEqual(expect.objectContaining({ outboundEmailId: stored.id, reasonCode: 'suppressed' }));
    expect(peer.messages.filter(to(event.threadMetadata.emailFrom))).toHaveLength(0);
  });

  it('never emails inbound messages, messages the gateway created, or non-email threads', async () => {
    const created = answer();
    // What the inbound path records when the Messages API answers for an email-born message.
    await gateway.dataSource.query(
      `INSERT INTO messaging_gateway_inbound_emails
         (dedupe_key, source, provider, raw_size, raw_sha256, status, thread_id, created_message_id)
       VALUES ($1, 'webhook', 'generic', 1, repeat('0', 64), 'delivered', $3, $2)`,
      [`test:${randomUUID()}`, created.messageId, created.threadId],
    );
    const cases = [
      answer({ direction: 'inbound' }),
      answer({ metadata: { inboundEmailId: randomUUID() } }),
      answer({ metadata: { source: 'email-gateway' } }),
      answer({}, { sourceType: 'chat' }),
    ];
    for (const event of [...cases, created]) await emit(event);
    await new Promise((resolve) => setTimeout(resolve, 500));
    for (const event of cases) {
      expect(await rowFor(event.messageId)).toBeUndefined();
      expect(peer.messages.filter(to(event.threadMetadata.emailFrom))).toHaveLength(0);
    }
    // The echo guard refuses visibly: a failed row with its reason, and the event.
    const refused = await rowFor(created.messageId);
    expect(refused).toMatchObject({ status: 'failed', reason_code: 'echo' });
    expect(failed).toContainEqual(expect.objectContaining({ outboundEmailId: refused.id, reasonCode: 'echo' }));
    expect(peer.messages.filter(to(created.threadMetadata.emailFrom))).toHaveLength(0);
  });

  it('caps mail per recipient per hour and fails the excess as rate_limited', async () => {
    const recipient = `busy.${randomUUID().slice(0, 8)}@customer.example`;
    const service = gateway.app.get(OutboundEmailService);
    const results: OutboundSendResult[] = [];
    for (let i = 0; i < 6; i++) {
      results.push(await service.send({ to: recipient, subject: `Notice ${i}`, text: 'x', automatic: true }));
    }
    const statuses = await eventually(async () => {
      const rows: { status: string; reason_code: string }[] = await gateway.dataSource.query(
        `SELECT status, reason_code FROM messaging_gateway_outbound_emails WHERE id = ANY($1)`,
        [results.map((r) => r.outboundEmailId)],
      );
      return rows.every((r) => r.status !== 'queued' && r.status !== 'sending') ? rows : undefined;
    });
    expect(statuses.filter((r) => r.status === 'sent')).toHaveLength(5);
    expect(statuses.filter((r) => r.reason_code === 'rate_limited')).toHaveLength(1);
  });

  it('marks transactional mail as automatic, with one-click List-Unsubscribe, through the same SMTP', async () => {
    const recipient = `carol.${randomUUID().slice(0, 8)}@customer.example`;
    const service = gateway.app.get(OutboundEmailService);
    const first = await service.send({
      to: recipient,
      subject: 'Your receipt',
      text: 'Paid.',
      automatic: true,
      fromLocalPart: 'no-reply',
      headers: { 'X-Campaign': 'receipts' },
      idempotencyKey: 'receipt-1',
    });
    const again = await service.send({
      to: recipient,
      subject: 'Your receipt',
      text: 'Paid.',
      automatic: true,
      idempotencyKey: 'receipt-1',
    });
    expect(again).toEqual({ ...first, duplicate: true });
    const { message, mail } = await received(recipient);
    expect(mail.from?.value[0]).toEqual({ name: 'Support', address: 'no-reply@test.example' });
    expect(mail.headers.get('auto-submitted')).toBe('auto-generated');
    expect(mail.headers.get('x-auto-response-suppress')).toBe('All');
    // mailparser folds List-* headers into one structured value: read the raw header lines.
    expect(message.raw.toString()).toMatch(/^List-Unsubscribe: <https:\/\/test\.example\/unsubscribe>\r$/m);
    expect(message.raw.toString()).toMatch(/^List-Unsubscribe-Post: List-Unsubscribe=One-Click\r$/m);
    expect(mail.headers.get('x-campaign')).toBe('receipts');
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(peer.messages.filter(to(recipient))).toHaveLength(1);
  });

  it('resends a failed email on request with its same Message-ID, once, and refuses what cannot be resent', async () => {
    const before = peer.attempts.length;
    peer.script([550]);
    const event = answer();
    await emit(event);
    const rejected = await settled(event.messageId, 'failed');
    expect(rejected.reason_code).toBe('smtp_rejected');
    const outbound = gateway.app.get(OutboundEmailService);

    // Two resends at once: one takes the row, the other is refused, and one email goes out.
    const both = await Promise.allSettled([outbound.resend(rejected.id), outbound.resend(rejected.id)]);
    expect(both.filter((result) => result.status === 'fulfilled')).toHaveLength(1);
    expect(both.find((result) => result.status === 'rejected')).toMatchObject({
      reason: { code: 'EGW_OUTBOUND_NOT_RESENDABLE' },
    });
    const { mail } = await received(event.threadMetadata.emailFrom);
    expect(mail.messageId).toBe(`<${rejected.email_message_id}>`);
    await settled(event.messageId, 'sent');
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(peer.messages.filter(to(event.threadMetadata.emailFrom))).toHaveLength(1);
    expect(peer.attempts.length - before).toBe(2);

    await expect(outbound.resend(rejected.id)).rejects.toMatchObject({ code: 'EGW_OUTBOUND_NOT_RESENDABLE' });
    await expect(outbound.resend(randomUUID())).rejects.toMatchObject({ code: 'EGW_OUTBOUND_NOT_FOUND' });
    await expect(outbound.resend("1' OR '1'='1")).rejects.toMatchObject({ code: 'EGW_OUTBOUND_NOT_FOUND' });
  });

  it('checks suppression again on a resend: a recipient suppressed since is not sent to', async () => {
    peer.script([550]);
    const event = answer();
    await emit(event);
    const rejected = await settled(event.messageId, 'failed');
    await gateway.dataSource.query(
      `INSERT INTO messaging_gateway_suppressions (email, reason, suppressed) VALUES (lower($1), 'manual', true)`,
      [event.threadMetadata.emailFrom],
    );
    await gateway.app.get(OutboundEmailService).resend(rejected.id);
    expect((await settled(event.messageId, 'suppressed')).reason_code).toBe('suppressed');
    expect(peer.messages.filter(to(event.threadMetadata.emailFrom))).toHaveLength(0);
  });

  it('rebuilds a retry whose job Redis lost, from the outbox row, and delivers once', async () => {
    peer.script([451]);
    const event = answer();
    await emit(event);
    await eventually(async () =>
      (await rowFor(event.messageId))?.reason_code === 'smtp_unavailable' ? true : undefined,
    );
    // Redis forgets everything the gateway queued (a flush, a restart without persistence).
    await gateway.redis.cleanup();
    await received(event.threadMetadata.emailFrom);
    const stored = await settled(event.messageId, 'sent');
    expect(stored.attempts).toBe(2);
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(peer.messages.filter(to(event.threadMetadata.emailFrom))).toHaveLength(1);
  });

  describe('exactly once under concurrency and crashes', () => {
    let queue: Queue;
    beforeAll(() => {
      queue = new Queue(OUTBOUND_QUEUE, {
        connection: { host: '127.0.0.1', port: 6379 },
        prefix: gateway.redis.prefix,
      });
    });
    afterAll(async () => {
      await queue.resume();
      await queue.close();
    });

    it('lets exactly one of five concurrent attempts send, and a later job run sends nothing', async () => {
      await queue.pause();
      const recipient = `erin.${randomUUID().slice(0, 8)}@customer.example`;
      const { outboundEmailId } = await gateway.app
        .get(OutboundEmailService)
        .send({ to: recipient, subject: 'Once', text: 'x', automatic: false });
      const delivery = gateway.app.get(OutboundDeliveryService);
      const results = await Promise.allSettled(Array.from({ length: 5 }, () => delivery.deliver(outboundEmailId)));
      expect(results.filter((r) => r.status === 'fulfilled').length).toBeGreaterThanOrEqual(1);
      await queue.resume();
      await received(recipient);
      await new Promise((resolve) => setTimeout(resolve, 1000));
      expect(peer.messages.filter(to(recipient))).toHaveLength(1);
      expect((await row('id = $1', [outboundEmailId])).status).toBe('sent');
    });

    it('never re-sends a sent email, waits on a live claim, and re-sends a crashed claim with the same Message-ID', async () => {
      const recipient = `finn.${randomUUID().slice(0, 8)}@customer.example`;
      const { outboundEmailId } = await gateway.app
        .get(OutboundEmailService)
        .send({ to: recipient, subject: 'Crash', text: 'x', automatic: false });
      const { mail: first } = await received(recipient);
      await eventually(async () => ((await row('id = $1', [outboundEmailId])).status === 'sent' ? true : undefined));
      const delivery = gateway.app.get(OutboundDeliveryService);

      await delivery.deliver(outboundEmailId);
      const set = (sql: string) =>
        gateway.dataSource.query(`UPDATE messaging_gateway_outbound_emails SET ${sql} WHERE id = $1`, [
          outboundEmailId,
        ]);
      await set(`status = 'sending', updated_at = now()`);
      // A live claim is left alone: its own attempt records the outcome.
      await expect(delivery.deliver(outboundEmailId)).resolves.toBeNull();
      expect(peer.messages.filter(to(recipient))).toHaveLength(1);

      await set(`status = 'sending', updated_at = now() - interval '1 day'`);
      await delivery.deliver(outboundEmailId);
      const copies = peer.messages.filter(to(recipient));
      expect(copies).toHaveLength(2);
      expect((await simpleParser(copies[1].raw)).messageId).toBe(first.messageId);
      expect((await row('id = $1', [outboundEmailId])).status).toBe('sent');
    });
  });
});
