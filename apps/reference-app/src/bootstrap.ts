import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { resolveMessagingGatewayOptions } from 'nestjs-messaging-gateway';
import { AppModule } from './app.module';
import { type AppConfig, loadAppConfig } from './config/app-config';
import { withDevelopmentDefaults } from './config/development-defaults';
import { preflight } from './config/preflight';

/**
 * Builds and starts the app: validate settings, check dependencies, then create Nest.
 * Tests call it with their own environment and port 0.
 */
export async function createReferenceApp(
  env: NodeJS.ProcessEnv,
): Promise<{ app: INestApplication; config: AppConfig }> {
  const config = loadAppConfig(withDevelopmentDefaults(env));
  // Fails fast with a one-line reason before any connection is opened.
  const gateway = resolveMessagingGatewayOptions({ env: config.env });
  await preflight(config.databaseUrl, config.redisUrl);
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config), {
    rawBody: true,
    abortOnError: false,
    logger: env.LOG_LEVEL === 'silent' ? false : undefined,
  });
  // rawBody keeps the exact bytes webhook signatures are computed on; Express' default 100 kB
  // limit would refuse Postmark JSON or Mandrill forms carrying attachments before the gateway
  // sees them, so JSON and urlencoded bodies get the webhook limit (EMAIL_WEBHOOK_MAX_BYTES).
  const limit = gateway.webhook.maxBodyBytes;
  app.useBodyParser('json', { limit });
  app.useBodyParser('urlencoded', { limit, extended: true });
  app.enableShutdownHooks();
  await app.listen(config.port, env.HOST ?? '127.0.0.1');
  return { app, config };
}
