import { createHash } from 'node:crypto';

/**
 * The id of the `index`-th attachment of inbound email `inboundEmailId`, a UUID derived from both
 * (name-based, as UUID v5): a retried or replayed email gets the same ids, so the message its
 * retry posts (same Idempotency-Key) and the rows it writes (ON CONFLICT DO NOTHING) agree.
 */
export function inboundAttachmentId(inboundEmailId: string, index: number): string {
  const hash = createHash('sha256').update(`mgw-attachment|${inboundEmailId}|${index}`).digest();
  hash[6] = (hash[6] & 0x0f) | 0x50;
  hash[8] = (hash[8] & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
