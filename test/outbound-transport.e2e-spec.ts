import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Injectable } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { simpleParser } from 'mailparser';
import {
  GatewayEvents,
  HostEvents,
  MessageListenerService,
  OutboundEmailService,
  type EmailQueueService,
  type QueuedEmail,
} from 'nestjs-messaging-gateway';
import { EMAIL_QUEUE_SERVICE } from 'nestjs-messaging-gateway/core/gateway.constants';
import { eventually, startGatewayApp, type GatewayTestApp } from './helpers/outbound-app';
import { freePort, startSmtpPeer, type SmtpPeer } from './helpers/smtp-peer';
import { createTestDatabase, type TestDatabase } from './helpers/test-database';

const answer = () => ({
  threadId: randomUUID(),
  messageId: randomUUID(),
  messageText: 'Here is your answer.',
  threadMetadata: {
    sourceType: 'email',
    emailFrom: `dan.${randomUUID().slice(0, 8)}@customer.example`,
    emailSubject: 'Question',
    lastEmailMessageId: '<q-1@customer.example>',
  },
  senderProfile: { displayName: 'Agent Smith' },
});

describe('outbound SMTP transport: failover, TLS, STARTTLS, host queue (real smtp-server)', () => {
  let database: TestDatabase;
  const peers: SmtpPeer[] = [];
  const apps: GatewayTestApp[] = [];

  beforeAll(async () => {
    database = await createTestDatabase();
  });

  afterAll(async () => {
    for (const app of apps) await app.close();
    for (const peer of peers) await peer.close();
    await database?.drop();
  });

  const peer = async (options: Parameters<typeof startSmtpPeer>[0] = {}) => {
    const started = await startSmtpPeer(options);
    peers.push(started);
    return started;
  };
  const gateway = async (env: NodeJS.ProcessEnv, options = {}) => {
    const started = await startGatewayApp(database.url, env, options);
    apps.push(started);
    return started;
  };
  const emit = (app: GatewayTestApp, event: unknown) =>
    app.app.get(EventEmitter2).emitAsync(HostEvents.MESSAGE_CREATED, event);

  it('delivers through SMTP_BACKUP_HOST when the primary refuses connections', async () => {
    const backup = await peer();
    const app = await gateway({
      SMTP_HOST: '127.0.0.1',
      SMTP_PORT: String(await freePort()),
      SMTP_SECURITY: 'plain',
      SMTP_BACKUP_HOST: backup.host,
      SMTP_BACKUP_PORT: String(backup.port),
      SMTP_TIMEOUT_MS: '3000',
    });
    const event = answer();
    await emit(app, event);
    const [message] = await backup.waitForMessages(1);
    expect(message.rcptTo).toEqual([event.threadMetadata.emailFrom]);
    const row = await eventually(async () => {
      const [found] = await app.dataSource.query(
        `SELECT status, attempts FROM messaging_gateway_outbound_emails WHERE host_message_id = $1`,
        [event.messageId],
      );
      return found.status === 'sent' ? found : undefined;
    });
    expect(row).toEqual({ status: 'sent', attempts: 1 });
  });

  it('sends over implicit TLS (the 465 mode) to a self-signed server when verification is switched off', async () => {
    const tls = await peer({ tls: 'implicit' });
    const env = { SMTP_HOST: tls.host, SMTP_PORT: String(tls.port), SMTP_SECURITY: 'tls' };
    const strict = await gateway(env);
    const refused = await strict.app.get(OutboundEmailService).testConnection();
    expect(refused).toMatchObject({ ok: false, code: 'EGW_SMTP_TRANSIENT' });
    expect(refused.ok === false && refused.response).toMatch(/certificate/i);

    const app = await gateway({ ...env, SMTP_TLS_REJECT_UNAUTHORIZED: 'false' });
    expect(await app.app.get(OutboundEmailService).testConnection()).toMatchObject({ ok: true, port: tls.port });
    const event = answer();
    await emit(app, event);
    const [message] = await tls.waitForMessages(1);
    expect(message.secure).toBe(true);
    expect((await simpleParser(message.raw)).subject).toBe('Re: Question');
  });

  it('upgrades with STARTTLS (the 587 mode) and logs in', async () => {
    const starttls = await peer({ tls: 'starttls', auth: { user: 'mailer', pass: 's3cret-pass' } });
    const env = {
      SMTP_HOST: starttls.host,
      SMTP_PORT: String(starttls.port),
      SMTP_SECURITY: 'starttls',
      SMTP_TLS_REJECT_UNAUTHORIZED: 'false',
      SMTP_USER: 'mailer',
    };
    const wrongPass = await gateway({ ...env, SMTP_PASS: 'wrong' });
    const refused = await wrongPass.app.get(OutboundEmailService).testConnection();
    expect(refused.ok === false && refused.response).toMatch(/535/);

    const app = await gateway({ ...env, SMTP_PASS: 's3cret-pass' });
    const event = answer();
    await emit(app, event);
    const [message] = await starttls.waitForMessages(1);
    expect(message).toMatchObject({ secure: true, user: 'mailer', rcptTo: [event.threadMetadata.emailFrom] });
  });

  it('says what to change when the port gets STARTTLS by default but the server offers none', async () => {
    const plain = await peer({ tls: 'none' });
    // Any port but 25 and 465 requires STARTTLS unless SMTP_SECURITY says otherwise.
    const strict = await gateway({ SMTP_HOST: plain.host, SMTP_PORT: String(plain.port), SMTP_TIMEOUT_MS: '3000' });
    const refused = await strict.app.get(OutboundEmailService).testConnection();
    expect(refused.ok === false && refused.response).toMatch(/offers no STARTTLS; set SMTP_SECURITY=plain/);

    const app = await gateway({ SMTP_HOST: plain.host, SMTP_PORT: String(plain.port), SMTP_SECURITY: 'plain' });
    expect(await app.app.get(OutboundEmailService).testConnection()).toMatchObject({ ok: true });
    await emit(app, answer());
    const [message] = await plain.waitForMessages(1);
    expect(message.secure).toBe(false);
  });

  it("hands the composed email to the host's emailQueueService instead of SMTP, once per message", async () => {
    const received: QueuedEmail[] = [];
    @Injectable()
    class HostEmailQueue implements EmailQueueService {
      async queueEmail(email: QueuedEmail): Promise<string> {
        received.push(email);
        return `host-job-${received.length}`;
      }
    }
    const app = await gateway({}, { emailQueueService: HostEmailQueue });
    const event = answer();
    await emit(app, event);
    await emit(app, event);
    expect(received).toHaveLength(1);
    const [email] = received;
    expect(email).toMatchObject({
      threadId: event.threadId,
      to: event.threadMetadata.emailFrom,
      from: '"Agent Smith via Support" <support@test.example>',
      subject: 'Re: Question',
      inReplyTo: '<q-1@customer.example>',
      references: ['<q-1@customer.example>'],
    });
    expect(email.replyTo).toMatch(/^reply\+[a-z0-9.]+@reply\.test\.example$/);
    expect(email.messageId).toMatch(/^<mgw\.[a-z0-9.]+@reply\.test\.example>$/);
    expect(email.text).toContain('Here is your answer.');
    expect(email.headers['Auto-Submitted']).toBeUndefined();
    const [row] = await app.dataSource.query(
      `SELECT status, job_id FROM messaging_gateway_outbound_emails WHERE host_message_id = $1`,
      [event.messageId],
    );
    expect(row).toEqual({ status: 'queued', job_id: 'host-job-1' });

    const jobId = await app.app.get(MessageListenerService).queueOutbound({
      threadId: event.threadId,
      body: 'A second answer.',
      recipientEmail: event.threadMetadata.emailFrom,
      subject: 'Question',
    });
    expect(jobId).toBe('host-job-2');
    const exposed = app.app.get<EmailQueueService>(EMAIL_QUEUE_SERVICE);
    expect(await exposed.queueEmail(email)).toBe('host-job-3');

    // The host reports what became of each email: the rows reach a final status, with the events.
    const outcomes: string[] = [];
    const bus = app.app.get(EventEmitter2);
    bus.on(GatewayEvents.EMAIL_OUTBOUND_SENT, () => outcomes.push('sent'));
    bus.on(GatewayEvents.EMAIL_OUTBOUND_FAILED, (failure: { reasonCode: string }) => outcomes.push(failure.reasonCode));
    const outbound = app.app.get(OutboundEmailService);
    await outbound.reportOutcome(email.outboundEmailId, 'sent', '250 2.0.0 queued by the host');
    await outbound.reportOutcome(email.outboundEmailId, 'sent'); // a repeated report is harmless
    await outbound.reportOutcome(received[1].outboundEmailId, 'failed', '550 5.1.1 no such user');
    const rows = await app.dataSource.query(
      `SELECT id, status, reason_code, smtp_response FROM messaging_gateway_outbound_emails WHERE id = ANY($1)`,
      [[email.outboundEmailId, received[1].outboundEmailId]],
    );
    const byId = Object.fromEntries(rows.map((row: { id: string }) => [row.id, row]));
    expect(byId[email.outboundEmailId]).toMatchObject({
      status: 'sent',
      smtp_response: '250 2.0.0 queued by the host',
    });
    expect(byId[received[1].outboundEmailId]).toMatchObject({ status: 'failed', reason_code: 'host_queue_failed' });
    expect(outcomes).toEqual(['sent', 'host_queue_failed']);
    await expect(outbound.reportOutcome(email.outboundEmailId, 'failed')).rejects.toMatchObject({
      code: 'EGW_OUTBOUND_NOT_HANDED_OVER',
    });
    await expect(outbound.reportOutcome(randomUUID(), 'sent')).rejects.toMatchObject({
      code: 'EGW_OUTBOUND_NOT_FOUND',
    });
  });

  it('queues nothing when outbound is disabled, and says so to direct callers', async () => {
    const app = await gateway({ EMAIL_OUTBOUND_ENABLED: 'false' });
    const event = answer();
    await emit(app, event);
    const [{ n }] = await app.dataSource.query(
      `SELECT count(*)::int AS n FROM messaging_gateway_outbound_emails WHERE host_message_id = $1`,
      [event.messageId],
    );
    expect(n).toBe(0);
    await expect(
      app.app.get(OutboundEmailService).send({ to: 'a@customer.example', subject: 'x', text: 'x', automatic: true }),
    ).rejects.toMatchObject({ code: 'EGW_OUTBOUND_DISABLED' });
  });

  it('renders the templates shipped in the built package, and a host override from templatesDir', () => {
    const dist = join(__dirname, '..', 'libs', 'messaging-gateway', 'dist');
    expect(existsSync(join(dist, 'outbound', 'compose', 'templates', 'email.html.hbs'))).toBe(true);
    expect(existsSync(join(dist, 'outbound', 'compose', 'templates', 'email.text.hbs'))).toBe(true);
    const built = require(
      join(dist, 'outbound/compose/email-templates.js'),
    ) as typeof import('nestjs-messaging-gateway/outbound/compose/email-templates');
    const data = { subject: 'Hi', text: 'Use <b> & "quotes"\n\nBye', senderName: 'Ann <a@x>', productName: 'Support' };
    const shipped = new built.EmailTemplates().render(data);
    expect(shipped.html).toContain('Use &lt;b&gt; &amp; &quot;quotes&quot;');
    expect(shipped.html).not.toContain('<b>');
    expect(shipped.text).toContain('Use <b> & "quotes"\n\nBye');
    expect(shipped.text).toContain('Ann <a@x>');

    const dir = mkdtempSync(join(tmpdir(), 'mgw-templates-'));
    try {
      writeFileSync(join(dir, 'email.text.hbs'), 'HOST LAYOUT\n{{text}}\n');
      const custom = new built.EmailTemplates({ templatesDir: dir }).render(data);
      expect(custom.text.startsWith('HOST LAYOUT\nUse <b>')).toBe(true);
      expect(custom.html).toBe(shipped.html);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
