import type { INestApplicationContext } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { Test } from '@nestjs/testing';
import { DataSource } from 'typeorm';
import { type MessagingGatewayOptions, InboundStore, ReplyTokenService } from 'nestjs-messaging-gateway';
import { generateGatewayMessageId } from 'nestjs-messaging-gateway/threading/message-id/gateway-message-id';
import { subjectKey } from 'nestjs-messaging-gateway/threading/subject/normalize-subject';
import { gatewayHostImports } from './gateway-imports';
import { type MessagesApiStub, startMessagesApiStub } from './messages-api-stub';
import { createTestDatabase, type TestDatabase } from './test-database';
import { testAppEnv } from './test-env';
import { createTestRedisNamespace, type TestRedisNamespace } from './test-redis';

/** The gateway module alone (no reference app) on its own database, Redis prefix and Messages API stub. */
export interface RunningGateway {
  app: INestApplicationContext;
  /** The HTTP base URL when started with `http: true`. */
  url?: string;
  env: NodeJS.ProcessEnv;
  database: TestDatabase;
  redis: TestRedisNamespace;
  api: MessagesApiStub;
  store: InboundStore;
  tokens: ReplyTokenService;
  dataSource: DataSource;
  /** Every event emitted, in order. */
  events: Array<{ name: string; payload: Record<string, unknown> }>;
  /** Polls until `check` returns a truthy value (default 20 s). */
  waitFor<T>(
    check: () => Promise<T | undefined | null | false> | T | undefined | null | false,
    timeoutMs?: number,
  ): Promise<T>;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- rows of arbitrary columns, asserted field by field
  statusOf(id: string): Promise<Record<string, any>>;
  /** Stores what the outbound path stores for an email sent to `recipient` in `threadId` (the outbox row and the thread mapping). */
  recordOutbound(threadId: string, recipient: string, subject?: string): Promise<{ token: string; messageId: string }>;
  stop(): Promise<void>;
}

export async function startGateway(
  options: {
    inbound?: MessagingGatewayOptions['inbound'];
    gateway?: Partial<MessagingGatewayOptions>;
    env?: NodeJS.ProcessEnv;
    /** Listen on a random port (raw bodies kept), for suites that post webhooks. */
    http?: boolean;
  } = {},
): Promise<RunningGateway> {
  const database = await createTestDatabase();
  const redis = createTestRedisNamespace();
  const api = await startMessagesApiStub();
  const env = testAppEnv(database.url, redis.prefix, { EMAIL_OUTBOUND_ENABLED: 'false', ...options.env });
  const moduleRef = await Test.createTestingModule({
    imports: gatewayHostImports(database.url, {
      env,
      messagesApi: { baseUrl: api.baseUrl, apiKey: api.apiKey, retries: 2, timeoutMs: 5000 },
      ...options.gateway,
      inbound: { sweepIntervalMs: 3_600_000, ...options.inbound },
    }),
  }).compile();
  let url: string | undefined;
  let app: INestApplicationContext;
  if (options.http) {
    const http = moduleRef.createNestApplication({ rawBody: true, logger: false });
    await http.listen(0, '127.0.0.1');
    url = (await http.getUrl()).replace('[::1]', '127.0.0.1');
    app = http;
  } else {
    app = await moduleRef.init();
  }
  const events: RunningGateway['events'] = [];
  app.get(EventEmitter2).onAny((name: string | string[], payload: Record<string, unknown>) => {
    events.push({ name: String(name), payload });
  });
  const dataSource = app.get(DataSource);
  const tokens = app.get(ReplyTokenService);
  const domain = env.EMAIL_REPLY_DOMAIN!;

  const waitFor: RunningGateway['waitFor'] = async (check, timeoutMs = 20_000) => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const value = await check();
      if (value) return value as never;
      if (Date.now() > deadline) throw new Error(`waitFor timed out after ${timeoutMs} ms`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  };

  return {
    app,
    url,
    env,
    database,
    redis,
    api,
    store: app.get(InboundStore),
    tokens,
    dataSource,
    events,
    waitFor,
    statusOf: async (id) =>
      (await dataSource.query(`SELECT * FROM messaging_gateway_inbound_emails WHERE id = $1`, [id]))[0],
    recordOutbound: async (threadId, recipient, subject = 'Your question') => {
      const token = tokens.generate({ threadId, recipient });
      const messageId = generateGatewayMessageId({ token, domain });
      await dataSource.query(
        `INSERT INTO email_thread_mappings (thread_id, email_message_id, sender_email, subject_normalized, reply_to_token)
         VALUES ($1, $2, $3, $4, $5)`,
        [threadId, messageId, recipient.toLowerCase(), subjectKey(subject), tokens.normalize(token)],
      );
      await dataSource.query(
        `INSERT INTO messaging_gateway_outbound_emails
           (dedupe_key, thread_id, recipient, subject, status, email_message_id, reply_token, expires_at)
         VALUES ($1, $2, $3, $4, 'sent', $5, $6, now() + interval '2 days')`,
        [`${messageId}:${recipient}`, threadId, recipient, subject, messageId, tokens.normalize(token)],
      );
      return { token, messageId };
    },
    stop: async () => {
      await app.close();
      await api.close();
      await database.drop();
      await redis.cleanup();
    },
  };
}
