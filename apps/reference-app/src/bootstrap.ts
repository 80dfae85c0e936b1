import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { resolveMessagingGatewayOptions } from 'nestjs-messaging-gateway';
import { AppModule } from './app.module';
import { freePort } from './common/free-port';
import { type AppConfig, loadAppConfig } from './config/app-config';
import { withDevelopmentDefaults } from './config/development-defaults';
import { DependencyUnavailableError, preflight } from './config/preflight';
import { startDevMailCapture } from './dev-mail/dev-mail-capture.server';
import { DevMailbox } from './dev-mail/dev-mailbox';
import { RELAY_PATH } from './relay/relay.controller';
import { relayRawBody } from './relay/relay-raw-body';
import { replyFormFiles } from './attachments/reply-form-files';

/**
 * Builds and starts the app: validate settings, start the dev mail capture, check dependencies,
 * then create Nest. Tests call it with their own environment and PORT=0 (a free port is chosen
 * first, because the gateway calls this app's Messages API and must know its URL).
 */
export async function createReferenceApp(
  input: NodeJS.ProcessEnv,
): Promise<{ app: INestApplication; config: AppConfig }> {
  const port = input.PORT === '0' ? String(await freePort()) : input.PORT;
  const { env, generated } = withDevelopmentDefaults({ ...input, ...(port ? { PORT: port } : {}) });
  const config = loadAppConfig(env, generated);
  const devMailbox = new DevMailbox(config.devMailCapture.enabled);
  const capture = config.devMailCapture.enabled
    ? await startDevMailCapture(config.devMailCapture.port, devMailbox).catch((error: Error) => {
        throw new DependencyUnavailableError(error.message);
      })
    : undefined;
  try {
    // The gateway sends to the port the capture actually bound (DEV_MAIL_CAPTURE_PORT=0 in tests).
    if (capture) config.env.SMTP_PORT = String(capture.port);
    // Fails fast with a one-line reason before any connection is opened.
    const gateway = resolveMessagingGatewayOptions({ env: config.env });
    await preflight(config.databaseUrl, config.redisUrl);
    const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config, devMailbox, capture), {
      rawBody: true,
      abortOnError: false,
      logger: input.LOG_LEVEL === 'silent' ? false : undefined,
    });
    // rawBody keeps the exact bytes webhook signatures are computed on; Express' default 100 kB
    // limit would refuse Postmark JSON or Mandrill forms carrying attachments (and Messages API
    // posts carrying whole emails), so JSON and urlencoded bodies get the webhook limit.
    const limit = gateway.webhook.maxBodyBytes;
    // The relay verifies its signature on the exact bytes: its body stays raw (1 MB is plenty).
    app.use(RELAY_PATH, relayRawBody());
    // The reply box sends files as multipart: parsed before the CSRF check reads the form.
    app.use(replyFormFiles(gateway.attachments.maxOutboundBytes));
    app.useBodyParser('json', { limit });
    app.useBodyParser('urlencoded', { limit, extended: true });
    app.enableShutdownHooks();
    try {
      await app.listen(config.port, input.HOST ?? '127.0.0.1');
    } catch (error) {
      // A boot check that fails (a wrong EMAIL_ENCRYPTION_KEYS) must not leave connections open.
      await app.close().catch(() => undefined);
      throw error;
    }
    return { app, config };
  } catch (error) {
    await capture?.close();
    throw error;
  }
}
