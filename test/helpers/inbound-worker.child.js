/*
 * A gateway worker process for crash tests: boots MessagingGatewayModule from the BUILT library
 * (libs/messaging-gateway/dist, as `npm test` builds it) with the inbound worker on, and nothing
 * else. Configuration comes from the environment (testAppEnv + MESSAGES_API_BASE_URL/KEY);
 * INBOUND_STUCK_AFTER_MS shortens crash recovery. Sends 'ready' over IPC once the worker runs;
 * SIGTERM closes it gracefully, SIGKILL is the crash under test.
 */
require('reflect-metadata');
const path = require('node:path');
const { Module } = require('@nestjs/common');
const { NestFactory } = require('@nestjs/core');
const { EventEmitterModule } = require('@nestjs/event-emitter');
const { TypeOrmModule } = require('@nestjs/typeorm');
const { MessagingGatewayModule } = require(path.join(__dirname, '../../libs/messaging-gateway/dist'));

class WorkerModule {}
Module({
  imports: [
    EventEmitterModule.forRoot(),
    TypeOrmModule.forRoot({ type: 'postgres', url: process.env.DATABASE_URL, autoLoadEntities: true }),
    MessagingGatewayModule.forRoot({
      inbound: {
        runWorker: true,
        processInline: false,
        concurrency: 4,
        stuckAfterMs: Number(process.env.INBOUND_STUCK_AFTER_MS ?? 300000),
      },
    }),
  ],
})(WorkerModule);

async function main() {
  const app = await NestFactory.createApplicationContext(WorkerModule, { logger: ['error'] });
  await app.init();
  process.on('SIGTERM', () => {
    app.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  });
  if (process.send) process.send('ready');
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
