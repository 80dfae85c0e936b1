import { ErrorCode } from '../../core/errors/error-codes';
import { generateGatewayMessageId, parseGatewayMessageId, unwrapMessageId, wrapMessageId } from './gateway-message-id';
import { RECIPIENT, service, THREAD } from '../reply-token/reply-token.test-support';

const DOMAIN = 'mail.example.com';

describe('gateway Message-IDs', () => {
  const token = service().generate({ threadId: THREAD, recipient: RECIPIENT });
  const legacy = service({ format: 'legacy' }).generate({ threadId: THREAD, recipient: RECIPIENT });

  it('embeds the token and a unique part: mgw.<token>.<unique>@<domain>', () => {
    expect(generateGatewayMessageId({ token, domain: DOMAIN, unique: 'abc123' })).toBe(`mgw.${token}.abc123@${DOMAIN}`);
    const a = generateGatewayMessageId({ token, domain: DOMAIN });
    const b = generateGatewayMessageId({ token, domain: DOMAIN });
    expect(a).not.toBe(b);
    expect(a).toMatch(/^mgw\.1\.[a-z2-7]{48}\.[a-z2-7]{16}@mail\.example\.com$/);
  });

  it('round-trips v2 and legacy tokens', () => {
    for (const t of [token, legacy]) {
      expect(parseGatewayMessageId(generateGatewayMessageId({ token: t, domain: DOMAIN }), DOMAIN)).toEqual({
        token: t,
      });
    }
  });

  it('tolerates angle brackets, whitespace and the case of prefix and domain', () => {
    const id = generateGatewayMessageId({ token, domain: DOMAIN, unique: 'u1' });
    expect(parseGatewayMessageId(`  <${id}> `, DOMAIN)).toEqual({ token });
    expect(parseGatewayMessageId(`< ${id.toUpperCase()} >`, 'Mail.Example.COM')).toEqual({
      token: token.toUpperCase(),
    });
    expect(parseGatewayMessageId(wrapMessageId(id), DOMAIN)).toEqual({ token });
  });

  it.each([
    ['another domain', `<mgw.${token}.u1@evil.example.com>`],
    ['a longer domain', `<mgw.${token}.u1@mail.example.com.evil.net>`],
    ['another prefix', `<gw.${token}.u1@${DOMAIN}>`],
    ['no unique part', `<mgw.${token}@${DOMAIN}>`],
    ['an empty token', `<mgw..u1@${DOMAIN}>`],
    ['only the prefix', `<mgw.@${DOMAIN}>`],
    ['no @', `<mgw.${token}.u1>`],
    ['a provider-rewritten id', '<0100018c-aaaa@email.amazonses.com>'],
    ['garbage', '\u0000<<>>@@'],
    ['a 1 MB value', `<mgw.${'a'.repeat(1_000_000)}.u@${DOMAIN}>`],
  ])('is null for %s', (_name, id) => {
    expect(parseGatewayMessageId(id, DOMAIN)).toBeNull();
  });

  it.each([
    ['a token with CRLF', { token: `${token}\r\nBcc: x@y`, domain: DOMAIN }],
    ['a token with brackets', { token: `${token}>`, domain: DOMAIN }],
    ['an empty token', { token: '', domain: DOMAIN }],
    ['a domain with a space', { token, domain: 'mail example.com' }],
    ['a unique part with a dot', { token, domain: DOMAIN, unique: 'a.b' }],
  ])('refuses to generate with %s (no header injection)', (_name, input) => {
    expect(() => generateGatewayMessageId(input)).toThrow(
      expect.objectContaining({ code: ErrorCode.REPLY_TOKEN_INPUT }),
    );
  });

  it('wraps and unwraps ids once', () => {
    expect(wrapMessageId('a@b')).toBe('<a@b>');
    expect(wrapMessageId(' <a@b> ')).toBe('<a@b>');
    expect(unwrapMessageId('\t<a@b>\r\n')).toBe('a@b');
  });
});
