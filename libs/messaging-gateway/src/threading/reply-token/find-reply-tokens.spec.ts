import { MAX_TOKENS_PER_EMAIL } from './find-reply-tokens';
import { RECIPIENT, service, THREAD } from './reply-token.test-support';

describe('ReplyTokenService.findTokens', () => {
  const tokens = service();
  const token = tokens.generate({ threadId: THREAD, recipient: RECIPIENT });
  const legacy = service({ format: 'legacy' }).generate({ threadId: THREAD, recipient: RECIPIENT });

  it('finds the token in bare addresses, display-name forms and whole header values', () => {
    expect(tokens.findTokens([`reply+${token}@reply.example.com`])).toEqual([token]);
    expect(tokens.findTokens([`"Support" <reply+${token}@reply.example.com>`])).toEqual([token]);
    expect(tokens.findTokens([`a@example.org, Support <reply+${token}@reply.example.com>; b@example.org`])).toEqual([
      token,
    ]);
  });

  it('matches "reply", the token and the domain in any case, and returns the lowercase storage form', () => {
    expect(tokens.findTokens([`REPLY+${token.toUpperCase()}@REPLY.EXAMPLE.COM`])).toEqual([token]);
  });

  it('keeps legacy tokens exactly as written (case-sensitive)', () => {
    expect(tokens.findTokens([`<reply+${legacy}@reply.example.com>`])).toEqual([legacy]);
  });

  it('reads every list (To, Cc, Delivered-To, X-Original-To, envelope) and removes duplicates', () => {
    const other = tokens.generate({ threadId: 'second', recipient: RECIPIENT });
    const found = tokens.findTokens(
      new Set([
        'someone@example.org',
        `reply+${token}@reply.example.com`,
        `Reply+${token.toUpperCase()}@Reply.Example.com`,
        `reply+${other}@reply.example.com`,
      ]),
    );
    expect(found).toEqual([token, other]);
  });

  it.each([
    ['another domain', `reply+${token}@evil.example.com`],
    ['a subdomain of ours', `reply+${token}@x.reply.example.com`],
    ['a longer domain', `reply+${token}@reply.example.com.evil.net`],
    ['a local part ending in reply+', `noreply+${token}@reply.example.com`],
    ['no token', 'reply+@reply.example.com'],
    ['a token that is not a token', 'reply+hello@reply.example.com'],
    ['no plus', `reply${token}@reply.example.com`],
  ])('ignores %s', (_name, address) => {
    expect(tokens.findTokens([address])).toEqual([]);
  });

  it('stays bounded on hostile header values', () => {
    const many = Array.from({ length: 5000 }, (_, i) => `reply+${i}.${'a'.repeat(48)}@reply.example.com`);
    expect(tokens.findTokens([many.join(', ')])).toHaveLength(MAX_TOKENS_PER_EMAIL);
    expect(tokens.findTokens(['reply+'.repeat(200_000), `reply+${'a'.repeat(1_000_000)}@reply.example.com`])).toEqual(
      [],
    );
  });
});
