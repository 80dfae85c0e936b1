import 'reflect-metadata';
import { MessagingGatewayConfigError } from 'nestjs-messaging-gateway';
import { createReferenceApp } from './bootstrap';
import { DependencyUnavailableError } from './config/preflight';
import { startupBanner } from './config/startup-banner';

createReferenceApp(process.env)
  .then(async ({ app, config }) => {
    const url = (await app.getUrl()).replace('[::1]', '127.0.0.1');
    console.log(startupBanner(config, url));
  })
  .catch((error: Error) => {
    // Configuration and dependency problems are one line that says how to fix them.
    const expected =
      error instanceof MessagingGatewayConfigError ||
      error instanceof DependencyUnavailableError ||
      /^[A-Z_]+: /.test(error.message);
    console.error(expected ? `Cannot start: ${error.message}` : error);
    process.exit(1);
  });
