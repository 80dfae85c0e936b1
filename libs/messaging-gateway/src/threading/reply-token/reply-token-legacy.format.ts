import { createHmac, type KeyObject, timingSafeEqual } from 'node:crypto';

/*
 * The legacy reply token, kept so that addresses already sent out keep working. This is
 * exactly the original construction:
 *
 *   TOKEN = base64url(THREADID ":" TIMESTAMP ":" SIG16)
 *   TIMESTAMP = unix milliseconds at generation; expiry = TIMESTAMP + maxAgeDays
 *   SIG16 = first 16 hex characters of HMAC-SHA256(secret, THREADID ":" TIMESTAMP)
 *
 * Limitations (why v2 exists): base64url is case-sensitive, so an MTA that folds the local part
 * breaks it; the signature is only 64 bits; it carries no key id (every configured secret is
 * tried) and no recipient; with a UUID thread id it is 90 characters, over the 64-octet local
 * part of RFC 5321 4.5.3.1.1, which strict MTAs refuse.
 */
const LEGACY_PATTERN = /^[A-Za-z0-9_-]+={0,2}$/;
/** Thread ids up to 256 characters: longer input is rejected before decoding. */
export const LEGACY_MAX_LENGTH = 360;
const SIG_HEX_LENGTH = 16;
const TIMESTAMP_PATTERN = /^\d{1,15}$/;
const SIG_PATTERN = /^[0-9a-f]{16}$/;
const utf8 = new TextDecoder('utf-8', { fatal: true });

export interface DecodedLegacyToken {
  threadId: string;
  timestampMs: number;
  signature: string;
}

export function encodeLegacyToken(key: KeyObject, threadId: string, timestampMs: number): string {
  const signature = legacySignature(key, threadId, timestampMs);
  return Buffer.from(`${threadId}:${timestampMs}:${signature}`, 'utf8').toString('base64url');
}

/** Parses the structure only; null when it is not a legacy token. */
export function decodeLegacyToken(token: string): DecodedLegacyToken | null {
  if (token.length > LEGACY_MAX_LENGTH || !LEGACY_PATTERN.test(token)) return null;
  const bytes = Buffer.from(token, 'base64url');
  // One spelling per token: base64url can hide non-zero spare bits in its last character.
  if (bytes.toString('base64url') !== token.replace(/=+$/, '')) return null;
  let text: string;
  try {
    text = utf8.decode(bytes);
  } catch {
    return null;
  }
  const sigColon = text.lastIndexOf(':');
  const timeColon = sigColon > 0 ? text.lastIndexOf(':', sigColon - 1) : -1;
  if (timeColon <= 0) return null;
  const threadId = text.slice(0, timeColon);
  const timestamp = text.slice(timeColon + 1, sigColon);
  const signature = text.slice(sigColon + 1);
  if (!TIMESTAMP_PATTERN.test(timestamp) || !SIG_PATTERN.test(signature)) return null;
  return { threadId, timestampMs: Number(timestamp), signature };
}

export function legacySignatureMatches(key: KeyObject, decoded: DecodedLegacyToken): boolean {
  const expected = Buffer.from(legacySignature(key, decoded.threadId, decoded.timestampMs), 'latin1');
  return timingSafeEqual(expected, Buffer.from(decoded.signature, 'latin1'));
}

function legacySignature(key: KeyObject, threadId: string, timestampMs: number): string {
  return createHmac('sha256', key).update(`${threadId}:${timestampMs}`).digest('hex').slice(0, SIG_HEX_LENGTH);
}
