import { randomUUID } from 'node:crypto';
import { ConsoleLogger, type INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { ImapFlow } from 'imapflow';
import { type MessagingGatewayOptions, ImapReceiverService } from 'nestjs-messaging-gateway';
import { DataSource } from 'typeorm';
import { type DovecotServer, type DovecotStartOptions, startDovecot } from './dovecot';
import { imapGatewayImports } from './imap-gateway-module';
import { createTestDatabase, type TestDatabase } from './test-database';
import { createTestRedisNamespace, type TestRedisNamespace } from './test-redis';

/** A plain RFC 5322 message as a mail client would APPEND it. */
export function mail(messageId: string, options: { subject?: string; body?: string; inReplyTo?: string } = {}): Buffer {
  return Buffer.from(
    [
      'From: Ann Customer <ann@customer.example>',
      'To: support@test.example',
      `Subject: ${options.subject ?? `Question ${messageId}`}`,
      `Message-ID: <${messageId}>`,
      ...(options.inReplyTo ? [`In-Reply-To: <${options.inReplyTo}>`, `References: <${options.inReplyTo}>`] : []),
      'Date: Sun, 22 Nov 2026 01:00:00 +0000',
      'MIME-Version: 1.0',
      'Content-Type: text/plain; charset=utf-8',
      '',
      options.body ?? `Hello, this is ${messageId}.`,
      '',
    ].join('\r\n'),
  );
}

export const newMessageId = (): string => `${randomUUID()}@customer.example`;

/** An imapflow client of the test itself (the "mail client" side). */
export async function imapClient(server: DovecotServer): Promise<ImapFlow> {
  const client = new ImapFlow({
    host: server.host,
    port: server.port,
    secure: false,
    // The test's own client trusts the test server's self-signed certificate.
    tls: { rejectUnauthorized: false },
    auth: { user: server.user, pass: server.pass },
    logger: false,
  });
  await client.connect();
  return client;
}

export async function appendAll(server: DovecotServer, mailbox: string, messages: Buffer[]): Promise<void> {
  const client = await imapClient(server);
  try {
    if (mailbox !== 'INBOX') await client.mailboxCreate(mailbox);
    for (const message of messages) await client.append(mailbox, message);
  } finally {
    await client.logout();
  }
}

/** Flags of every message in a mailbox, by Message-ID. */
export async function flagsByMessageId(server: DovecotServer, mailbox: string): Promise<Map<string, Set<string>>> {
  const client = await imapClient(server);
  const lock = await client.getMailboxLock(mailbox);
  try {
    const result = new Map<string, Set<string>>();
    if (!client.mailbox || client.mailbox.exists === 0) return result;
    for (const message of await client.fetchAll('1:*', { uid: true, flags: true, envelope: true })) {
      result.set(
        message.envelope?.messageId?.replace(/^<|>$/g, '') ?? `uid:${message.uid}`,
        message.flags ?? new Set(),
      );
    }
    return result;
  } finally {
    lock.release();
    await client.logout();
  }
}

export interface GatewayUnderTest {
  app: INestApplication;
  receiver: ImapReceiverService;
  dataSource: DataSource;
  /** Idempotent: the suite closes whatever a test left open. */
  close(): Promise<void>;
}

/** The library module alone (no reference app) reading one Dovecot mailbox into `databaseUrl`. */
export async function startImapGateway(
  databaseUrl: string,
  redisPrefix: string,
  server: DovecotServer,
  imap: MessagingGatewayOptions['imap'] = {},
  inbound: MessagingGatewayOptions['inbound'] = {},
): Promise<GatewayUnderTest> {
  const moduleRef = await Test.createTestingModule({
    imports: imapGatewayImports(databaseUrl, redisPrefix, server, imap, inbound),
  })
    .setLogger(new ConsoleLogger({ logLevels: ['error'] }))
    .compile();
  const app = moduleRef.createNestApplication();
  await app.init();
  let closing: Promise<void> | undefined;
  return {
    app,
    receiver: app.get(ImapReceiverService),
    dataSource: app.get(DataSource),
    close: () => (closing ??= app.close()),
  };
}

/** What `useImapSuite()` gives each test: the server, this test's database and Redis prefix. */
export interface ImapSuite {
  dovecot: DovecotServer;
  database: TestDatabase;
  redis: TestRedisNamespace;
  /** Starts a gateway on this test's database; the suite closes it after the test. */
  start(
    imap?: MessagingGatewayOptions['imap'],
    inbound?: MessagingGatewayOptions['inbound'],
  ): Promise<GatewayUnderTest>;
}

/**
 * Registers the hooks of an IMAP e2e suite: one Dovecot for the file (installed on first use,
 * hence the long timeout), a fresh database and Redis prefix per test, and cleanup of both and
 * of every gateway the test started. `options` may be computed in the suite's first hook (an
 * OAuth2 introspection URL is only known once its server listens).
 */
export function useImapSuite(options: DovecotStartOptions | (() => Promise<DovecotStartOptions>) = {}): ImapSuite {
  const gateways: GatewayUnderTest[] = [];
  const suite = {
    start: async (imap: MessagingGatewayOptions['imap'] = {}, inbound: MessagingGatewayOptions['inbound'] = {}) => {
      const gateway = await startImapGateway(suite.database.url, suite.redis.prefix, suite.dovecot, imap, inbound);
      gateways.push(gateway);
      return gateway;
    },
  } as ImapSuite;
  beforeAll(async () => {
    suite.dovecot = await startDovecot(typeof options === 'function' ? await options() : options);
  }, 600_000);
  beforeEach(async () => {
    suite.database = await createTestDatabase();
    suite.redis = createTestRedisNamespace();
  });
  afterEach(async () => {
    await Promise.all(gateways.splice(0).map((gateway) => gateway.close()));
    await suite.database.drop();
    await suite.redis.cleanup();
  });
  afterAll(async () => {
    await suite.dovecot?.stop();
  });
  return suite;
}

export interface StoredRow {
  message_id: string | null;
  status: string;
  reason_code: string | null;
  envelope: { imap?: { mailbox: string; uidValidity: string; uid: number } };
}

export async function storedRows(dataSource: DataSource): Promise<StoredRow[]> {
  return dataSource.query(
    `SELECT message_id, status, reason_code, envelope FROM messaging_gateway_inbound_emails ORDER BY received_at`,
  );
}

export async function waitFor<T>(
  probe: () => Promise<T> | T,
  accept: (value: T) => boolean,
  timeoutMs = 30_000,
  what = 'condition',
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: T = await probe();
  while (!accept(last)) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; last value: ${JSON.stringify(last)}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
    last = await probe();
  }
  return last;
}
