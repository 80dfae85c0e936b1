import { startDovecot, type DovecotServer } from './helpers/dovecot';
import { appendAll, newMessageId, mail } from './helpers/imap-test-kit';
import { startGateway, type RunningGateway } from './helpers/start-gateway';

/**
 * The whole inbound loop through IMAP: a mail client APPENDs, the receiver stores, the worker
 * parses and matches, and the Messages API stub gets threads and messages.
 */
describe('IMAP to threads (Dovecot, receiver, inbound pipeline, Messages API stub)', () => {
  let dovecot: DovecotServer;
  let gateway: RunningGateway;
  const mailbox = 'Support';

  beforeAll(async () => {
    dovecot = await startDovecot();
    await appendAll(dovecot, mailbox, []);
    gateway = await startGateway({
      inbound: { mode: 'imap' },
      gateway: {
        imap: {
          host: dovecot.host,
          port: dovecot.port,
          secure: false,
          user: dovecot.user,
          pass: dovecot.pass,
          mailbox,
          pollIntervalMs: 1000,
        },
      },
    });
  }, 600_000);

  afterAll(async () => {
    await gateway?.stop();
    await dovecot?.stop();
  });

  it('turns an appended email into a thread, and the follow-up and the reply to our answer into messages of it', async () => {
    const { api } = gateway;
    const first = newMessageId();
    await appendAll(dovecot, mailbox, [
      mail(first, { subject: 'Export stops half way', body: 'The CSV export stops at 50%.' }),
    ]);
    // Each step waits until the previous email is fully delivered (thread mapping written), as a
    // customer's next email arrives later in real life.
    const delivered = (count: number) =>
      gateway.waitFor(async () => {
        const [row] = await gateway.dataSource.query(
          `SELECT count(*)::int AS n FROM messaging_gateway_inbound_emails WHERE status = 'delivered'`,
        );
        return row.n === count;
      }, 30_000);
    const thread = await gateway.waitFor(() => [...api.threads.values()][0], 30_000);
    await delivered(1);
    expect(thread).toMatchObject({ sourceType: 'email', identityEmail: 'ann@customer.example' });
    expect(thread.subject).toBe('Export stops half way');

    // The customer writes again in the same conversation (In-Reply-To her first email).
    const followUp = newMessageId();
    await appendAll(dovecot, mailbox, [
      mail(followUp, { subject: 'Re: Export stops half way', body: 'Also on Firefox.', inReplyTo: first }),
    ]);
    await gateway.waitFor(() => api.messagesOf(thread.id).length === 2, 30_000);
    await delivered(2);

    // An agent answered by email (as the outbound path records it); the customer replies to it.
    const { token, messageId } = await gateway.recordOutbound(thread.id, 'ann@customer.example', thread.subject);
    const reply = Buffer.from(
      [
        'From: Ann Customer <ann@customer.example>',
        `To: ${gateway.tokens.replyAddress(token)}`,
        'Subject: Re: Export stops half way',
        `Message-ID: <${newMessageId()}>`,
        `In-Reply-To: <${messageId}>`,
        `References: <${first}> <${messageId}>`,
        'Content-Type: text/plain; charset=utf-8',
        '',
        'That fixed it, thank you!',
        '',
        'On Sun, 22 Nov 2026 at 10:00, Support <support@test.example> wrote:',
        '> Please clear the cache and try again.',
        '',
      ].join('\r\n'),
    );
    await appendAll(dovecot, mailbox, [reply]);
    const messages = await gateway.waitFor(() => {
      const all = api.messagesOf(thread.id);
      return all.length === 3 && all;
    }, 30_000);

    expect(api.threads.size).toBe(1);
    expect(messages.map((m) => m.direction)).toEqual(['inbound', 'inbound', 'inbound']);
    expect(messages[0].text).toContain('The CSV export stops at 50%.');
    expect(messages[1].text).toContain('Also on Firefox.');
    expect(messages[2].text.trim()).toBe('That fixed it, thank you!');
    expect(messages[2].metadata).toMatchObject({ matchStrategy: 'token' });
    // The row is marked delivered after the Messages API answered, so wait for it rather than race it.
    const rows: { status: string; envelope: { imap?: { mailbox: string } } }[] = await gateway.waitFor(async () => {
      const all = await gateway.dataSource.query(
        `SELECT status, envelope FROM messaging_gateway_inbound_emails ORDER BY received_at`,
      );
      return all.length === 3 && all.every((row: { status: string }) => row.status === 'delivered') && all;
    }, 30_000);
    expect(rows.every((row) => row.envelope.imap?.mailbox === mailbox)).toBe(true);
  });
});
