import { createHash } from 'node:crypto';
import { Client } from 'pg';
import { signGenericWebhook } from 'nestjs-messaging-gateway';
import { plainEmail } from './helpers/inbound-email-samples';
import { type ChildReferenceApp, spawnReferenceApp } from './helpers/spawn-reference-app';
import { freePort, type SmtpPeer, startSmtpPeer } from './helpers/smtp-peer';
import { createTestDatabase, type TestDatabase } from './helpers/test-database';
import { testAppEnv } from './helpers/test-env';
import { createTestRedisNamespace, type TestRedisNamespace } from './helpers/test-redis';
import { waitFor } from './helpers/wait-for';

/**
 * Two reference apps as separate OS processes on one PostgreSQL and one Redis, the way a host
 * runs behind a load balancer: nothing is lost, nothing is doubled, whichever instance takes a
 * delivery or an answer, when one of them is SIGKILLed, and when the SMTP server is down for
 * 30 seconds.
 */
describe('two instances on one PostgreSQL and one Redis (child processes, real HTTP and SMTP)', () => {
  let database: TestDatabase;
  let redis: TestRedisNamespace;
  let smtp: SmtpPeer;
  let smtpPort: number;
  let db: Client;
  const instances: ChildReferenceApp[] = [];
  let sequence = 0;

  const env = async (): Promise<NodeJS.ProcessEnv> => {
    const port = await freePort();
    return testAppEnv(database.url, redis.prefix, {
      PORT: String(port),
      MESSAGES_API_BASE_URL: `http://127.0.0.1:${port}/api/v1/messages`,
      MESSAGES_API_KEY: 'multi-instance-messages-api-key-0123456789',
      EMAIL_WEBHOOK_SECRET: 'multi-instance-webhook-secret-0123456789abcdef',
      EMAIL_REPLY_SECRET: 'multi-instance-reply-secret-0123456789abcdefgh',
      SESSION_SECRET: 'multi-instance-session-secret-0123456789abcdef',
      SMTP_HOST: '127.0.0.1',
      SMTP_PORT: String(smtpPort),
      SMTP_SECURITY: 'plain',
      // Quick retries, so a 30 s outage ends in a delivery within seconds of the server's return.
      SMTP_RETRY_SCHEDULE: '500ms,1s,2s',
    });
  };

  const webhook = (instance: ChildReferenceApp, raw: Buffer) =>
    fetch(`${instance.url}/gateway/inbound/generic`, {
      method: 'POST',
      headers: {
        'content-type': 'message/rfc822',
        ...signGenericWebhook('multi-instance-webhook-secret-0123456789abcdef', raw),
      },
      body: raw,
    });
  const email = (tag: string) =>
    plainEmail({
      from: `${tag}@customer.example`,
      subject: `Question ${tag}`,
      messageId: `${tag}@customer.example`,
      body: `Hello from ${tag}\r\n`,
    });
  const count = async (sql: string, params: unknown[] = []): Promise<number> =>
    Number((await db.query(sql, params)).rows[0].n);
  const inboundMessagesOf = (tags: string[]) =>
    count(`SELECT count(*) AS n FROM app_messages WHERE direction = 'inbound' AND text = ANY($1)`, [
      tags.map((tag) => `Hello from ${tag}`),
    ]);
  const answer = async (instance: ChildReferenceApp, threadId: string, text: string) => {
    const response = await fetch(`${instance.url}/api/v1/messages/threads/${threadId}/messages`, {
      method: 'POST',
      headers: {
        authorization: 'Bearer multi-instance-messages-api-key-0123456789',
        'content-type': 'application/json',
        'idempotency-key': createHash('sha256').update(text).digest('hex'),
      },
      body: JSON.stringify({ direction: 'outbound', text }),
    });
    expect(response.status).toBe(201);
  };
  const threadOf = async (tag: string): Promise<string> =>
    (await db.query(`SELECT id FROM app_threads WHERE identity_email = $1`, [`${tag}@customer.example`])).rows[0].id;
  const delivered = (text: string) => smtp.messages.filter((message) => message.raw.toString().includes(text));

  beforeAll(async () => {
    [database, smtpPort] = await Promise.all([createTestDatabase(), freePort()]);
    redis = createTestRedisNamespace();
    smtp = await startSmtpPeer({ port: smtpPort });
    db = new Client({ connectionString: database.url });
    await db.connect();
    for (let i = 0; i < 2; i++) instances.push(await spawnReferenceApp(await env()));
  }, 120_000);

  afterAll(async () => {
    for (const instance of instances) await instance.kill('SIGTERM');
    await db?.end();
    await smtp?.close();
    await redis?.cleanup();
    await database?.drop();
  });

  it('turns the same 30 emails delivered to both instances, twice each, into 30 messages', async () => {
    const tags = Array.from({ length: 30 }, () => `twice${++sequence}`);
    const posts = tags.flatMap((tag) =>
      instances.flatMap((instance) => [webhook(instance, email(tag)), webhook(instance, email(tag))]),
    );
    const answers = await Promise.all(posts);
    expect(answers.every((response) => response.status === 200)).toBe(true);
    await waitFor(async () => (await inboundMessagesOf(tags)) >= 30, 60_000, '30 messages');
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(await inboundMessagesOf(tags)).toBe(30);
    expect(await count(`SELECT count(*) AS n FROM app_threads WHERE subject LIKE 'Question twice%'`)).toBe(30);
  });

  it('emails each answer once, whichever instance it was posted through', async () => {
    const tags = Array.from({ length: 6 }, () => `answered${++sequence}`);
    await Promise.all(tags.map((tag, i) => webhook(instances[i % 2], email(tag))));
    await waitFor(async () => (await inboundMessagesOf(tags)) === tags.length, 30_000, 'questions');
    for (const [i, tag] of tags.entries()) await answer(instances[i % 2], await threadOf(tag), `Answer for ${tag}`);
    for (const tag of tags) await waitFor(() => delivered(`Answer for ${tag}`).length > 0, 30_000, `answer ${tag}`);
    await new Promise((resolve) => setTimeout(resolve, 1500));
    for (const tag of tags) expect(delivered(`Answer for ${tag}`)).toHaveLength(1);
  });

  it('delivers every email that got a 200 exactly once within 60 s of SIGKILLing an instance mid-burst', async () => {
    const [doomed] = instances;
    const tags = Array.from({ length: 60 }, () => `burst${++sequence}`);
    const accepted: string[] = [];
    let answered = 0;
    let killedAt = 0;
    // The whole burst goes to one instance; it is killed once half of it has been answered, while
    // the rest is being accepted, claimed and posted.
    await Promise.all(
      tags.map(async (tag) => {
        const response = await webhook(doomed, email(tag)).catch(() => undefined);
        if (response?.status === 200) accepted.push(tag);
        if (++answered === tags.length / 2) {
          killedAt = Date.now();
          await doomed.kill('SIGKILL');
        }
      }),
    );
    expect(accepted.length).toBeGreaterThanOrEqual(tags.length / 2);
    await waitFor(async () => (await inboundMessagesOf(accepted)) >= accepted.length, 60_000, 'takeover');
    const takeoverSeconds = (Date.now() - killedAt) / 1000;
    expect(takeoverSeconds).toBeLessThan(60);
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(await inboundMessagesOf(accepted)).toBe(accepted.length);
    const unfinished = await count(
      `SELECT count(*) AS n FROM messaging_gateway_inbound_emails WHERE status <> 'delivered' AND subject LIKE 'Question burst%'`,
    );
    expect(unfinished).toBe(0);
    console.log(
      `multi-instance: ${accepted.length} accepted emails all delivered ${takeoverSeconds.toFixed(1)} s after the kill`,
    );
    instances[0] = await spawnReferenceApp(await env());
  }, 120_000);

  it('delivers each answer once after an SMTP outage of 30 s, with no resend by hand', async () => {
    const tags = Array.from({ length: 4 }, () => `outage${++sequence}`);
    await Promise.all(tags.map((tag, i) => webhook(instances[i % 2], email(tag))));
    await waitFor(async () => (await inboundMessagesOf(tags)) === tags.length, 30_000, 'questions');
    await smtp.close();
    const downAt = Date.now();
    for (const [i, tag] of tags.entries()) await answer(instances[i % 2], await threadOf(tag), `Outage answer ${tag}`);
    await new Promise((resolve) => setTimeout(resolve, 30_000 - (Date.now() - downAt)));
    const waiting = await db.query(
      `SELECT status, reason_code, next_attempt_at FROM messaging_gateway_outbound_emails WHERE subject LIKE 'Re: Question outage%'`,
    );
    expect(waiting.rows.map((row) => row.status)).toEqual(tags.map(() => 'queued'));
    expect(waiting.rows.every((row) => row.reason_code === 'smtp_unavailable' && row.next_attempt_at)).toBe(true);
    smtp = await startSmtpPeer({ port: smtpPort });
    for (const tag of tags) await waitFor(() => delivered(`Outage answer ${tag}`).length > 0, 30_000, `answer ${tag}`);
    await new Promise((resolve) => setTimeout(resolve, 1500));
    for (const tag of tags) expect(delivered(`Outage answer ${tag}`)).toHaveLength(1);
  }, 120_000);
});
