import { createHash } from 'node:crypto';

export const sha256 = (value: string): string => createHash('sha256').update(value).digest('hex');

/** The `dedupe_key` column holds 600 characters; longer keys are hashed (still deterministic). */
const MAX_KEY = 600;

/**
 * Outbox dedupe key: `<kind>:<id>:<recipient>`, readable for operators, one email per
 * (message, recipient) whatever the case of the address.
 */
export function outboxDedupeKey(kind: 'msg' | 'send', id: string, recipient: string): string {
  const key = `${kind}:${id}:${String(recipient).trim().toLowerCase()}`;
  return key.length <= MAX_KEY ? key : `${kind}:sha256:${sha256(key)}`;
}

/**
 * The BullMQ job id of an outbox row, derived from its dedupe key so a repeated enqueue is a
 * no-op while the job exists. BullMQ refuses ids containing ":" (its key separator) and
 * integer-looking ids, so the key is hashed into a fixed-length hex id with a prefix.
 */
export const outboundJobId = (dedupeKey: string): string => `out-${sha256(dedupeKey).slice(0, 40)}`;
