import { Test, type TestingModule } from '@nestjs/testing';
import type { MessagingGatewayOptions } from 'nestjs-messaging-gateway';
import { DataSource } from 'typeorm';
import { gatewayHostImports } from './gateway-imports';
import { testAppEnv } from './test-env';
import { createTestRedisNamespace, type TestRedisNamespace } from './test-redis';

/** A minimal host (event emitter, TypeORM with the migrations, the gateway) on its own Redis prefix. */
export interface GatewayTestApp {
  app: TestingModule;
  dataSource: DataSource;
  env: NodeJS.ProcessEnv;
  redis: TestRedisNamespace;
  close(): Promise<void>;
}

export async function startGatewayApp(
  databaseUrl: string,
  envOverrides: NodeJS.ProcessEnv,
  options: Omit<MessagingGatewayOptions, 'env'> = {},
): Promise<GatewayTestApp> {
  const redis = createTestRedisNamespace();
  const env = testAppEnv(databaseUrl, redis.prefix, {
    MESSAGES_API_BASE_URL: 'http://127.0.0.1:9/api/v1/messages',
    ...envOverrides,
  });
  const moduleRef = await Test.createTestingModule({
    imports: gatewayHostImports(databaseUrl, { env, ...options }),
  }).compile();
  const app = await moduleRef.init();
  return {
    app,
    dataSource: app.get(DataSource),
    env,
    redis,
    close: async () => {
      await app.close();
      await redis.cleanup();
    },
  };
}

/** Polls `probe` until it returns a value (not undefined) or the time is up. */
export async function eventually<T>(probe: () => Promise<T | undefined>, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
