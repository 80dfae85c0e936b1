import { timingSafeEqual as cryptoTimingSafeEqual } from 'node:crypto';

/**
 * Constant-time equality of two secrets or signatures. `crypto.timingSafeEqual` throws on
 * buffers of different lengths, so the length is checked first; the length of a signature or a
 * digest is public anyway (Svix, Stripe and Rails' `secure_compare` do the same).
 * Every webhook adapter compares through this one function.
 */
export function timingSafeEqual(given: string | Buffer, expected: string | Buffer): boolean {
  const a = typeof given === 'string' ? Buffer.from(given, 'utf8') : given;
  const b = typeof expected === 'string' ? Buffer.from(expected, 'utf8') : expected;
  if (a.length !== b.length || b.length === 0) return false;
  return cryptoTimingSafeEqual(a, b);
}
