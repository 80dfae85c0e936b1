import { randomBytes } from 'node:crypto';
import { isSealed, open, seal } from './envelope-cipher';

describe('envelope cipher', () => {
  const key = randomBytes(32);

  it('opens what it sealed, and the sealed bytes do not contain the plaintext', () => {
    const plaintext = Buffer.from('MARKER-1234 the customer contract');
    const sealed = seal(key, plaintext, 'dk-1');
    expect(isSealed(sealed)).toBe(true);
    expect(sealed.includes(Buffer.from('MARKER-1234'))).toBe(false);
    expect(open(key, sealed, 'dk-1').equals(plaintext)).toBe(true);
  });

  it('refuses another key, another context and altered bytes', () => {
    const sealed = seal(key, Buffer.from('x'.repeat(100)), 'dk-1');
    expect(() => open(randomBytes(32), sealed, 'dk-1')).toThrow();
    expect(() => open(key, sealed, 'dk-2')).toThrow();
    const altered = Buffer.from(sealed);
    altered[altered.length - 1] ^= 1;
    expect(() => open(key, altered, 'dk-1')).toThrow();
    expect(() => open(key, Buffer.from('plain'), 'dk-1')).toThrow(/not sealed/);
  });
});
