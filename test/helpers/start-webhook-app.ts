import type { INestApplication, NestApplicationOptions } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { DataSource } from 'typeorm';
import type { MessagingGatewayOptions } from 'nestjs-messaging-gateway';
import { gatewayHostImports } from './gateway-imports';
import { createTestDatabase, type TestDatabase } from './test-database';
import { testAppEnv } from './test-env';
import { createTestRedisNamespace, type TestRedisNamespace } from './test-redis';

/** A minimal host (TypeORM, events, the gateway) listening on a random port, for webhook suites. */
export interface RunningWebhookApp {
  app: INestApplication;
  url: string;
  dataSource: DataSource;
  database: TestDatabase;
  redis: TestRedisNamespace;
  stop(): Promise<void>;
}

export async function startWebhookApp(
  webhook: MessagingGatewayOptions['webhook'],
  nestOptions: NestApplicationOptions = { rawBody: true },
  env: NodeJS.ProcessEnv = {},
): Promise<RunningWebhookApp> {
  const database = await createTestDatabase();
  const redis = createTestRedisNamespace();
  const appEnv = testAppEnv(database.url, redis.prefix, {
    EMAIL_OUTBOUND_ENABLED: 'false',
    MESSAGES_API_BASE_URL: 'http://127.0.0.1:9/api/v1/messages',
    EMAIL_WEBHOOK_SECRET: '',
    ...env,
  });
  const moduleRef = await Test.createTestingModule({
    // Only the ingress is under test: no worker, no processing.
    imports: gatewayHostImports(database.url, {
      env: appEnv,
      inbound: { processInline: false, runWorker: false },
      webhook,
    }),
  }).compile();
  const app = moduleRef.createNestApplication({ logger: false, ...nestOptions });
  await app.listen(0, '127.0.0.1');
  const url = (await app.getUrl()).replace('[::1]', '127.0.0.1');
  return {
    app,
    url,
    dataSource: app.get(DataSource),
    database,
    redis,
    stop: async () => {
      await app.close();
      await database.drop();
      await redis.cleanup();
    },
  };
}
