import { startDovecot, type DovecotServer } from './helpers/dovecot';
import {
  appendAll,
  type GatewayUnderTest,
  mail,
  newMessageId,
  startImapGateway,
  storedRows,
  waitFor,
} from './helpers/imap-test-kit';
import { createTestDatabase, type TestDatabase } from './helpers/test-database';
import { createTestRedisNamespace, type TestRedisNamespace } from './helpers/test-redis';

describe('IMAP receiver over TLS (Dovecot with a self-signed certificate)', () => {
  let dovecot: DovecotServer;
  let database: TestDatabase;
  let redis: TestRedisNamespace;
  let gateway: GatewayUnderTest | undefined;

  beforeAll(async () => {
    dovecot = await startDovecot({ tls: true });
  }, 600_000);

  beforeEach(async () => {
    database = await createTestDatabase();
    redis = createTestRedisNamespace();
  });

  afterEach(async () => {
    await gateway?.close();
    gateway = undefined;
    await database.drop();
    await redis.cleanup();
  });

  afterAll(async () => {
    await dovecot?.stop();
  });

  it('reads over STARTTLS when the certificate check is turned off for the test server', async () => {
    const id = newMessageId();
    await appendAll(dovecot, 'StartTls', [mail(id)]);
    gateway = await startImapGateway(database.url, redis.prefix, dovecot, {
      mailbox: 'StartTls',
      starttls: true,
      tlsRejectUnauthorized: false,
    });
    const rows = await waitFor(
      () => storedRows(gateway!.dataSource),
      (r) => r.length === 1,
      30_000,
      'the row',
    );
    expect(rows[0].message_id).toBe(id);
    expect(gateway.receiver.getStatus()).toMatchObject({ connected: true, lastError: null });
  });

  it('reads over implicit TLS (the 993 role)', async () => {
    const id = newMessageId();
    await appendAll(dovecot, 'Implicit', [mail(id)]);
    gateway = await startImapGateway(database.url, redis.prefix, dovecot, {
      mailbox: 'Implicit',
      port: dovecot.tlsPort,
      secure: true,
      tlsRejectUnauthorized: false,
    });
    const rows = await waitFor(
      () => storedRows(gateway!.dataSource),
      (r) => r.length === 1,
      30_000,
      'the row',
    );
    expect(rows[0].message_id).toBe(id);
  });

  it('refuses an untrusted certificate by default and says how to fix it, storing nothing', async () => {
    await appendAll(dovecot, 'Untrusted', [mail(newMessageId())]);
    gateway = await startImapGateway(database.url, redis.prefix, dovecot, { mailbox: 'Untrusted', starttls: true });
    const status = await waitFor(
      () => gateway!.receiver.getStatus(),
      (s) => s.lastError !== null,
      15_000,
      'an error',
    );
    expect(status.connected).toBe(false);
    expect(status.healthy).toBe(false);
    expect(status.lastError).toMatchObject({ code: 'EGW_IMAP_CONNECTION' });
    expect(status.lastError!.message).toMatch(/certificate is not trusted.*EMAIL_IMAP_TLS_REJECT_UNAUTHORIZED/);
    expect(await storedRows(gateway.dataSource)).toHaveLength(0);
  });
});
