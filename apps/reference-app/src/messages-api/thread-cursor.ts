import { validationError } from '../common/app-error';

/**
 * The opaque `nextCursor` of `GET threads`: the last thread's sequence number, base64url-encoded
 * with a version prefix so that its shape can change without breaking clients that kept one.
 */
export function encodeThreadCursor(seq: string): string {
  return Buffer.from(`v1:${seq}`).toString('base64url');
}

export function decodeThreadCursor(cursor: string): string {
  const decoded = Buffer.from(cursor, 'base64url').toString('utf8');
  const match = /^v1:(\d{1,19})$/.exec(decoded);
  if (!match) throw validationError('cursor is not a value returned as nextCursor');
  return match[1];
}
