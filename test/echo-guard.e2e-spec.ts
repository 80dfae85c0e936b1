import { type ChildProcess, fork } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { plainEmail } from './helpers/inbound-email-samples';
import { type SmtpPeer, startSmtpPeer } from './helpers/smtp-peer';
import { type RunningGateway, startGateway } from './helpers/start-gateway';

const HOST = join(__dirname, 'helpers/emitting-host.child.js');

interface EmittingHost {
  child: ChildProcess;
  url: string;
}

/**
 * A host that emits `message.created` for every message it stores, the gateway's own included,
 * from another process than the one that turned the email into a message, and long after: the
 * echo guard is in PostgreSQL, so nothing is emailed back to the customer, and the refusal is
 * visible (a failed outbox row with reason `echo`, an `email.outbound.failed` event).
 */
describe('durable echo guard across processes (child process host, real PostgreSQL, Redis, SMTP)', () => {
  let gw: RunningGateway;
  let smtp: SmtpPeer;
  let host: EmittingHost;
  let sequence = 0;

  const startHost = (): Promise<EmittingHost> => {
    const child = fork(HOST, [], {
      env: {
        ...process.env,
        ...gw.env,
        MESSAGES_API_BASE_URL: gw.api.baseUrl,
        MESSAGES_API_KEY: gw.api.apiKey,
        EMAIL_OUTBOUND_ENABLED: 'true',
        SMTP_HOST: smtp.host,
        SMTP_PORT: String(smtp.port),
        SMTP_SECURITY: 'plain',
      },
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    return new Promise((resolve, reject) => {
      child.once('message', (message: { port: number }) => resolve({ child, url: `http://127.0.0.1:${message.port}` }));
      child.once('exit', (code) => reject(new Error(`host exited with ${code} before it was ready`)));
    });
  };

  /** An email turned into a thread and a message by the gateway in THIS process. */
  const emailBornMessage = async () => {
    const customer = `echo${++sequence}@customer.example`;
    const messageId = `question-${sequence}@customer.example`;
    const { id } = await gw.store.accept({
      raw: plainEmail({ from: customer, subject: `Question ${sequence}`, messageId, body: `Hello ${sequence}\r\n` }),
      source: 'webhook',
      provider: 'generic',
    });
    const message = await gw.waitFor(() => gw.api.messages.find((m) => m.metadata.inboundEmailId === id));
    return { customer, messageId, message, subject: `Question ${sequence}` };
  };

  /** The seed's plain payload: no direction, no metadata, nothing that marks the message as the gateway's. */
  const emitPlain = async (born: Awaited<ReturnType<typeof emailBornMessage>>) => {
    const response = await fetch(`${host.url}/emit`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        threadId: born.message.threadId,
        messageId: born.message.id,
        messageText: born.message.text,
        threadMetadata: {
          sourceType: 'email',
          emailFrom: born.customer,
          emailSubject: born.subject,
          lastEmailMessageId: born.messageId,
        },
        senderProfile: { displayName: 'Support' },
      }),
    });
    expect(response.status).toBe(201);
  };

  const hostEvents = async (): Promise<Array<{ name: string; payload: Record<string, unknown> }>> =>
    (await fetch(`${host.url}/events`)).json();

  const outboxRowOf = async (hostMessageId: string) =>
    (
      await gw.dataSource.query(
        `SELECT status, reason_code, attempts FROM messaging_gateway_outbound_emails WHERE host_message_id = $1`,
        [hostMessageId],
      )
    )[0];

  beforeAll(async () => {
    if (!existsSync(join(__dirname, '../libs/messaging-gateway/dist/index.js'))) {
      throw new Error('libs/messaging-gateway/dist is missing: run npm run build:lib (npm test does it)');
    }
    smtp = await startSmtpPeer();
    gw = await startGateway();
    host = await startHost();
  }, 120_000);

  afterAll(async () => {
    if (host?.child.exitCode === null) {
      host.child.kill('SIGTERM');
      await new Promise((resolve) => host.child.once('exit', resolve));
    }
    await gw?.stop();
    await smtp?.close();
  });

  it('refuses the plain payload of an email-born message emitted by another process', async () => {
    const born = await emailBornMessage();
    await emitPlain(born);

    const failed = await gw.waitFor(async () =>
      (await hostEvents()).find(
        (event) => event.name === 'email.outbound.failed' && event.payload.messageId === born.message.id,
      ),
    );
    expect(failed.payload.reasonCode).toBe('echo');
    expect(await outboxRowOf(born.message.id)).toEqual({ status: 'failed', reason_code: 'echo', attempts: 0 });

    // The same event again (a host retry) stays refused, and still nothing is sent.
    await emitPlain(born);
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(smtp.attempts).toHaveLength(0);
    expect(smtp.messages.filter((m) => m.rcptTo.includes(born.customer))).toHaveLength(0);
  });

  it('refuses it 15 minutes later just the same (the guard is a table, not a cache)', async () => {
    const born = await emailBornMessage();
    // The clock moved on: every trace of the email is 15 minutes old when the host emits.
    await gw.dataSource.query(
      `UPDATE messaging_gateway_inbound_emails
          SET received_at = received_at - interval '15 minutes', updated_at = updated_at - interval '15 minutes'
        WHERE id = $1`,
      [born.message.metadata.inboundEmailId],
    );
    await emitPlain(born);

    const failed = await gw.waitFor(async () =>
      (await hostEvents()).find(
        (event) => event.name === 'email.outbound.failed' && event.payload.messageId === born.message.id,
      ),
    );
    expect(failed.payload.reasonCode).toBe('echo');
    expect(await outboxRowOf(born.message.id)).toMatchObject({ status: 'failed', reason_code: 'echo' });
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(smtp.messages.filter((m) => m.rcptTo.includes(born.customer))).toHaveLength(0);
  });

  it('refuses it when the host emits before the Messages API has even answered the gateway', async () => {
    let emitted: Promise<void> | undefined;
    // The host's create handler stores the message, emits message.created (from the other
    // process), gives its outbound worker time to pick the job up, and only then answers.
    gw.api.beforeAnsweringMessage(async (message) => {
      gw.api.beforeAnsweringMessage(undefined);
      const thread = gw.api.threads.get(message.threadId)!;
      emitted = emitPlain({
        customer: String(thread.metadata.emailFrom),
        messageId: String(thread.metadata.lastEmailMessageId),
        subject: String(thread.metadata.emailSubject),
        message,
      });
      await emitted;
      await new Promise((resolve) => setTimeout(resolve, 1500));
    });
    const born = await emailBornMessage();
    await emitted;

    const failed = await gw.waitFor(async () =>
      (await hostEvents()).find(
        (event) => event.name === 'email.outbound.failed' && event.payload.messageId === born.message.id,
      ),
    );
    expect(failed.payload.reasonCode).toBe('echo');
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(smtp.messages.filter((m) => m.rcptTo.includes(born.customer))).toHaveLength(0);
  });

  it('still emails an agent’s answer in the same thread, emitted the same way', async () => {
    const born = await emailBornMessage();
    const answerId = `agent-answer-${sequence}`;
    await emitPlain({ ...born, message: { ...born.message, id: answerId, text: `Answer ${sequence}` } });
    const [delivered] = await smtp.waitForMessages(1);
    expect(delivered.rcptTo).toEqual([born.customer]);
    expect(delivered.raw.toString()).toContain(`Answer ${sequence}`);
    await gw.waitFor(async () => (await outboxRowOf(answerId))?.status === 'sent');
  });
});
