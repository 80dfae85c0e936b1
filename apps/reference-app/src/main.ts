import 'reflect-metadata';
import { MessagingGatewayConfigError } from 'nestjs-messaging-gateway';
import { createReferenceApp } from './bootstrap';
import { DependencyUnavailableError } from './config/preflight';

createReferenceApp(process.env)
  .then(async ({ app }) => {
    console.log(`Reference app listening on ${await app.getUrl()}`);
  })
  .catch((error: Error) => {
    // Configuration and dependency problems are one line that says how to fix them.
    const expected = error instanceof MessagingGatewayConfigError || error instanceof DependencyUnavailableError;
    console.error(expected ? `Cannot start: ${error.message}` : error);
    process.exit(1);
  });
