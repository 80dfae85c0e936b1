import { appendAll, mail, newMessageId, storedRows, useImapSuite, waitFor } from './helpers/imap-test-kit';

describe('IMAP receiver over TLS (Dovecot with a self-signed certificate)', () => {
  const suite = useImapSuite({ tls: true });

  it.each([
    ['STARTTLS on the plain port', 'StartTls', () => ({ starttls: true })],
    ['implicit TLS (the 993 role)', 'Implicit', () => ({ port: suite.dovecot.tlsPort, secure: true })],
  ])('reads over %s when the certificate check is turned off for the test server', async (_, mailbox, tls) => {
    const id = newMessageId();
    await appendAll(suite.dovecot, mailbox, [mail(id)]);
    const gateway = await suite.start({ mailbox, tlsRejectUnauthorized: false, ...tls() });
    const rows = await waitFor(
      () => storedRows(gateway.dataSource),
      (r) => r.length === 1,
      30_000,
      'the row',
    );
    expect(rows[0].message_id).toBe(id);
    expect(gateway.receiver.getStatus()).toMatchObject({ connected: true, lastError: null });
  });

  it('refuses an untrusted certificate by default and says how to fix it, storing nothing', async () => {
    await appendAll(suite.dovecot, 'Untrusted', [mail(newMessageId())]);
    const gateway = await suite.start({ mailbox: 'Untrusted', starttls: true });
    const status = await waitFor(
      () => gateway.receiver.getStatus(),
      (s) => s.lastError !== null,
      15_000,
      'an error',
    );
    expect(status.connected).toBe(false);
    expect(status.healthy).toBe(false);
    expect(status.lastError).toMatchObject({ code: 'EGW_IMAP_CONNECTION' });
    expect(status.lastError!.message).toMatch(/certificate is not trusted.*EMAIL_IMAP_TLS_REJECT_UNAUTHORIZED/);
    expect(await storedRows(gateway.dataSource)).toHaveLength(0);
    // Retries back off (0.5–1 s, then 1–2 s, 2–4 s …) instead of hammering the server.
    await new Promise((resolve) => setTimeout(resolve, 3000));
    expect(gateway.receiver.getStatus().counters.reconnects).toBeLessThanOrEqual(4);
  });
});
