import { randomBytes } from 'node:crypto';
import { base32Decode, base32Encode } from './base32';
import { DAY_MS } from './reply-token-v2.format';
import { NOW, RECIPIENT, service, THREAD } from './reply-token.test-support';

const BINDING = { threadId: THREAD, recipient: RECIPIENT };
const BASE32 = 'abcdefghijklmnopqrstuvwxyz234567';

describe('ReplyTokenService against hostile input', () => {
  const tokens = service();
  const token = tokens.generate(BINDING);

  it('fails when any character is replaced by any other (case aside)', () => {
    const alphabet = `${BASE32}0189.-_+=`;
    let tried = 0;
    for (let i = 0; i < token.length; i++) {
      for (const replacement of alphabet) {
        if (replacement === token[i]) continue;
        const tampered = token.slice(0, i) + replacement + token.slice(i + 1);
        expect(tokens.verify(tampered, BINDING).ok).toBe(false);
        tried++;
      }
    }
    expect(tried).toBeGreaterThan(token.length * 30);
  });

  it('fails for every single-bit flip of the decoded payload', () => {
    const [kid, encoded] = token.split('.');
    const payload = base32Decode(encoded, 30)!;
    for (let bit = 0; bit < payload.length * 8; bit++) {
      const flipped = Buffer.from(payload);
      flipped[bit >> 3] ^= 0x80 >> (bit & 7);
      const result = tokens.verify(`${kid}.${base32Encode(flipped)}`, BINDING);
      expect({ bit, ok: result.ok }).toEqual({ bit, ok: false });
    }
  });

  it('refuses 100,000 random tokens of plausible shape (right version, key and future expiry)', () => {
    const expiry = Math.ceil(NOW / DAY_MS) + 100;
    let accepted = 0;
    const reasons = new Set<string>();
    for (let i = 0; i < 100_000; i++) {
      const payload = randomBytes(30);
      payload[0] = 2;
      payload.writeUInt16BE(expiry, 1);
      const result = tokens.verify(`1.${base32Encode(payload)}`, BINDING);
      if (result.ok) accepted++;
      else reasons.add(result.reason);
    }
    expect(accepted).toBe(0);
    expect([...reasons]).toEqual(['bad_signature']);
  });

  it.each([
    ['empty', ''],
    ['whitespace', ' \t\r\n '],
    ['dots', '..'],
    ['a lone kid', '1.'],
    ['unicode', 'réply-тoken-回复-🙂'],
    ['10 kB of base32', 'a'.repeat(10_000)],
    ['10 kB that looks like a v2 token', `1.${'a'.repeat(10_000)}`],
    ['10 kB of base64url', 'QUJD'.repeat(2_500)],
    ['a v2 token with a space', ` ${token}`],
    ['a v2 token with a trailing dot', `${token}.`],
    ['a kid of 9 characters', `123456789.${token.split('.')[1]}`],
    ['base64url of garbage', Buffer.from('no colons here').toString('base64url')],
    ['base64url of non-UTF-8', Buffer.from([0xff, 0xfe, 0x3a, 0x31, 0x3a]).toString('base64url')],
  ])('fails cleanly on %s', (_name, input) => {
    expect(tokens.verify(input, BINDING)).toEqual({ ok: false, reason: 'malformed' });
    expect(tokens.inspect(input)).toEqual({ ok: false, reason: 'malformed' });
  });

  it('never throws on values of the wrong type from untyped callers', () => {
    for (const input of [undefined, null, 42, {}, ['1.abc']] as unknown as string[]) {
      expect(tokens.verify(input, BINDING)).toEqual({ ok: false, reason: 'malformed' });
      expect(tokens.inspect(input)).toEqual({ ok: false, reason: 'malformed' });
      expect(tokens.normalize(input)).toBe(input);
    }
    expect(tokens.verify(token, undefined as never)).toEqual({ ok: false, reason: 'bad_signature' });
  });
});
