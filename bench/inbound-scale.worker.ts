/*
 * One inbound worker process for the scale section (`inbound-scale.bench.ts`): the gateway with
 * its inbound queue worker and nothing else, configured from the environment the parent passes
 * (database, Redis prefix, Messages API stub). Sends 'ready' over IPC once the worker runs;
 * SIGTERM closes it.
 */
import 'reflect-metadata';
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { EventEmitterModule } from '@nestjs/event-emitter';
import { TypeOrmModule } from '@nestjs/typeorm';
import { MessagingGatewayModule } from 'nestjs-messaging-gateway';

@Module({
  imports: [
    EventEmitterModule.forRoot(),
    TypeOrmModule.forRoot({ type: 'postgres', url: process.env.DATABASE_URL, autoLoadEntities: true }),
    MessagingGatewayModule.forRoot({ inbound: { runWorker: true, processInline: false } }),
  ],
})
class ScaleWorkerModule {}

async function main(): Promise<void> {
  const app = await NestFactory.createApplicationContext(ScaleWorkerModule, { logger: ['error'] });
  await app.init();
  process.on('SIGTERM', () => {
    app.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  });
  process.send?.('ready');
}

main().catch((error: Error) => {
  console.error(`inbound scale worker: ${error.stack ?? error.message}`);
  process.exit(1);
});
