/*
 * The Messages API stub in a process of its own, as a real Messages API is another service: the
 * bench's gateway process then spends its CPU on the gateway only, while the stub still shares the
 * machine's cores (as PostgreSQL and Redis do). Sends `{ baseUrl, apiKey }` over IPC once it
 * listens; SIGTERM closes it.
 */
import { startMessagesApiStub } from '../test/helpers/messages-api-stub';

async function main(): Promise<void> {
  const api = await startMessagesApiStub();
  process.on('SIGTERM', () => {
    api.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  });
  process.send?.({ baseUrl: api.baseUrl, apiKey: api.apiKey });
}

main().catch((error: Error) => {
  console.error(`messages api stub: ${error.stack ?? error.message}`);
  process.exit(1);
});
