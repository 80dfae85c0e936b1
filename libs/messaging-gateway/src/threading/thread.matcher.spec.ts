import { resolveMessagingGatewayOptions } from '../core/options/resolve-options';
import type { ParsedInboundEmail } from '../inbound/parse/parsed-inbound-email.types';
import { generateGatewayMessageId } from './message-id/gateway-message-id';
import { DOMAIN, NOW, SECRET_A, service } from './reply-token/reply-token.test-support';
import type { TokenMapping } from './thread-mappings.repository';
import type { SenderAuthPolicy } from '../core/options/groups/sender-auth.options';
import type { SenderAuth } from './sender-auth.types';
import type { MatchableEmail } from './thread-match.types';
import { ThreadMatcher } from './thread.matcher';

/** In-memory stand-in for email_thread_mappings: rows of (thread, message id, address, subject key, token). */
interface Row {
  threadId: string;
  messageId?: string;
  address?: string;
  subjectKey?: string;
  token?: string;
}

function matcher(
  rows: Row[],
  routing: { subjectFallback?: boolean } = {},
  clock = () => NOW,
  senderAuth: { policy?: SenderAuthPolicy } = {},
) {
  const tokens = service({}, clock);
  const options = resolveMessagingGatewayOptions({
    env: {},
    replyTokens: { domain: DOMAIN, secrets: [{ kid: '1', secret: SECRET_A }] },
    messagesApi: { baseUrl: 'http://localhost/api', apiKey: 'k' },
    outbound: { enabled: false },
    routing,
    senderAuth,
  });
  const repo = {
    findByToken: async (token: string): Promise<TokenMapping | null> => {
      const row = rows.find((r) => r.token === token);
      return row ? { threadId: row.threadId, recipient: row.address ?? null } : null;
    },
    threadsByMessageIds: async (ids: string[]) =>
      new Map(rows.filter((r) => r.messageId && ids.includes(r.messageId)).map((r) => [r.messageId!, r.threadId])),
    isParticipant: async (threadId: string, address: string) =>
      rows.some((r) => r.threadId === threadId && r.address === address),
    threadsBySenderSubject: async (sender: string, key: string) => [
      ...new Set(rows.filter((r) => r.address === sender && r.subjectKey === key).map((r) => r.threadId)),
    ],
  };
  const cache = { find: (token: string) => repo.findByToken(token) };
  return {
    tokens,
    match: new ThreadMatcher(
      options.replyTokens,
      options.routing,
      options.senderAuth,
      tokens,
      cache as never,
      repo as never,
    ),
  };
}

function email(over: Partial<MatchableEmail & ParsedInboundEmail> & { sender?: string | null }): MatchableEmail {
  const { sender = 'ann@example.org', ...rest } = over;
  return {
    from: sender ? { address: sender, name: '' } : null,
    senderCount: sender ? 1 : 0,
    auth: null,
    to: [],
    cc: [],
    deliveredTo: [],
    envelopeRecipients: [],
    subject: 'Re: Order 1',
    text: 'hi',
    html: null,
    messageId: 'new@example.org',
    inReplyTo: [],
    references: [],
    attachments: [],
    authenticationResults: null,
    markedImportant: false,
    ...rest,
  };
}

describe('ThreadMatcher', () => {
  it('matches a token in any recipient header and checks it is the bound recipient', async () => {
    const { tokens } = matcher([]);
    const token = tokens.generate({ threadId: 't1', recipient: 'ann@example.org' });
    const rows: Row[] = [{ threadId: 't1', address: 'ann@example.org', token: tokens.normalize(token) }];
    const m = matcher(rows).match;
    const address = tokens.replyAddress(token).toUpperCase();
    await expect(m.match(email({ cc: [{ address: address.toLowerCase(), name: '' }] }))).resolves.toEqual({
      kind: 'existing',
      threadId: 't1',
      strategy: 'token',
    });
    await expect(m.match(email({ envelopeRecipients: [tokens.replyAddress(token)] }))).resolves.toMatchObject({
      strategy: 'token',
    });
    await expect(
      m.match(email({ sender: 'eve@evil.example', deliveredTo: [tokens.replyAddress(token)] })),
    ).resolves.toEqual({
      kind: 'held',
      reason: 'sender_mismatch',
      strategy: 'token',
      threadId: 't1',
    });
  });

  it('lets another participant of the thread use the token, but not a stranger', async () => {
    const { tokens } = matcher([]);
    const token = tokens.generate({ threadId: 't1', recipient: 'ann@example.org' });
    const rows: Row[] = [
      { threadId: 't1', address: 'ann@example.org', token: tokens.normalize(token) },
      { threadId: 't1', address: 'bob@example.org', messageId: 'bob1@example.org' },
    ];
    const { match } = matcher(rows);
    const to = [{ address: tokens.replyAddress(token), name: '' }];
    await expect(match.match(email({ sender: 'bob@example.org', to }))).resolves.toMatchObject({ kind: 'existing' });
  });

  it('ignores forged tokens and falls through to the headers', async () => {
    const { tokens } = matcher([]);
    const genuine = tokens.generate({ threadId: 't1', recipient: 'ann@example.org' });
    // Flip a character inside the 128-bit thread MAC (payload bytes 11–26: characters 20–42 after "kid.").
    const at = genuine.indexOf('.') + 30;
    const forged = genuine.slice(0, at) + (genuine[at] === 'a' ? 'b' : 'a') + genuine.slice(at + 1);
    const rows: Row[] = [
      { threadId: 't1', address: 'ann@example.org', token: tokens.normalize(forged) },
      { threadId: 't2', address: 'ann@example.org', messageId: 'out2@example.com' },
    ];
    const { match } = matcher(rows);
    const result = await match.match(
      email({ to: [{ address: tokens.replyAddress(forged), name: '' }], inReplyTo: ['out2@example.com'] }),
    );
    expect(result).toEqual({ kind: 'existing', threadId: 't2', strategy: 'message_id' });
  });

  it('matches a gateway Message-ID in References, newest first', async () => {
    const { tokens } = matcher([]);
    const token = tokens.generate({ threadId: 't9', recipient: 'ann@example.org' });
    const rows: Row[] = [{ threadId: 't9', address: 'ann@example.org', token: tokens.normalize(token) }];
    const { match } = matcher(rows);
    const references = ['old@example.com', generateGatewayMessageId({ token, domain: DOMAIN })];
    await expect(match.match(email({ references }))).resolves.toEqual({
      kind: 'existing',
      threadId: 't9',
      strategy: 'gateway_message_id',
    });
  });

  it('holds an expired token as token_expired unless a header matches safely', async () => {
    const later = () => NOW + 400 * 86_400_000;
    const { tokens } = matcher([]);
    const token = tokens.generate({ threadId: 't1', recipient: 'ann@example.org' });
    const rows: Row[] = [
      { threadId: 't1', address: 'ann@example.org', token: tokens.normalize(token), messageId: 'out1@example.com' },
    ];
    const { match } = matcher(rows, {}, later);
    const to = [{ address: tokens.replyAddress(token), name: '' }];
    await expect(match.match(email({ to }))).resolves.toEqual({
      kind: 'held',
      reason: 'token_expired',
      strategy: 'token',
    });
    await expect(match.match(email({ to, inReplyTo: ['out1@example.com'] }))).resolves.toMatchObject({
      kind: 'existing',
      strategy: 'message_id',
    });
  });

  it('holds a stranger quoting a known Message-ID, and an email without a trusted sender', async () => {
    const rows: Row[] = [{ threadId: 't1', address: 'ann@example.org', messageId: 'out1@example.com' }];
    const { match } = matcher(rows);
    await expect(
      match.match(email({ sender: 'eve@evil.example', references: ['out1@example.com'] })),
    ).resolves.toMatchObject({
      kind: 'held',
      reason: 'sender_mismatch',
      strategy: 'message_id',
    });
    await expect(match.match(email({ sender: null }))).resolves.toEqual({ kind: 'held', reason: 'sender_unknown' });
  });

  it('uses the subject only when enabled, with one candidate thread and a non-empty key', async () => {
    const rows: Row[] = [{ threadId: 't1', address: 'ann@example.org', subjectKey: 'order 1' }];
    await expect(matcher(rows).match.match(email({}))).resolves.toEqual({ kind: 'new', strategy: 'new_thread' });
    const on = matcher(rows, { subjectFallback: true }).match;
    await expect(on.match(email({}))).resolves.toEqual({ kind: 'existing', threadId: 't1', strategy: 'subject' });
    await expect(on.match(email({ subject: 'Re:' }))).resolves.toMatchObject({ kind: 'new' });
    const two = matcher([...rows, { threadId: 't2', address: 'ann@example.org', subjectKey: 'order 1' }], {
      subjectFallback: true,
    }).match;
    await expect(two.match(email({}))).resolves.toMatchObject({ kind: 'new' });
  });

  describe('sender authentication (EMAIL_SENDER_AUTH)', () => {
    const rows: Row[] = [{ threadId: 't1', address: 'ann@example.org', messageId: 'out1@example.com' }];
    const forged: SenderAuth = {
      dkim: 'none',
      spf: 'fail',
      dmarc: 'fail',
      arc: 'none',
      fromAligned: false,
      source: 'local',
      policy: 'reject',
    };
    const reply = (over: Partial<MatchableEmail & ParsedInboundEmail> = {}) =>
      email({ inReplyTo: ['out1@example.com'], auth: forged, ...over });

    it('holds a reply to an existing thread whose From fails DMARC under enforce, with its thread', async () => {
      const { match } = matcher(rows, {}, () => NOW, { policy: 'enforce' });
      await expect(match.match(reply())).resolves.toEqual({
        kind: 'held',
        reason: 'sender_unauthenticated',
        strategy: 'message_id',
        threadId: 't1',
      });
    });

    it('only records under record, and lets an operator-released email through under enforce', async () => {
      await expect(matcher(rows).match.match(reply())).resolves.toMatchObject({ kind: 'existing', threadId: 't1' });
      const { match } = matcher(rows, {}, () => NOW, { policy: 'enforce' });
      await expect(match.match(reply({ senderReleased: true }))).resolves.toMatchObject({ kind: 'existing' });
    });

    it('never holds on a DNS failure, and never a new conversation', async () => {
      const { match } = matcher(rows, {}, () => NOW, { policy: 'enforce' });
      const unknown: SenderAuth = { ...forged, dkim: 'temperror', dmarc: 'temperror' };
      await expect(match.match(reply({ auth: unknown }))).resolves.toMatchObject({ kind: 'existing' });
      await expect(match.match(email({ auth: forged }))).resolves.toEqual({ kind: 'new', strategy: 'new_thread' });
    });

    it('holds a From with two addresses under every policy but off', async () => {
      const two = reply({ senderCount: 2, auth: null });
      for (const policy of ['record', 'enforce'] as const) {
        const { match } = matcher(rows, {}, () => NOW, { policy });
        await expect(match.match(two)).resolves.toEqual({ kind: 'held', reason: 'sender_ambiguous' });
      }
      const off = matcher(rows, {}, () => NOW, { policy: 'off' }).match;
      await expect(off.match(two)).resolves.toMatchObject({ kind: 'existing' });
    });
  });
});
