import { type MessagesApiStub, startMessagesApiStub } from '../test/helpers/messages-api-stub';
import { createTestDatabase, type TestDatabase } from '../test/helpers/test-database';
import { testAppEnv } from '../test/helpers/test-env';
import { createTestRedisNamespace, type TestRedisNamespace } from '../test/helpers/test-redis';

/** What an inbound bench section runs against: its own database, Redis prefix and Messages API stub. */
export interface InboundBenchEnvironment {
  database: TestDatabase;
  env: NodeJS.ProcessEnv;
  /** Closes the stub, drops the database and clears the Redis prefix. */
  close(): Promise<void>;
}

/** A fresh environment per section, so one section's rows and jobs never weigh on the next. */
export async function inboundBenchEnvironment(): Promise<InboundBenchEnvironment> {
  const database = await createTestDatabase();
  const redis: TestRedisNamespace = createTestRedisNamespace();
  const api: MessagesApiStub = await startMessagesApiStub();
  const env = testAppEnv(database.url, redis.prefix, {
    EMAIL_OUTBOUND_ENABLED: 'false',
    // The inbound settings a run is given (`EMAIL_INBOUND_INLINE_BACKLOG=0 npm run bench`), to
    // measure a setting against its default in the same conditions.
    ...Object.fromEntries(Object.entries(process.env).filter(([name]) => name.startsWith('EMAIL_INBOUND_'))),
    EMAIL_REPLY_DOMAIN: 'reply.bench.example',
    MESSAGES_API_BASE_URL: api.baseUrl,
    MESSAGES_API_KEY: api.apiKey,
  });
  return {
    database,
    env,
    close: async () => {
      await api.close();
      await database.drop();
      await redis.cleanup();
    },
  };
}
