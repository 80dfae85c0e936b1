import type { INestApplication } from '@nestjs/common';
import { createReferenceApp } from '../../apps/reference-app/src/bootstrap';
import { createTestDatabase, type TestDatabase } from './test-database';
import { testAppEnv } from './test-env';
import { createTestRedisNamespace, type TestRedisNamespace } from './test-redis';

/** A running reference app on its own database and Redis prefix, on a random port. */
export interface RunningReferenceApp {
  app: INestApplication;
  url: string;
  env: NodeJS.ProcessEnv;
  database: TestDatabase;
  redis: TestRedisNamespace;
  /** Closes the app, then drops its database and Redis keys. */
  stop(): Promise<void>;
}

export async function startReferenceApp(overrides: NodeJS.ProcessEnv = {}): Promise<RunningReferenceApp> {
  const database = await createTestDatabase();
  const redis = createTestRedisNamespace();
  const env = testAppEnv(database.url, redis.prefix, overrides);
  try {
    const { app } = await createReferenceApp(env);
    const url = (await app.getUrl()).replace('[::1]', '127.0.0.1');
    return {
      app,
      url,
      env,
      database,
      redis,
      stop: async () => {
        await app.close();
        await database.drop();
        await redis.cleanup();
      },
    };
  } catch (error) {
    await database.drop();
    await redis.cleanup();
    throw error;
  }
}
