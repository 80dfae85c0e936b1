/*
 * outbound: `message.created` events → SMTP-accepted emails per second through the whole gateway
 * path (outbox row + thread mapping in PostgreSQL, BullMQ job, compose, pooled SMTP, status write),
 * against bare nodemailer pooled sending of the same messages to the same local smtp-server, in
 * the same run, with PostgreSQL statements and Redis commands per email. Creates and drops its own
 * database and Redis prefix.
 */
import { randomUUID } from 'node:crypto';
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { EventEmitter2, EventEmitterModule } from '@nestjs/event-emitter';
import { TypeOrmModule } from '@nestjs/typeorm';
import { GatewayEvents, HostEvents, MessagingGatewayModule } from 'nestjs-messaging-gateway';
import { createTransport } from 'nodemailer';
import { SMTPServer } from 'smtp-server';
import { migrations } from '../migrations';
import { createTestDatabase } from '../test/helpers/test-database';
import { testAppEnv } from '../test/helpers/test-env';
import { createTestRedisNamespace } from '../test/helpers/test-redis';
import { ioCounters, perEmail, printIoDetail, resetIoDetail } from './io-counters';

const MESSAGES = Number(process.env.BENCH_OUTBOUND_MESSAGES ?? 500);
/** The gateway pools 5 SMTP connections (nodemailer's default); the bare run uses the same. */
const CONNECTIONS = 5;

const body = 'Thanks for your message.\n\nWe have looked into it and refunded the order.\n\n— Support';

export async function outboundBench(): Promise<Record<string, number>> {
  const sink = await startSink();
  try {
    const barePerSec = await bare(sink);
    const { perSec, cost } = await gateway(sink);
    return {
      perSec: round(perSec),
      barePerSec: round(barePerSec),
      ratio: Math.round((perSec / barePerSec) * 1000) / 1000,
      ...cost,
    };
  } finally {
    await new Promise<void>((resolve) => sink.server.close(() => resolve()));
  }
}

async function bare(sink: Sink): Promise<number> {
  const transport = createTransport({
    pool: true,
    host: '127.0.0.1',
    port: sink.port,
    secure: false,
    maxConnections: CONNECTIONS,
  });
  const start = sink.count;
  const began = performance.now();
  await Promise.all(
    Array.from({ length: MESSAGES }, (_, i) =>
      transport.sendMail({
        from: { name: 'Agent via Support', address: 'support@bench.example' },
        to: `customer${i}@bench.example`,
        replyTo: `reply+${randomUUID()}@reply.bench.example`,
        subject: 'Re: Order question',
        text: body,
        html: `<p>${body}</p>`,
        messageId: `<${randomUUID()}@reply.bench.example>`,
        inReplyTo: '<orig@bench.example>',
        references: ['<orig@bench.example>'],
      }),
    ),
  );
  const elapsed = performance.now() - began;
  transport.close();
  if (sink.count - start !== MESSAGES) throw new Error('bare run lost messages');
  return (MESSAGES / elapsed) * 1000;
}

async function gateway(sink: Sink): Promise<{ perSec: number; cost: ReturnType<typeof perEmail> }> {
  const io = ioCounters();
  const database = await createTestDatabase();
  const redis = createTestRedisNamespace();
  const env = testAppEnv(database.url, redis.prefix, {
    MESSAGES_API_BASE_URL: 'http://127.0.0.1:9/api/v1/messages',
    SMTP_FROM: 'support@bench.example',
    SMTP_HOST: '127.0.0.1',
    SMTP_PORT: String(sink.port),
    SMTP_SECURITY: 'plain',
  });
  @Module({
    imports: [
      EventEmitterModule.forRoot(),
      TypeOrmModule.forRoot({
        type: 'postgres',
        url: database.url,
        autoLoadEntities: true,
        migrations,
        migrationsRun: true,
      }),
      MessagingGatewayModule.forRoot({
        env,
        // The 100/s production default would make this a benchmark of the limiter.
        outbound: { maxPerSecond: 100_000 },
      }),
    ],
  })
  class BenchModule {}
  const app = await NestFactory.createApplicationContext(BenchModule, { logger: ['error'] });
  try {
    const events = app.get(EventEmitter2);
    let sent = 0;
    events.on(GatewayEvents.EMAIL_OUTBOUND_SENT, () => sent++);
    const start = sink.count;
    resetIoDetail();
    const before = io.snapshot();
    const began = performance.now();
    await Promise.all(
      Array.from({ length: MESSAGES }, (_, i) =>
        events.emitAsync(HostEvents.MESSAGE_CREATED, {
          threadId: randomUUID(),
          messageId: randomUUID(),
          messageText: body,
          threadMetadata: {
            sourceType: 'email',
            emailFrom: `customer${i}@bench.example`,
            emailSubject: 'Order question',
            lastEmailMessageId: '<orig@bench.example>',
          },
          senderProfile: { displayName: 'Agent' },
        }),
      ),
    );
    await sink.waitFor(start + MESSAGES, 120_000);
    const perSec = (MESSAGES / (performance.now() - began)) * 1000;
    // The status write follows the server's 250: the cost is counted once every row is sent.
    const deadline = Date.now() + 30_000;
    while (sent < MESSAGES && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 5));
    const cost = perEmail(before, io.snapshot(), MESSAGES);
    printIoDetail('outbound', MESSAGES);
    return { perSec, cost };
  } finally {
    await app.close();
    await database.drop();
    await redis.cleanup();
  }
}

interface Sink {
  server: SMTPServer;
  port: number;
  count: number;
  waitFor(count: number, timeoutMs: number): Promise<void>;
}

/** A local smtp-server that accepts everything and counts accepted messages. */
async function startSink(): Promise<Sink> {
  const sink = { count: 0 } as Sink;
  sink.server = new SMTPServer({
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, _session, callback) {
      stream.on('data', () => undefined);
      stream.on('end', () => {
        sink.count++;
        callback(null, 'Ok');
      });
    },
  });
  await new Promise<void>((resolve) => sink.server.listen(0, '127.0.0.1', resolve));
  sink.port = (sink.server as unknown as { server: { address(): { port: number } } }).server.address().port;
  sink.waitFor = async (count, timeoutMs) => {
    const deadline = Date.now() + timeoutMs;
    while (sink.count < count) {
      if (Date.now() > deadline) throw new Error(`outbound bench: ${sink.count} of ${count} emails accepted in time`);
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  };
  return sink;
}

const round = (value: number): number => Math.round(value * 10) / 10;
