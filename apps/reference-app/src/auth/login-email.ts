/** Longest address RFC 5321 allows (64 + 1 + 255), and the column's length. */
const MAX_EMAIL_LENGTH = 320;

/**
 * The one form of a login address, used by the lookup, the stored row and the login throttle
 * alike: NFKC (full-width and compatibility characters fold to ASCII), trimmed of any Unicode
 * whitespace, lower-cased. If the throttle keyed on anything else, " admin@x" or "admin@x\t"
 * would be a fresh counter for the same account.
 */
export function normalizeLoginEmail(input: unknown): string {
  if (typeof input !== 'string') return '';
  return input.normalize('NFKC').trim().toLowerCase().normalize('NFKC').slice(0, MAX_EMAIL_LENGTH);
}
