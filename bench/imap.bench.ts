/*
 * IMAP ingestion: 1,000 messages read by the gateway's receiver (fetch, InboundStore.accept into
 * PostgreSQL, \Seen, cursor) against a bare imapflow fetch of every source of the same mailbox,
 * both on an already logged-in connection to the same local Dovecot, in the same run.
 */
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ImapFlow } from 'imapflow';
import { ImapReceiverService } from 'nestjs-messaging-gateway';
import { type DovecotServer, startDovecot } from '../test/helpers/dovecot';
import { imapGatewayImports } from '../test/helpers/imap-gateway-module';
import { createTestDatabase } from '../test/helpers/test-database';
import { createTestRedisNamespace } from '../test/helpers/test-redis';
import { ioCounters, perEmail, printIoDetail, resetIoDetail } from './io-counters';

const MESSAGES = 1000;
const PARAGRAPH =
  'Thanks for getting back to me. I tried the steps from your last answer and the export still stops half way. ';

function benchMessage(i: number): Buffer {
  return Buffer.from(
    `From: Customer ${i} <customer${i}@example.org>\r\nTo: support@bench.example\r\nSubject: Export question ${i}\r\n` +
      `Message-ID: <bench-${i}-${Date.now()}@example.org>\r\nDate: Sun, 22 Nov 2026 01:00:00 +0000\r\nMIME-Version: 1.0\r\n` +
      `Content-Type: text/plain; charset=utf-8\r\n\r\n${PARAGRAPH.repeat(15)}\r\n`,
  );
}

function client(server: DovecotServer): ImapFlow {
  return new ImapFlow({
    host: server.host,
    port: server.port,
    secure: false,
    auth: { user: server.user, pass: server.pass },
    logger: false,
  });
}

export async function imapBench(): Promise<Record<string, number>> {
  const io = ioCounters();
  const dovecot = await startDovecot();
  const database = await createTestDatabase();
  const redis = createTestRedisNamespace();
  const mail = client(dovecot);
  try {
    await mail.connect();
    await mail.mailboxCreate('Staging');
    await mail.mailboxCreate('Bench');
    for (let i = 0; i < MESSAGES; i++) await mail.append('Staging', benchMessage(i));

    const barePerSec = await bareFetch(mail);

    const app = await startGateway(database.url, redis.prefix, dovecot);
    try {
      const receiver = app.get(ImapReceiverService);
      await until(() => receiver.getStatus().connected);
      // One server-side MOVE fills the idle receiver's mailbox; the clock starts when the server
      // has finished it, as the bare fetch starts on a full mailbox (the move's own disk work is
      // Dovecot's, not ours). The receiver hears of the mail by IDLE.
      const lock = await mail.getMailboxLock('Staging');
      try {
        await mail.messageMove('1:*', 'Bench');
      } finally {
        lock.release();
      }
      resetIoDetail();
      const before = io.snapshot();
      const started = process.hrtime.bigint();
      await until(() => (receiver.getStatus().lastUid ?? 0) >= MESSAGES);
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      const perSec = MESSAGES / seconds;
      // Stored and enqueued, not processed (the IMAP host of this section runs no worker).
      const cost = perEmail(before, io.snapshot(), MESSAGES);
      printIoDetail('imap', MESSAGES);
      return {
        perSec: round(perSec),
        barePerSec: round(barePerSec),
        ratio: round(perSec / barePerSec, 3),
        ...cost,
      };
    } finally {
      await app.close();
    }
  } finally {
    await mail.logout().catch(() => undefined);
    await dovecot.stop();
    await database.drop();
    await redis.cleanup();
  }
}

/** Every source of the staging mailbox through one imapflow FETCH, as a plain script would. */
async function bareFetch(mail: ImapFlow): Promise<number> {
  const lock = await mail.getMailboxLock('Staging');
  try {
    const started = process.hrtime.bigint();
    let count = 0;
    for await (const message of mail.fetch('1:*', { uid: true, source: true })) if (message.source) count += 1;
    if (count !== MESSAGES) throw new Error(`bare fetch read ${count} of ${MESSAGES} messages`);
    return MESSAGES / (Number(process.hrtime.bigint() - started) / 1e9);
  } finally {
    lock.release();
  }
}

async function startGateway(databaseUrl: string, redisPrefix: string, dovecot: DovecotServer) {
  @Module({ imports: imapGatewayImports(databaseUrl, redisPrefix, dovecot, { mailbox: 'Bench' }) })
  class ImapBenchModule {}
  return NestFactory.createApplicationContext(ImapBenchModule, { logger: false });
}

async function until(condition: () => boolean, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('imap bench: timed out');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

const round = (value: number, digits = 1): number => Number(value.toFixed(digits));
