import { randomUUID } from 'node:crypto';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { classifyEmail, GatewayEvents, OutboundEmail, ReplyTokenService } from 'nestjs-messaging-gateway';
import { AutomaticMailService } from 'nestjs-messaging-gateway/automatic-mail/automatic-mail.service';
import { Suppression } from 'nestjs-messaging-gateway/automatic-mail/suppression.entity';
import {
  type EmailAutoReplyEvent,
  type EmailBouncedEvent,
  type EmailComplaintEvent,
} from 'nestjs-messaging-gateway/automatic-mail/automatic-mail.events';
import { DataSource, type Repository } from 'typeorm';
import {
  arfReport,
  bounceWithoutRecipients,
  outlookOutOfOffice,
  postfixDelayWarning,
  postfixDsn,
} from './helpers/automatic-mail-samples';
import { startReferenceApp, type RunningReferenceApp } from './helpers/start-reference-app';

describe('AutomaticMailService (reference app, real PostgreSQL)', () => {
  let running: RunningReferenceApp;
  let service: AutomaticMailService;
  let outbound: Repository<OutboundEmail>;
  let suppressions: Repository<Suppression>;
  const emitted: Array<{ name: string; payload: unknown }> = [];

  beforeAll(async () => {
    running = await startReferenceApp({ EMAIL_SOFT_BOUNCE_THRESHOLD: '2' });
    service = running.app.get(AutomaticMailService);
    const dataSource = running.app.get(DataSource);
    outbound = dataSource.getRepository(OutboundEmail);
    suppressions = dataSource.getRepository(Suppression);
    const events = running.app.get(EventEmitter2);
    for (const name of [
      GatewayEvents.EMAIL_BOUNCED,
      GatewayEvents.EMAIL_COMPLAINT_RECEIVED,
      GatewayEvents.EMAIL_AUTO_REPLY_RECEIVED,
    ]) {
      events.on(name, (payload: unknown) => emitted.push({ name, payload }));
    }
  });

  afterAll(async () => {
    await running?.stop();
  });

  beforeEach(() => {
    emitted.length = 0;
  });

  async function sentEmail(recipient: string): Promise<OutboundEmail> {
    const messageId = `mgw.${randomUUID()}@reply.test.example`;
    return outbound.save(
      outbound.create({
        dedupeKey: `${randomUUID()}:${recipient}`,
        threadId: `thread-${randomUUID()}`,
        recipient,
        subject: 'Re: Your order',
        status: 'sent',
        emailMessageId: messageId,
        sentAt: new Date(),
        expiresAt: new Date(Date.now() + 86_400_000),
      }),
    );
  }

  async function handle(raw: string, senderEmail: string | null = 'mailer-daemon@mx.example.org') {
    const classification = await classifyEmail(raw);
    return service.handle({ inboundEmailId: randomUUID(), classification, senderEmail });
  }

  it('marks the original bounced, suppresses a hard-bounced address and emits email.bounced', async () => {
    const email = await sentEmail('gone@customer.example');
    const raw = postfixDsn({
      recipient: 'gone@customer.example',
      status: '5.1.1',
      diagnostic:
        '550 5.1.1 <gone@customer.example>: Recipient address rejected: User unknown in virtual mailbox table',
      originalMessageId: email.emailMessageId!,
    });

    await expect(handle(raw)).resolves.toEqual({ status: 'ignored', reasonCode: 'bounce' });

    const row = await outbound.findOneByOrFail({ id: email.id });
    expect(row.status).toBe('bounced');
    expect(row.reasonCode).toBe('hard_bounce');
    expect(row.smtpResponse).toContain('5.1.1');
    const suppression = await suppressions.findOneByOrFail({ email: 'gone@customer.example' });
    expect(suppression).toMatchObject({ reason: 'hard_bounce', suppressed: true });
    const event = emitted.find((e) => e.name === GatewayEvents.EMAIL_BOUNCED)?.payload as EmailBouncedEvent;
    expect(event.outboundEmailIds).toEqual([email.id]);
    expect(event.threadIds).toEqual([email.threadId]);
    expect(event.originalMessageId).toBe(email.emailMessageId);
    expect(event.recipients).toEqual([
      expect.objectContaining({ address: 'gone@customer.example', status: '5.1.1', hard: true, suppressed: true }),
    ]);
  });

  it('finds the original through the reply token of its Reply-To when the Message-ID is not ours', async () => {
    const tokens = running.app.get(ReplyTokenService);
    const email = await sentEmail('moved@customer.example');
    const token = tokens.generate({ threadId: email.threadId, recipient: email.recipient });
    await outbound.update({ id: email.id }, { replyToken: tokens.normalize(token) });
    const raw = postfixDsn({
      recipient: 'moved@customer.example',
      status: '5.1.6',
      diagnostic: '550 5.1.6 Recipient no longer on server: mailbox has moved',
      originalMessageId: 'rewritten-by-a-relay@relay.example',
      replyTo: tokens.replyAddress(token),
    });

    await handle(raw);

    expect(await outbound.findOneByOrFail({ id: email.id })).toMatchObject({
      status: 'bounced',
      reasonCode: 'hard_bounce',
    });
    expect(await suppressions.findOneByOrFail({ email: 'moved@customer.example' })).toMatchObject({
      reason: 'hard_bounce',
    });
  });

  it('counts soft bounces and suppresses only when the threshold is reached, once per inbound email', async () => {
    const recipient = 'full@customer.example';
    const softBounce = async () => {
      const email = await sentEmail(recipient);
      const raw = postfixDsn({
        recipient,
        status: '4.2.2',
        diagnostic: '452 4.2.2 <full@customer.example>: Mailbox full',
        originalMessageId: email.emailMessageId!,
      });
      return { email, classification: await classifyEmail(raw) };
    };

    const first = await softBounce();
    const inboundEmailId = randomUUID();
    await service.handle({ inboundEmailId, classification: first.classification, senderEmail: null });
    // The same inbound email handled again (a retried job) is not counted twice.
    await service.handle({ inboundEmailId, classification: first.classification, senderEmail: null });
    expect(await suppressions.findOneByOrFail({ email: recipient })).toMatchObject({
      reason: 'soft_bounce',
      suppressed: false,
      softBounceCount: 1,
    });
    expect((await outbound.findOneByOrFail({ id: first.email.id })).reasonCode).toBe('soft_bounce');

    const second = await softBounce();
    await service.handle({ inboundEmailId: randomUUID(), classification: second.classification, senderEmail: null });
    expect(await suppressions.findOneByOrFail({ email: recipient })).toMatchObject({
      suppressed: true,
      softBounceCount: 2,
    });
    const last = emitted.filter((e) => e.name === GatewayEvents.EMAIL_BOUNCED).pop()?.payload as EmailBouncedEvent;
    expect(last.recipients[0]).toMatchObject({ hard: false, suppressed: true, softBounceCount: 2 });
  });

  it('marks the original soft-bounced when a bounce names no readable recipient', async () => {
    const email = await sentEmail('unread@customer.example');
    await handle(bounceWithoutRecipients({ originalMessageId: email.emailMessageId!, recipient: email.recipient }));

    expect(await outbound.findOneByOrFail({ id: email.id })).toMatchObject({
      status: 'bounced',
      reasonCode: 'soft_bounce',
    });
    expect(await suppressions.findOneByOrFail({ email: 'unread@customer.example' })).toMatchObject({
      suppressed: false,
      softBounceCount: 1,
    });
  });

  it('changes nothing and announces nothing for a delay warning', async () => {
    const email = await sentEmail('slow@customer.example');
    const outcome = await handle(
      postfixDelayWarning({ recipient: email.recipient, originalMessageId: email.emailMessageId! }),
    );

    expect(outcome).toEqual({ status: 'ignored', reasonCode: 'bounce' });
    expect((await outbound.findOneByOrFail({ id: email.id })).status).toBe('sent');
    expect(await suppressions.findOneBy({ email: 'slow@customer.example' })).toBeNull();
    expect(emitted).toEqual([]);
  });

  it('suppresses the address an ARF complaint reports and emits email.complaint.received', async () => {
    const email = await sentEmail('angry@customer.example');
    const outcome = await handle(
      arfReport({ recipient: 'angry@customer.example', originalMessageId: email.emailMessageId! }),
    );

    expect(outcome).toEqual({ status: 'ignored', reasonCode: 'feedback_report' });
    expect(await suppressions.findOneByOrFail({ email: 'angry@customer.example' })).toMatchObject({
      reason: 'complaint',
      suppressed: true,
    });
    const event = emitted.find((e) => e.name === GatewayEvents.EMAIL_COMPLAINT_RECEIVED)
      ?.payload as EmailComplaintEvent;
    expect(event).toMatchObject({
      feedbackType: 'abuse',
      recipients: ['angry@customer.example'],
      outboundEmailIds: [email.id],
    });
  });

  it('announces an auto-reply with the thread it answers, and changes nothing else', async () => {
    const email = await sentEmail('jane@customer.example');
    const outcome = await handle(
      outlookOutOfOffice({ from: 'jane@customer.example', inReplyTo: email.emailMessageId! }),
      'jane@customer.example',
    );

    expect(outcome).toEqual({ status: 'ignored', reasonCode: 'auto_reply' });
    expect((await outbound.findOneByOrFail({ id: email.id })).status).toBe('sent');
    expect(await suppressions.findOneBy({ email: 'jane@customer.example' })).toBeNull();
    const event = emitted.find((e) => e.name === GatewayEvents.EMAIL_AUTO_REPLY_RECEIVED)
      ?.payload as EmailAutoReplyEvent;
    expect(event).toMatchObject({ outboundEmailIds: [email.id], threadIds: [email.threadId] });
  });

  it("ignores mail from its own addresses as a loop and refuses to swallow a person's email", async () => {
    const message = { kind: 'message' as const, reasons: [] };
    await expect(
      service.handle({
        inboundEmailId: randomUUID(),
        classification: message,
        senderEmail: 'reply+abc@reply.test.example',
      }),
    ).resolves.toEqual({ status: 'ignored', reasonCode: 'loop' });
    await expect(
      service.handle({ inboundEmailId: randomUUID(), classification: message, senderEmail: 'Support@Test.Example' }),
    ).resolves.toEqual({ status: 'ignored', reasonCode: 'loop' });
    await expect(
      service.handle({ inboundEmailId: randomUUID(), classification: message, senderEmail: 'person@customer.example' }),
    ).rejects.toMatchObject({ code: 'EGW_NOT_AUTOMATIC_MAIL' });
  });
});
