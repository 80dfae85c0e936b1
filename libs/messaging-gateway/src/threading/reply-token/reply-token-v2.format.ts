import { createHmac, type KeyObject, randomBytes, timingSafeEqual } from 'node:crypto';
import { base32Decode, base32Encode, base32Length } from './base32';

/*
 * Reply token, version 2 (ours). Wire format:
 *
 *   TOKEN   = KID "." BASE32(PAYLOAD)           e.g. 1.aeaaboalp7x5...  (lowercase, 50 to 57 chars)
 *   KID     = 1*8 (a-z / 0-9)                    key id, selects the secret (rotation)
 *   PAYLOAD = 30 bytes:
 *     [0]      version, 0x02
 *     [1..2]   expiry, whole days since 1970-01-01 UTC, uint16 big-endian (valid before that day)
 *     [3..10]  nonce, 8 random bytes: every token is unique, even for the same thread and recipient
 *     [11..26] thread MAC = HMAC-SHA256(secret[kid], "mgw-reply|2|KID|EXPIRY|NONCEHEX|THREADID")[0..16]
 *     [27..29] recipient tag = HMAC-SHA256(secret[kid], "mgw-rcpt|" + hex(thread MAC) + "|" + recipient)[0..3]
 *   BASE32  = RFC 4648 alphabet in lowercase, no padding, decoded case-insensitively
 *
 * Why this shape:
 * - Case-insensitive because MTAs may fold the local part's case; base32 survives that.
 * - 30 bytes encode to exactly 48 characters (no spare bits, so one spelling per payload), and
 *   "reply+" (6) + KID (<= 8) + "." (1) + 48 = 63 octets: within the 64-octet local part of
 *   RFC 5321 4.5.3.1.1. The dot is legal in a dot-atom because it is never first, last or doubled.
 * - Thread ids are arbitrary host strings (UUIDs or longer), so the token does not carry them:
 *   the gateway stores the token beside the thread (`email_thread_mappings.reply_to_token`) and
 *   the MAC is recomputed from the thread id found there. Unforgeability of (thread, expiry,
 *   key, nonce) is the full 128-bit thread MAC, compared with crypto.timingSafeEqual.
 * - The recipient is checked separately so that a genuine token used by another sender is told
 *   apart (`recipient_mismatch`, held for review) from a forgery (`bad_signature`). The tag is 24
 *   bits because the local part has no more room; it only matters to someone who already holds a
 *   genuine token, guessing costs one email per try (2^23 on average, every failure held), and
 *   such a sender could as easily spoof the recipient's From, which only DMARC stops.
 * - The expiry is a day count, so it needs 2 bytes and lasts until 2149.
 */
const V2_VERSION = 2;
const PAYLOAD_BYTES = 30;
const NONCE_BYTES = 8;
const THREAD_MAC_BYTES = 16;
const RECIPIENT_TAG_BYTES = 3;
const EXPIRY_OFFSET = 1;
const NONCE_OFFSET = 3;
const THREAD_MAC_OFFSET = NONCE_OFFSET + NONCE_BYTES;
const RECIPIENT_TAG_OFFSET = THREAD_MAC_OFFSET + THREAD_MAC_BYTES;
const ENCODED_LENGTH = base32Length(PAYLOAD_BYTES);
export const DAY_MS = 86_400_000;
const MAX_EXPIRY_DAYS = 0xffff;

/** The syntax of a v2 token, either case: a cheap gate before any decoding. */
export const V2_TOKEN_PATTERN = new RegExp(`^[a-z0-9]{1,8}\\.[a-z2-7]{${ENCODED_LENGTH}}$`, 'i');
const V2_MAX_LENGTH = 8 + 1 + ENCODED_LENGTH;

export interface DecodedV2Token {
  kid: string;
  expiryDays: number;
  payload: Buffer;
}

export function encodeV2Token(
  key: KeyObject,
  kid: string,
  expiresAtMs: number,
  threadId: string,
  recipient: string,
): string {
  const payload = Buffer.alloc(PAYLOAD_BYTES);
  const expiryDays = Math.min(MAX_EXPIRY_DAYS, Math.ceil(expiresAtMs / DAY_MS));
  payload[0] = V2_VERSION;
  payload.writeUInt16BE(expiryDays, EXPIRY_OFFSET);
  randomBytes(NONCE_BYTES).copy(payload, NONCE_OFFSET);
  const threadMac = computeThreadMac(key, kid, expiryDays, payload, threadId);
  threadMac.copy(payload, THREAD_MAC_OFFSET);
  computeRecipientTag(key, threadMac, recipient).copy(payload, RECIPIENT_TAG_OFFSET);
  return `${kid}.${base32Encode(payload)}`;
}

/** Parses the structure only (no secret needed); null when it is not a v2 token. */
export function decodeV2Token(token: string): DecodedV2Token | null {
  if (token.length > V2_MAX_LENGTH || !V2_TOKEN_PATTERN.test(token)) return null;
  const dot = token.indexOf('.');
  const payload = base32Decode(token.slice(dot + 1), PAYLOAD_BYTES);
  if (!payload || payload[0] !== V2_VERSION) return null;
  return { kid: token.slice(0, dot).toLowerCase(), expiryDays: payload.readUInt16BE(EXPIRY_OFFSET), payload };
}

export function v2ThreadMacMatches(key: KeyObject, decoded: DecodedV2Token, threadId: string): boolean {
  const expected = computeThreadMac(key, decoded.kid, decoded.expiryDays, decoded.payload, threadId);
  return timingSafeEqual(expected, decoded.payload.subarray(THREAD_MAC_OFFSET, RECIPIENT_TAG_OFFSET));
}

export function v2RecipientMatches(key: KeyObject, decoded: DecodedV2Token, recipient: string): boolean {
  const threadMac = decoded.payload.subarray(THREAD_MAC_OFFSET, RECIPIENT_TAG_OFFSET);
  const expected = computeRecipientTag(key, threadMac, recipient);
  return timingSafeEqual(expected, decoded.payload.subarray(RECIPIENT_TAG_OFFSET));
}

function computeThreadMac(key: KeyObject, kid: string, expiryDays: number, payload: Buffer, threadId: string) {
  const nonce = payload.toString('hex', NONCE_OFFSET, THREAD_MAC_OFFSET);
  return createHmac('sha256', key)
    .update(`mgw-reply|${V2_VERSION}|${kid}|${expiryDays}|${nonce}|${threadId}`)
    .digest()
    .subarray(0, THREAD_MAC_BYTES);
}

function computeRecipientTag(key: KeyObject, threadMac: Buffer, recipient: string): Buffer {
  return createHmac('sha256', key)
    .update(`mgw-rcpt|${threadMac.toString('hex')}|${canonicalRecipient(recipient)}`)
    .digest()
    .subarray(0, RECIPIENT_TAG_BYTES);
}

/** Addresses compare case-insensitively in practice (RFC 5321 2.4 allows otherwise; no one does). */
function canonicalRecipient(recipient: string): string {
  return recipient.trim().toLowerCase();
}
