import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Logger } from '@nestjs/common';
import {
  appendAll,
  flagsByMessageId,
  type GatewayUnderTest,
  imapClient,
  mail,
  newMessageId,
  storedRows,
  useImapSuite,
  waitFor,
} from './helpers/imap-test-kit';

const cursorOf = async (gateway: GatewayUnderTest) =>
  (await gateway.dataSource.query(`SELECT uid_validity, last_uid FROM messaging_gateway_imap_cursors`)) as {
    uid_validity: string;
    last_uid: string;
  }[];

// Up to 10 s: after a suite that loaded the machine, Dovecot answered an APPEND into the recreated
// mailbox with "NO [TRYCREATE] Mailbox was deleted under us" for more than 2 s.
async function retried<T>(command: () => Promise<T>, attempts = 50): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await command();
    } catch (error) {
      if (attempt >= attempts) throw error;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
}

describe('IMAP receiver against Dovecot (real PostgreSQL, Redis, IMAP)', () => {
  const suite = useImapSuite();

  it('stores each appended message once with its UID, flags it \\Seen, advances the cursor, and empty polls store nothing', async () => {
    const mailbox = 'Basic';
    const ids = Array.from({ length: 5 }, newMessageId);
    await appendAll(
      suite.dovecot,
      mailbox,
      ids.map((id) => mail(id)),
    );
    const gateway = await suite.start({ mailbox });
    const rows = await waitFor(
      () => storedRows(gateway.dataSource),
      (r) => r.length >= 5,
      30_000,
      '5 rows',
    );
    expect(rows.map((row) => row.message_id).sort()).toEqual([...ids].sort());
    expect(rows.every((row) => row.envelope.imap?.mailbox === mailbox && row.envelope.imap.uid > 0)).toBe(true);
    const flags = await waitFor(
      () => flagsByMessageId(suite.dovecot, mailbox),
      (f) => ids.every((id) => f.get(id)?.has('\\Seen')),
      10_000,
      '\\Seen on every message',
    );
    expect(flags.size).toBe(5);
    const status = gateway.receiver.getStatus();
    expect(status).toMatchObject({ enabled: true, role: 'active', connected: true, mode: 'idle', healthy: true });
    expect(status.lastSyncAt).not.toBeNull();

    // New mail arrives through IDLE; then several empty polls must not bring the newest back (`N:*`).
    const late = newMessageId();
    await appendAll(suite.dovecot, mailbox, [mail(late)]);
    await waitFor(
      () => storedRows(gateway.dataSource),
      (r) => r.length === 6,
      15_000,
      'the 6th row',
    );
    await new Promise((resolve) => setTimeout(resolve, 3500));
    expect(await storedRows(gateway.dataSource)).toHaveLength(6);
    await waitFor(
      () => cursorOf(gateway),
      ([c]) => Number(c?.last_uid) === 6,
      10_000,
      'cursor at UID 6',
    );
    await waitFor(
      () => gateway.receiver.getStatus().counters,
      (c) => c.stored === 6,
      5000,
      'counters',
    );
    expect(gateway.receiver.getStatus().counters).toMatchObject({ stored: 6, duplicates: 0, failed: 0 });
  });

  it('flags \\Seen only after the row is committed: while PostgreSQL refuses, mail stays unread and the cursor stays', async () => {
    const mailbox = 'Refusing';
    const id = newMessageId();
    await appendAll(suite.dovecot, mailbox, []);
    const gateway = await suite.start({ mailbox });
    await waitFor(() => gateway.receiver.getStatus().connected, Boolean, 15_000, 'connection');
    await gateway.dataSource.query(
      `ALTER TABLE messaging_gateway_inbound_emails ADD CONSTRAINT test_refuse_all CHECK (raw_size < 0) NOT VALID`,
    );
    await appendAll(suite.dovecot, mailbox, [mail(id)]);
    await waitFor(
      () => gateway.receiver.getStatus().lastError?.code,
      (code) => code === 'EGW_DATABASE',
      15_000,
    );
    expect((await flagsByMessageId(suite.dovecot, mailbox)).get(id)?.has('\\Seen')).toBe(false);
    expect(Number((await cursorOf(gateway))[0]?.last_uid ?? 0)).toBe(0);

    await gateway.dataSource.query(`ALTER TABLE messaging_gateway_inbound_emails DROP CONSTRAINT test_refuse_all`);
    const rows = await waitFor(
      () => storedRows(gateway.dataSource),
      (r) => r.length === 1,
      40_000,
      'the row',
    );
    expect(rows[0]).toMatchObject({ message_id: id, status: expect.not.stringMatching(/failed/) });
    await waitFor(
      () => flagsByMessageId(suite.dovecot, mailbox),
      (f) => !!f.get(id)?.has('\\Seen'),
      10_000,
      '\\Seen',
    );
    expect(gateway.receiver.getStatus().lastError).toBeNull();
  });

  it('moves stored mail to the processed mailbox when one is configured', async () => {
    const mailbox = 'MoveFrom';
    const ids = [newMessageId(), newMessageId(), newMessageId()];
    await appendAll(
      suite.dovecot,
      mailbox,
      ids.map((id) => mail(id)),
    );
    const gateway = await suite.start({ mailbox, processedMailbox: 'Processed' });
    await waitFor(
      () => storedRows(gateway.dataSource),
      (r) => r.length === 3,
      30_000,
      '3 rows',
    );
    const processed = await waitFor(
      () => flagsByMessageId(suite.dovecot, 'Processed'),
      (f) => f.size === 3,
      10_000,
    );
    expect([...processed.keys()].sort()).toEqual([...ids].sort());
    expect([...processed.values()].every((flags) => flags.has('\\Seen'))).toBe(true);
    expect((await flagsByMessageId(suite.dovecot, mailbox)).size).toBe(0);
  });

  it('records an oversize message as failed with its UID and skips it; a malformed one is stored; later mail is not blocked', async () => {
    const mailbox = 'Hostile';
    const before = newMessageId();
    const oversize = newMessageId();
    const after = newMessageId();
    const garbage = Buffer.from([0x00, 0xff, 0x1b, 0x5b, 0x32, 0x4a, 0x0d, 0x0a, 0x80, 0x81, 0x0d, 0x0a]);
    await appendAll(suite.dovecot, mailbox, [
      mail(before),
      mail(oversize, { body: 'x'.repeat(70) + '\r\n'.repeat(1) + ('y'.repeat(76) + '\r\n').repeat(600) }),
      garbage,
      mail(after),
    ]);
    const gateway = await suite.start({ mailbox }, { maxMessageBytes: 20_000 });
    const rows = await waitFor(
      () => storedRows(gateway.dataSource),
      (r) => r.length === 4,
      30_000,
      '4 rows',
    );
    const byUid = new Map(rows.map((row) => [row.envelope.imap?.uid, row]));
    expect(byUid.get(2)).toMatchObject({ status: 'failed', reason_code: 'EGW_MESSAGE_TOO_LARGE', message_id: null });
    expect(byUid.get(1)?.message_id).toBe(before);
    expect(byUid.get(4)?.message_id).toBe(after);
    // The malformed one is kept byte for byte as the server serves it: parsing it, and failing
    // it, is the worker's job.
    const [malformed] = await gateway.dataSource.query(
      `SELECT raw_mime FROM messaging_gateway_inbound_emails WHERE envelope->'imap'->>'uid' = '3'`,
    );
    const client = await imapClient(suite.dovecot);
    const lock = await client.getMailboxLock(mailbox);
    try {
      const served = await client.fetchOne('3', { source: true }, { uid: true });
      expect(served && Buffer.compare(malformed.raw_mime, served.source!)).toBe(0);
    } finally {
      lock.release();
      await client.logout();
    }
    // The cursor moves past the oversize message once the batch is acknowledged.
    await waitFor(
      () => cursorOf(gateway),
      ([c]) => Number(c?.last_uid) === 4,
      10_000,
      'cursor at UID 4',
    );
    // The oversize message is left unread for a person to look at; the others are acknowledged.
    const flags = await waitFor(
      () => flagsByMessageId(suite.dovecot, mailbox),
      (f) => !!f.get(after)?.has('\\Seen'),
    );
    expect(flags.get(oversize)?.has('\\Seen')).toBe(false);
    await waitFor(
      () => gateway.receiver.getStatus().counters.failed,
      (n) => n === 1,
      5000,
      'failed counter',
    );
  });

  it('rescans after a UIDVALIDITY change without storing anything twice, and says so', async () => {
    const warn = jest.spyOn(Logger.prototype, 'warn');
    const mailbox = 'Recreated';
    const first = Array.from({ length: 10 }, newMessageId);
    await appendAll(
      suite.dovecot,
      mailbox,
      first.map((id) => mail(id)),
    );
    const gateway = await suite.start({ mailbox });
    await waitFor(
      () => storedRows(gateway.dataSource),
      (r) => r.length === 10,
      30_000,
      '10 rows',
    );
    const [before] = await cursorOf(gateway);

    const client = await imapClient(suite.dovecot);
    try {
      // Dovecot may briefly refuse (NO) while the receiver's session is inside the mailbox.
      await retried(() => client.mailboxDelete(mailbox));
      await retried(() => client.mailboxCreate(mailbox));
      const added = Array.from({ length: 3 }, newMessageId);
      // An APPEND refused with NO stored nothing, so trying it again cannot store it twice. Each try
      // opens its own session: one that saw the mailbox deleted can keep answering "deleted under us".
      const appendFresh = async (raw: Buffer): Promise<void> => {
        const appender = await imapClient(suite.dovecot);
        try {
          await appender.append(mailbox, raw);
        } finally {
          await appender.logout().catch(() => undefined);
        }
      };
      for (const id of [...first, ...added]) await retried(() => appendFresh(mail(id)));
      const rows = await waitFor(
        () => storedRows(gateway.dataSource),
        (r) => r.length === 13,
        40_000,
        '13 rows',
      );
      const perId = new Map<string, number>();
      for (const row of rows) perId.set(row.message_id!, (perId.get(row.message_id!) ?? 0) + 1);
      expect([...perId.values()].every((count) => count === 1)).toBe(true);
      expect([...perId.keys()].sort()).toEqual([...first, ...added].sort());
    } finally {
      // The session that deleted the mailbox may be closed by the server by now.
      await client.logout().catch(() => undefined);
    }
    const [after] = await waitFor(
      () => cursorOf(gateway),
      ([c]) => Number(c.last_uid) === 13,
      10_000,
      'cursor 13',
    );
    expect(after.uid_validity).not.toBe(before.uid_validity);
    expect(warn.mock.calls.map(([message]) => String(message))).toContainEqual(
      expect.stringContaining(`UIDVALIDITY changed from ${before.uid_validity} to ${after.uid_validity}`),
    );
    await waitFor(
      () => gateway.receiver.getStatus().counters,
      (c) => c.stored === 13,
      5000,
      'counters',
    );
    expect(gateway.receiver.getStatus().counters).toMatchObject({ stored: 13, duplicates: 10 });
    warn.mockRestore();
  });

  it('reconnects after the server dies and catches up on mail that arrived meanwhile (no poll needed)', async () => {
    const mailbox = 'Dropped';
    await appendAll(suite.dovecot, mailbox, [mail(newMessageId())]);
    // A one-minute poll: only the catch-up after reconnecting can fetch the mail within the test.
    const gateway = await suite.start({ mailbox, pollIntervalMs: 60_000 });
    await waitFor(
      () => storedRows(gateway.dataSource),
      (r) => r.length === 1,
      30_000,
      'first row',
    );

    await suite.dovecot.kill();
    await waitFor(
      () => gateway.receiver.getStatus().connected,
      (c) => !c,
      15_000,
      'disconnect',
    );
    const whileDown = [newMessageId(), newMessageId()];
    // Delivered straight into the maildir, as an MTA would while the IMAP service is down.
    whileDown.forEach((id, i) =>
      writeFileSync(join(suite.dovecot.maildir, `.${mailbox}`, 'new', `${Date.now()}.down${i}.test`), mail(id)),
    );
    await suite.dovecot.start();
    const rows = await waitFor(
      () => storedRows(gateway.dataSource),
      (r) => r.length === 3,
      40_000,
      '3 rows',
    );
    expect(rows.map((row) => row.message_id)).toEqual(expect.arrayContaining(whileDown));
    const status = gateway.receiver.getStatus();
    expect(status.connected).toBe(true);
    expect(status.counters.reconnects).toBeGreaterThanOrEqual(1);
  });

  it('keeps exactly one of two instances reading a mailbox; the standby takes over when the first stops', async () => {
    const mailbox = 'Shared';
    const ids = Array.from({ length: 30 }, newMessageId);
    await appendAll(suite.dovecot, mailbox, []);
    const first = await suite.start({ mailbox });
    await waitFor(
      () => first.receiver.getStatus().role,
      (role) => role === 'active',
      15_000,
      'first active',
    );
    const second = await suite.start({ mailbox });
    try {
      await appendAll(
        suite.dovecot,
        mailbox,
        ids.map((id) => mail(id)),
      );
      await waitFor(
        () => storedRows(second.dataSource),
        (r) => r.length === 30,
        30_000,
        '30 rows',
      );
      expect(second.receiver.getStatus()).toMatchObject({ role: 'standby', connected: false, healthy: true });
      await waitFor(
        () => first.receiver.getStatus().counters.stored,
        (n) => n === 30,
        5000,
        'first stored 30',
      );
    } finally {
      await first.close();
    }
    await waitFor(
      () => second.receiver.getStatus().role,
      (role) => role === 'active',
      15_000,
      'takeover',
    );
    const later = newMessageId();
    await appendAll(suite.dovecot, mailbox, [mail(later)]);
    const rows = await waitFor(
      () => storedRows(second.dataSource),
      (r) => r.length === 31,
      20_000,
      '31 rows',
    );
    expect(new Set(rows.map((row) => row.message_id)).size).toBe(31);
    await waitFor(
      () => second.receiver.getStatus().counters.stored,
      (n) => n === 1,
      5000,
      'second stored 1',
    );
    expect(second.receiver.getStatus().counters.duplicates).toBe(0);
  });

  it('stops reading when its lock session is killed, then takes the lease again and carries on', async () => {
    const warn = jest.spyOn(Logger.prototype, 'warn');
    const mailbox = 'LeaseLoss';
    await appendAll(suite.dovecot, mailbox, []);
    const gateway = await suite.start({ mailbox });
    await waitFor(() => gateway.receiver.getStatus().connected, Boolean, 15_000, 'connection');
    const [holder] = await gateway.dataSource.query(
      `SELECT l.pid FROM pg_locks l JOIN pg_database d ON d.oid = l.database
       WHERE l.locktype = 'advisory' AND l.granted AND d.datname = $1`,
      [suite.database.name],
    );
    await gateway.dataSource.query(`SELECT pg_terminate_backend($1)`, [holder.pid]);
    await waitFor(
      () => warn.mock.calls.map(([message]) => String(message)),
      (messages) => messages.some((m) => m.includes('lease lost')),
      15_000,
      'the lease-lost warning',
    );
    await waitFor(
      () => gateway.receiver.getStatus(),
      (s) => s.role === 'active' && s.connected,
      20_000,
      'retaken',
    );
    const id = newMessageId();
    await appendAll(suite.dovecot, mailbox, [mail(id)]);
    const rows = await waitFor(
      () => storedRows(gateway.dataSource),
      (r) => r.length === 1,
      15_000,
      'the row',
    );
    expect(rows[0].message_id).toBe(id);
    warn.mockRestore();
  });
});
