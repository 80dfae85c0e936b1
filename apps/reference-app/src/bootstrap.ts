import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
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
  resolveMessagingGatewayOptions({ env: config.env });
  await preflight(config.databaseUrl, config.redisUrl);
  const app = await NestFactory.create(AppModule.forRoot(config), {
    rawBody: true,
    abortOnError: false,
    logger: env.LOG_LEVEL === 'silent' ? false : undefined,
  });
  app.enableShutdownHooks();
  await app.listen(config.port, env.HOST ?? '127.0.0.1');
  return { app, config };
}
