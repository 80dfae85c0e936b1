/*
 * A host process for multi-process tests: boots MessagingGatewayModule from the BUILT library
 * (libs/messaging-gateway/dist) behind real HTTP, the way a host that emits `message.created` for
 * EVERY message it stores would: `POST /emit` emits the body as given, `GET /events` lists the
 * gateway events this process saw. Configuration comes from the environment; `{ready, port}` goes
 * over IPC once it listens.
 */
require('reflect-metadata');
const path = require('node:path');
const { Body, Controller, Get, Inject, Module, Post } = require('@nestjs/common');
const { NestFactory } = require('@nestjs/core');
const { EventEmitter2, EventEmitterModule } = require('@nestjs/event-emitter');
const { TypeOrmModule } = require('@nestjs/typeorm');
const { HostEvents, MessagingGatewayModule } = require(path.join(__dirname, '../../libs/messaging-gateway/dist'));

class EmitController {
  constructor(events) {
    this.events = events;
    this.seen = [];
    events.onAny((name, payload) => {
      if (String(name).startsWith('email.')) this.seen.push({ name: String(name), payload });
    });
  }

  async emit(body) {
    await this.events.emitAsync(HostEvents.MESSAGE_CREATED, body);
    return { emitted: true };
  }

  list() {
    return this.seen;
  }
}
Inject(EventEmitter2)(EmitController, undefined, 0);
Post('emit')(EmitController.prototype, 'emit', Object.getOwnPropertyDescriptor(EmitController.prototype, 'emit'));
Body()(EmitController.prototype, 'emit', 0);
Get('events')(EmitController.prototype, 'list', Object.getOwnPropertyDescriptor(EmitController.prototype, 'list'));
Controller()(EmitController);

class HostModule {}
Module({
  imports: [
    EventEmitterModule.forRoot(),
    TypeOrmModule.forRoot({ type: 'postgres', url: process.env.DATABASE_URL, autoLoadEntities: true }),
    MessagingGatewayModule.forRoot({}),
  ],
  controllers: [EmitController],
})(HostModule);

async function main() {
  const app = await NestFactory.create(HostModule, { logger: ['error'], rawBody: true });
  app.enableShutdownHooks();
  await app.listen(0, '127.0.0.1');
  const { port } = app.getHttpServer().address();
  if (process.send) process.send({ ready: true, port });
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
