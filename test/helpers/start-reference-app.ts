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
  /**
   * Closes the app and starts it again on the same database and Redis prefix (a deploy, a crash
   * and restart), with `overrides` on top of its environment; `app`, `url` and `env` follow.
   */
  restart(overrides?: NodeJS.ProcessEnv): Promise<void>;
  /** Closes the app, then drops its database and Redis keys. */
  stop(): Promise<void>;
}

export async function startReferenceApp(overrides: NodeJS.ProcessEnv = {}): Promise<RunningReferenceApp> {
  const database = await createTestDatabase();
  const redis = createTestRedisNamespace();
  const env = testAppEnv(database.url, redis.prefix, overrides);
  try {
    const { app } = await createReferenceApp(env);
    const running: RunningReferenceApp = {
      app,
      url: await urlOf(app),
      env,
      database,
      redis,
      restart: async (overrides = {}) => {
        await running.app.close();
        running.env = { ...running.env, ...overrides };
        running.app = (await createReferenceApp(running.env)).app;
        running.url = await urlOf(running.app);
      },
      stop: async () => {
        await running.app.close();
        await database.drop();
        await redis.cleanup();
      },
    };
    return running;
  } catch (error) {
    await database.drop();
    await redis.cleanup();
    throw error;
  }
}

async function urlOf(app: INestApplication): Promise<string> {
  return (await app.getUrl()).replace('[::1]', '127.0.0.1');
}
