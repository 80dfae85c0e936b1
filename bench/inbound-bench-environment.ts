import { join } from 'node:path';
import { createTestDatabase, type TestDatabase } from '../test/helpers/test-database';
import { testAppEnv } from '../test/helpers/test-env';
import { createTestRedisNamespace, type TestRedisNamespace } from '../test/helpers/test-redis';
import { forkUntilReady, stopChild } from './bench-child';

/**
 * What an inbound bench section runs against: its own database, Redis prefix and Messages API stub
 * (in a process of its own: messages-api-stub.process.ts).
 */
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
  const { child: stub, ready: api } = await forkUntilReady<{ baseUrl: string; apiKey: string }>(
    join(__dirname, 'messages-api-stub.process.js'),
  );
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
      await stopChild(stub);
      await database.drop();
      await redis.cleanup();
    },
  };
}
