import { randomBytes, randomUUID } from 'node:crypto';
import { InboundEmailsService } from 'nestjs-messaging-gateway';
import { InboundProcessor } from 'nestjs-messaging-gateway/inbound/inbound.processor';
import { InboundQueue } from 'nestjs-messaging-gateway/inbound/inbound.queue';
import { InboundSweeper } from 'nestjs-messaging-gateway/inbound/inbound.sweeper';
import { emailWithAttachment, gmailReply, newMessageId, plainEmail } from './helpers/inbound-email-samples';
import { type RunningGateway, startGateway } from './helpers/start-gateway';

describe('inbound pipeline (real PostgreSQL, Redis and HTTP Messages API)', () => {
  let gw: RunningGateway;
  const accept = (raw: Buffer, envelope = {}) =>
    gw.store.accept({ raw, source: 'webhook', provider: 'generic', envelope });
  const delivered = (id: string) =>
    gw.waitFor(async () => {
      const row = await gw.statusOf(id);
      return ['delivered', 'ignored', 'rejected', 'failed'].includes(row.status) ? row : undefined;
    });
  const eventsFor = (id: string, name: string) =>
    gw.events.filter((e) => e.name === name && e.payload.inboundEmailId === id);

  beforeAll(async () => {
    gw = await startGateway({ inbound: { stuckAfterMs: 3000 } });
  });
  afterAll(() => gw.stop());

  it('turns a new email into a thread, a message and a mapping, routed by the rules', async () => {
    const messageId = newMessageId('outlook.example');
    const { id } = await accept(
      emailWithAttachment({
        messageId,
        subject: 'URGENT contract draft',
        html: '<p>Please find the <b>draft</b> attached.</p>',
        fileName: 'draft.pdf',
        fileBytes: randomBytes(3000),
      }),
    );
    const row = await delivered(id);
    expect(row).toMatchObject({
      status: 'delivered',
      match_strategy: 'new_thread',
      sender_email: 'bob@partner.example',
    });
    const thread = gw.api.threads.get(row.thread_id)!;
    expect(thread).toMatchObject({
      sourceType: 'email',
      identityEmail: 'bob@partner.example',
      mailbox: 'business',
      priority: 'priority',
      subject: 'URGENT contract draft',
      metadata: {
        emailFrom: 'bob@partner.example',
        emailSubject: 'URGENT contract draft',
        lastEmailMessageId: messageId,
      },
    });
    const [message] = gw.api.messagesOf(thread.id);
    expect(message.id).toBe(row.created_message_id);
    expect(message).toMatchObject({
      direction: 'inbound',
      authorEmail: 'bob@partner.example',
      authorName: 'Bob Partner',
    });
    expect(message.text).toContain('Please find the draft attached.');
    expect(message.html).toContain('<b>draft</b>');
    expect(message.metadata).toMatchObject({
      emailMessageId: messageId,
      matchStrategy: 'new_thread',
      inboundEmailId: id,
      attachments: [{ name: 'draft.pdf', type: 'application/pdf', size: 3000 }],
    });
    const mappings = await gw.dataSource.query(`SELECT * FROM email_thread_mappings WHERE email_message_id = $1`, [
      messageId,
    ]);
    expect(mappings).toEqual([
      expect.objectContaining({
        thread_id: thread.id,
        sender_email: 'bob@partner.example',
        subject_normalized: 'urgent contract draft',
      }),
    ]);
    expect(eventsFor(id, 'email.thread.created')).toHaveLength(1);
    expect(eventsFor(id, 'email.message.created')[0].payload).toEqual({
      threadId: thread.id,
      messageId: message.id,
      inboundEmailId: id,
    });
    expect(eventsFor(id, 'email.processed')[0].payload).toMatchObject({ status: 'delivered', threadId: thread.id });
    const calls = gw.api.calls.filter((c) => c.method === 'POST');
    expect(calls.map((c) => c.idempotencyKey)).toEqual(
      expect.arrayContaining([`inbound:${id}:thread`, `inbound:${id}:message`]),
    );
  });

  it('attaches a reply carrying the token to the same thread, without the quoted history', async () => {
    const threadId = `thread-${randomUUID()}`;
    gw.api.threads.set(threadId, { id: threadId, metadata: {} } as never);
    const { token } = await gw.recordOutbound(threadId, 'ann@example.org');
    const replyId = newMessageId('mail.gmail.com');
    const { id } = await accept(
      gmailReply({
        to: gw.tokens.replyAddress(token),
        messageId: replyId,
        reply: 'Thanks, that fixed it!',
        quoted: 'Please restart the router.',
      }),
    );
    const row = await delivered(id);
    expect(row).toMatchObject({ status: 'delivered', thread_id: threadId, match_strategy: 'token' });
    const [message] = gw.api.messagesOf(threadId);
    expect(message.text.trim()).toBe('Thanks, that fixed it!');
    expect(message.metadata.matchStrategy).toBe('token');
    expect(message.metadata.elidedText).toContain('Please restart the router.');
    expect(message.html).not.toContain('gmail_quote');
    expect(gw.api.threads.get(threadId)!.metadata.lastEmailMessageId).toBe(replyId);
  });

  it('attaches a reply that only carries In-Reply-To of our outbound Message-ID, then one referencing that reply', async () => {
    const threadId = `thread-${randomUUID()}`;
    gw.api.threads.set(threadId, { id: threadId, metadata: {} } as never);
    const { messageId } = await gw.recordOutbound(threadId, 'carol@example.net');
    const firstReply = newMessageId();
    const first = await accept(
      plainEmail({
        from: 'carol@example.net',
        inReplyTo: messageId,
        messageId: firstReply,
        subject: 'Re: Your question',
      }),
    );
    expect(await delivered(first.id)).toMatchObject({ thread_id: threadId, match_strategy: 'gateway_message_id' });

    const second = await accept(
      plainEmail({
        from: 'Carol <CAROL@example.net>',
        references: `<unknown@x.example> <${firstReply}>`,
        subject: 'Re: Re: Your question',
      }),
    );
    expect(await delivered(second.id)).toMatchObject({ thread_id: threadId, match_strategy: 'message_id' });
    expect(gw.api.messagesOf(threadId)).toHaveLength(2);
  });

  it('holds a stranger using a stolen token as sender_mismatch and posts nothing', async () => {
    const threadId = `thread-${randomUUID()}`;
    gw.api.threads.set(threadId, { id: threadId, metadata: {} } as never);
    const { token, messageId } = await gw.recordOutbound(threadId, 'dave@example.com');
    const before = gw.api.calls.length;
    const { id } = await accept(
      plainEmail({
        from: 'mallory@evil.example',
        to: gw.tokens.replyAddress(token),
        inReplyTo: messageId,
        subject: 'Re: Your question',
      }),
    );
    expect(await delivered(id)).toMatchObject({
      status: 'rejected',
      reason_code: 'sender_mismatch',
      created_message_id: null,
    });
    expect(gw.api.calls.length).toBe(before);
    expect(eventsFor(id, 'email.rejected')[0].payload).toMatchObject({ reasonCode: 'sender_mismatch', threadId });
  });

  it('posts one message when the same email is accepted ten times at once', async () => {
    const raw = plainEmail({ from: 'erin@example.org' });
    const results = await Promise.all(Array.from({ length: 10 }, () => accept(raw)));
    expect(new Set(results.map((r) => r.id)).size).toBe(1);
    const row = await delivered(results[0].id);
    expect(gw.api.messages.filter((m) => m.metadata.inboundEmailId === row.id)).toHaveLength(1);
  });

  it('rides out a Messages API answering 503 and delivers exactly once after it recovers', async () => {
    gw.api.failNext(4, 503);
    const { id } = await accept(plainEmail({ from: 'frank@example.org' }));
    const row = await gw.waitFor(
      async () => ((await gw.statusOf(id)).status === 'delivered' ? gw.statusOf(id) : undefined),
      40_000,
    );
    expect(row.attempts).toBeGreaterThanOrEqual(2);
    expect(gw.api.messages.filter((m) => m.metadata.inboundEmailId === id)).toHaveLength(1);
    expect([...gw.api.threads.values()].filter((t) => t.metadata.inboundEmailId === id)).toHaveLength(1);
  }, 60_000);

  it('stores malformed MIME, fails it with a reason, and keeps processing the next email', async () => {
    const { id } = await accept(Buffer.from('\u0000\u0001 this is not an email\r\nat all\r\n'));
    expect(await delivered(id)).toMatchObject({ status: 'failed', reason_code: 'parse_error' });
    const [stored] = await gw.dataSource.query(`SELECT raw_mime FROM messaging_gateway_inbound_emails WHERE id = $1`, [
      id,
    ]);
    expect(stored.raw_mime).not.toBeNull();
    const next = await accept(plainEmail({ from: 'gina@example.org' }));
    expect(await delivered(next.id)).toMatchObject({ status: 'delivered' });
  });

  it('stores and delivers an email with NUL bytes in headers, body and envelope (PostgreSQL refuses them)', async () => {
    const raw = plainEmail({ from: 'nul@example.org', subject: 'Nul\u0000 here', body: 'before\u0000after\r\n' });
    const { id } = await accept(raw, { recipients: ['support@test.example'], authenticationResults: 'spf=pass\u0000' });
    const row = await delivered(id);
    expect(row).toMatchObject({ status: 'delivered', subject: 'Nul here' });
    const [message] = gw.api.messagesOf(row.thread_id);
    expect(message.text).toContain('beforeafter');
  });

  it('fails on a 4xx at once, lists the email, and delivers it once on replay', async () => {
    gw.api.failNext(1, 422);
    const { id } = await accept(plainEmail({ from: 'hank@example.org' }));
    expect(await delivered(id)).toMatchObject({ status: 'failed', reason_code: 'api_rejected', attempts: 1 });
    const emails = gw.app.get(InboundEmailsService);
    const page = await emails.listFailed({ limit: 100 });
    expect(page.items.map((item) => item.id)).toContain(id);
    await emails.replay(id);
    expect(await delivered(id)).toMatchObject({ status: 'delivered' });
    expect(gw.api.messages.filter((m) => m.metadata.inboundEmailId === id)).toHaveLength(1);
    await expect(emails.replay(id)).rejects.toMatchObject({ code: 'EGW_INBOUND_NOT_REPLAYABLE' });
  });

  it("keeps the thread and the API's own reason when a message is refused in a new thread, and replays into it", async () => {
    const refusal = { success: false, error: { code: 'validation_failed', message: 'text is too long for this plan' } };
    gw.api.failNext(1, 400, { pathEndsWith: '/messages', body: refusal });
    const { id } = await accept(plainEmail({ from: 'irma@example.org', subject: 'Refused once' }));
    const failed = await delivered(id);
    expect(failed).toMatchObject({ status: 'failed', reason_code: 'api_rejected' });
    expect(failed.reason_detail).toContain('answered 400 validation_failed: text is too long for this plan');
    expect(failed.thread_id).toBeTruthy();
    expect(gw.api.threads.has(failed.thread_id)).toBe(true);

    await gw.app.get(InboundEmailsService).replay(id);
    const replayed = await delivered(id);
    expect(replayed).toMatchObject({ status: 'delivered', thread_id: failed.thread_id });
    expect(gw.api.messagesOf(failed.thread_id)).toHaveLength(1);
    expect([...gw.api.threads.values()].filter((t) => t.metadata.inboundEmailId === id)).toHaveLength(1);
  });

  it('posts an email that is nothing but quoted history as "(no text)", keeping the history in elidedText', async () => {
    const body =
      'On Mon, Nov 23, 2026 at 9:00 AM Support <support@test.example> wrote:\r\n> Your order shipped.\r\n> > Where is my order?\r\n';
    const { id } = await accept(plainEmail({ from: 'quotes@example.org', subject: 'Re: Order', body }));
    const row = await delivered(id);
    const [message] = gw.api.messagesOf(row.thread_id);
    expect(message.text).toBe('(no text)');
    expect(message.metadata.elidedText).toContain('Your order shipped.');
  });

  it('posts an email without any text as "(no text)", never an empty message', async () => {
    const { id } = await accept(plainEmail({ from: 'jo@example.org', subject: 'Empty', body: '' }));
    const row = await delivered(id);
    expect(row.status).toBe('delivered');
    expect(gw.api.messagesOf(row.thread_id)[0].text).toBe('(no text)');
  });

  it('marks an email failed with the last reason when its final attempt meets an unavailable API', async () => {
    const raw = plainEmail({ from: 'hal@example.org' });
    const [{ id }] = await gw.dataSource.query(
      `INSERT INTO messaging_gateway_inbound_emails (dedupe_key, source, provider, raw_mime, raw_size, raw_sha256)
       VALUES ($1, 'webhook', 'generic', $2, $3, $4) RETURNING id`,
      [`test:${randomUUID()}`, raw, raw.length, '0'.repeat(64)],
    );
    gw.api.failNext(3, 503); // messagesApi.retries is 2 here: three answers, all 503
    const processor = gw.app.get(InboundProcessor);
    await expect(processor.process(id, { final: true })).rejects.toMatchObject({
      code: 'EGW_HTTP_STATUS',
      transient: true,
    });
    expect(await gw.statusOf(id)).toMatchObject({
      status: 'failed',
      reason_code: 'api_unavailable',
      sender_email: 'hal@example.org',
    });
    expect(eventsFor(id, 'email.processed')[0].payload).toMatchObject({
      status: 'failed',
      reasonCode: 'api_unavailable',
    });
    await expect(processor.process(id, { final: true })).resolves.toBe('not_claimable');
  });

  it('pages failed emails with a cursor', async () => {
    const emails = gw.app.get(InboundEmailsService);
    for (let i = 0; i < 3; i++) await delivered((await accept(Buffer.from(`garbage ${i} ${randomUUID()}`))).id);
    const first = await emails.listFailed({ limit: 2 });
    expect(first.items).toHaveLength(2);
    const second = await emails.listFailed({ limit: 2, cursor: first.nextCursor });
    expect(second.items.map((i) => i.id)).not.toContain(first.items[0].id);
    expect(second.items.length).toBeGreaterThanOrEqual(1);
  });

  it('sweeps a pending row that was never enqueued into delivery', async () => {
    const raw = plainEmail({ from: 'ivy@example.org' });
    const [{ id }] = await gw.dataSource.query(
      `INSERT INTO messaging_gateway_inbound_emails (dedupe_key, source, provider, raw_mime, raw_size, raw_sha256, updated_at)
       VALUES ($1, 'webhook', 'generic', $2, $3, $4, now() - interval '1 hour') RETURNING id`,
      [`test:${randomUUID()}`, raw, raw.length, '0'.repeat(64)],
    );
    const sweep = await gw.app.get(InboundSweeper).sweep();
    expect(sweep.requeued).toBeGreaterThanOrEqual(1);
    expect(await delivered(id)).toMatchObject({ status: 'delivered' });
  });

  it('purges raw MIME past the retention and keeps the row', async () => {
    const { id } = await accept(plainEmail({ from: 'jack@example.org' }));
    await delivered(id);
    await gw.dataSource.query(
      `UPDATE messaging_gateway_inbound_emails SET received_at = now() - interval '31 days' WHERE id = $1`,
      [id],
    );
    expect(await gw.app.get(InboundSweeper).purgeRaw()).toBeGreaterThanOrEqual(1);
    const [row] = await gw.dataSource.query(
      `SELECT status, raw_mime, raw_purged_at FROM messaging_gateway_inbound_emails WHERE id = $1`,
      [id],
    );
    expect(row).toMatchObject({ status: 'delivered', raw_mime: null });
    expect(row.raw_purged_at).toBeInstanceOf(Date);
  });

  it('posts sanitized HTML: no script, no event handler, no javascript: link', async () => {
    const html =
      '<p>Hi <b>there</b></p><script>alert(1)</script><img src="x" onerror="alert(2)">' +
      '<a href="javascript:alert(3)">click</a><a href="https://example.org/a">ok</a>';
    const { id } = await accept(
      emailWithAttachment({
        from: 'kim@example.org',
        to: 'support@test.example',
        html,
        fileName: '../../etc/passwd',
        fileBytes: Buffer.from('x'),
      }),
    );
    const row = await delivered(id);
    const [message] = gw.api.messagesOf(row.thread_id);
    expect(message.html).toContain('<b>there</b>');
    expect(message.html).toContain('href="https://example.org/a"');
    expect(message.html).not.toMatch(/script|onerror|javascript:|alert/i);
    expect(message.metadata.attachments).toEqual([expect.objectContaining({ name: 'passwd' })]);
  });

  it('does not trust an address fabricated from an RFC 2047 encoded word in From', async () => {
    const threadId = `thread-${randomUUID()}`;
    const { token } = await gw.recordOutbound(threadId, 'attacker@evil.com');
    const before = gw.api.calls.length;
    const { id } = await accept(
      plainEmail({ from: '=?utf-8?b?YXR0YWNrZXJAZXZpbC5jb20=?=', to: gw.tokens.replyAddress(token) }),
    );
    const row = await delivered(id);
    expect(row.status).toBe('rejected');
    expect(row.sender_email).toBeNull();
    expect(gw.api.calls.length).toBe(before);
  });

  it('processes inline once, without a queue job (the sweeper is the crash net)', async () => {
    const { id } = await accept(plainEmail({ from: 'inline@example.org' }));
    expect(await delivered(id)).toMatchObject({ status: 'delivered', attempts: 1 });
    const queue = gw.app.get(InboundQueue).queue;
    expect(await queue.getJob(id)).toBeUndefined();
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(await gw.statusOf(id)).toMatchObject({ status: 'delivered', attempts: 1 });
    expect(eventsFor(id, 'email.processed')).toHaveLength(1);
    expect(gw.api.messages.filter((m) => m.metadata.inboundEmailId === id)).toHaveLength(1);
  });

  it('ignores mail from our own addresses (loop) and auto-replies', async () => {
    const loop = await accept(plainEmail({ from: 'Support <support@test.example>' }));
    expect(await delivered(loop.id)).toMatchObject({ status: 'ignored', reason_code: 'loop' });
    const ooo = await accept(
      plainEmail({ from: 'lee@example.org', subject: 'Out of office', extraHeaders: ['Auto-Submitted: auto-replied'] }),
    );
    expect(await delivered(ooo.id)).toMatchObject({ status: 'ignored', reason_code: 'auto_reply' });
  });
});

describe('inbound pipeline with the subject fallback on (routing.subjectFallback)', () => {
  let gw: RunningGateway;
  beforeAll(async () => {
    gw = await startGateway({ gateway: { routing: { subjectFallback: true, subjectFallbackHours: 1 } } });
  });
  afterAll(() => gw.stop());

  const deliver = async (raw: Buffer) => {
    const { id } = await gw.store.accept({ raw, source: 'webhook', provider: 'generic' });
    return gw.waitFor(async () => {
      const row = await gw.statusOf(id);
      return row.status === 'delivered' ? row : undefined;
    });
  };

  it('threads a header-less reply by sender and subject, and never merges another sender', async () => {
    const first = await deliver(plainEmail({ from: 'ann@example.org', subject: 'Order 55 is late' }));
    const again = await deliver(plainEmail({ from: 'Ann <ANN@example.org>', subject: 'RE: AW: Order 55 is late' }));
    expect(again).toMatchObject({ thread_id: first.thread_id, match_strategy: 'subject' });
    const other = await deliver(plainEmail({ from: 'bob@example.org', subject: 'Re: Order 55 is late' }));
    expect(other.match_strategy).toBe('new_thread');
    expect(other.thread_id).not.toBe(first.thread_id);
  });
});
