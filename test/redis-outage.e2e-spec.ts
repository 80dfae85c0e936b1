import { createHmac, randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { signGenericWebhook } from 'nestjs-messaging-gateway';
import { startPrivateRedis, type PrivateRedis } from './helpers/private-redis';
import { type ChildReferenceApp, spawnReferenceApp } from './helpers/spawn-reference-app';
import { createTestDatabase, type TestDatabase } from './helpers/test-database';
import { testAppEnv } from './helpers/test-env';
import { waitFor } from './helpers/wait-for';

const MAILGUN_KEY = randomBytes(24).toString('hex');
/** "Its normal time": a webhook answers in tens of milliseconds; with Redis down it must stay well under a second. */
const ANSWER_BOUND_MS = 1000;
/** Long enough for a dozen reconnect attempts per connection (ioredis backs off to 2 s). */
const OUTAGE_MS = 6000;

const mime = (subject: string): string =>
  `From: customer@example.com\r\nTo: support@test.example\r\nSubject: ${subject}\r\n` +
  `Message-ID: <${randomBytes(8).toString('hex')}@example.com>\r\n\r\nHello during the outage\r\n`;

interface Answer {
  status: number;
  ms: number;
  retryAfter: string | null;
  body: { ok: boolean; id?: string; code?: string };
}

/**
 * Issue 17: a Redis outage seen from outside, on the built app as an operator runs it (its own
 * redis-server on a free port, never the shared one). Webhooks keep answering within their normal
 * time: 200 when the email is committed to PostgreSQL (its queue entry is the sweeper's job), 503
 * with Retry-After when storing needs Redis (Mailgun's replay guard); the log says once that Redis
 * went away and once that it came back.
 */
describe('Redis outage (the built app, its own redis-server)', () => {
  let redis: PrivateRedis;
  let database: TestDatabase;
  let app: ChildReferenceApp;
  let env: NodeJS.ProcessEnv;

  const timed = async (path: string, body: string, headers: Record<string, string>): Promise<Answer> => {
    const started = Date.now();
    const response = await fetch(`${app.url}${path}`, { method: 'POST', headers, body });
    const answer = (await response.json()) as Answer['body'];
    return {
      status: response.status,
      ms: Date.now() - started,
      retryAfter: response.headers.get('retry-after'),
      body: answer,
    };
  };
  const generic = (): Promise<Answer> => {
    const raw = mime('generic');
    return timed('/gateway/inbound', raw, {
      'content-type': 'message/rfc822',
      ...signGenericWebhook(env.EMAIL_WEBHOOK_SECRET!, raw),
    });
  };
  const mailgun = (): Promise<Answer> => {
    const timestamp = String(Math.floor(Date.now() / 1000));
    const token = randomBytes(16).toString('hex');
    const signature = createHmac('sha256', MAILGUN_KEY)
      .update(timestamp + token)
      .digest('hex');
    const form = new URLSearchParams({
      timestamp,
      token,
      signature,
      'body-mime': mime('mailgun'),
      recipient: 'support@test.example',
    });
    return timed('/gateway/inbound/mailgun', form.toString(), { 'content-type': 'application/x-www-form-urlencoded' });
  };
  const statuses = async (ids: string[]): Promise<string[]> => {
    const client = new Client({ connectionString: database.url });
    await client.connect();
    try {
      const { rows } = await client.query('SELECT status FROM messaging_gateway_inbound_emails WHERE id = ANY($1)', [
        ids,
      ]);
      return rows.map((row: { status: string }) => row.status);
    } finally {
      await client.end();
    }
  };

  beforeAll(async () => {
    redis = await startPrivateRedis();
    database = await createTestDatabase();
    env = testAppEnv(database.url, `mgwtest:outage:${randomBytes(4).toString('hex')}`, {
      REDIS_URL: redis.url,
      LOG_LEVEL: '',
      MAILGUN_WEBHOOK_SIGNING_KEY: MAILGUN_KEY,
    });
    app = await spawnReferenceApp(env);
  });

  afterAll(async () => {
    await app?.kill('SIGTERM');
    await redis?.stop();
    await database?.drop();
  });

  it('answers within its normal time while Redis is down, 200 once stored and 503 with Retry-After when it cannot store, and logs each state change once', async () => {
    expect((await generic()).status).toBe(200);
    expect((await mailgun()).status).toBe(200);

    const log = app.capture();
    await redis.stop();
    await waitFor(() => /Redis at 127\.0\.0\.1:\d+ is unreachable/.test(log()), 10_000, 'outage noticed');

    const storedDuringOutage: string[] = [];
    const deadline = Date.now() + OUTAGE_MS;
    while (Date.now() < deadline) {
      const stored = await generic();
      expect(stored.status).toBe(200);
      expect(stored.ms).toBeLessThan(ANSWER_BOUND_MS);
      storedDuringOutage.push(stored.body.id!);

      const refused = await mailgun();
      expect(refused).toMatchObject({ status: 503, retryAfter: '30', body: { code: 'EGW_WEBHOOK_UNAVAILABLE' } });
      expect(refused.ms).toBeLessThan(ANSWER_BOUND_MS);
      // Paced like a provider's traffic, so the outage spans many reconnect attempts, not many emails.
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    // Committed to PostgreSQL, so the 200 was no lie: each row is there (and processed inline).
    expect(await statuses(storedDuringOutage)).toHaveLength(storedDuringOutage.length);

    await redis.start();
    await waitFor(async () => (await mailgun()).status === 200, 20_000, 'Mailgun accepted again');
    await waitFor(() => /is reachable again after/.test(log()), 10_000, 'recovery logged');
    await waitFor(
      async () => (await statuses(storedDuringOutage)).every((status) => status === 'delivered'),
      20_000,
      'emails of the outage delivered',
    );

    const lines = log().split('\n').filter(Boolean);
    const redisLines = lines.filter((line) => /MessagingGateway:Redis/.test(line));
    expect(redisLines).toHaveLength(2);
    expect(log()).not.toMatch(/Unhandled error event|ECONNREFUSED|^\s+at /m);
    // Besides the two state lines, only lines about one request or one email (refused at debug
    // level; stored but queued later, then delivered): nothing repeats per reconnect attempt.
    const perRequest = /inboundEmailId=|inbound [0-9a-f-]{36}|stored [0-9a-f-]{36}|webhook refused 503/;
    expect(lines.filter((line) => !redisLines.includes(line) && !perRequest.test(line))).toEqual([]);
  });
});
