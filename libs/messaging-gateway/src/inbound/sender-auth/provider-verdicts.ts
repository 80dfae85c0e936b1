import type { AuthResult } from '../../threading/sender-auth.types';

const RESULTS: readonly AuthResult[] = [
  'pass',
  'fail',
  'softfail',
  'neutral',
  'none',
  'temperror',
  'permerror',
  'policy',
];

/**
 * A provider's word for a result in RFC 8601's vocabulary: SES says PASS, FAIL, GRAY (nothing
 * to check) and PROCESSING_FAILED; Mailgun Pass, SoftFail …; SendGrid and Mandrill use the RFC's
 * own words. Anything unknown is `none`: it proves nothing either way.
 */
export function authResultOf(verdict: unknown): AuthResult {
  const word = String(verdict ?? '')
    .trim()
    .toLowerCase();
  if (word === 'gray') return 'none';
  if (word === 'processing_failed' || word === 'temperr') return 'temperror';
  if (word === 'permerr') return 'permerror';
  return (RESULTS as readonly string[]).includes(word) ? (word as AuthResult) : 'none';
}

/** The strongest of several signatures' results: one valid signature is enough (RFC 6376 6.1). */
export function bestResult(results: AuthResult[]): AuthResult {
  const order: AuthResult[] = ['pass', 'temperror', 'fail', 'permerror', 'policy', 'softfail', 'neutral', 'none'];
  return order.find((result) => results.includes(result)) ?? 'none';
}
