import { formatReferences } from '../../threading/message-id/format-references';
import { parseMessageIdList } from '../../threading/message-id/parse-message-id-list';
import type { OutboundPayload } from '../outbound.types';

/** RFC 5322 3.6.4 leaves the length open; 20 ids (root + 19 latest) is what Chatwoot and Gmail keep in practice. */
const MAX_REFERENCES = 20;

/**
 * In-Reply-To and References of an answer: the thread's stored Message-IDs (received and sent,
 * oldest first: the root and the latest 40, as `ThreadMappingsRepository.messageIdChainJson` reads
 * them), then the parent (the thread's `lastEmailMessageId`, else the latest stored id) last,
 * bounded to the root plus the 19 most recent. Ids pass through the same parser as inbound
 * headers, so nothing that could break a header survives.
 */
export function threadReferences(
  storedIds: string[],
  lastEmailMessageId?: string,
): { inReplyTo?: string; references?: string[] } {
  const chain = storedIds.flatMap((id) => parseMessageIdList(`<${id}>`));
  const parent = parseMessageIdList(lastEmailMessageId ?? '').pop() ?? chain[chain.length - 1];
  if (!parent) return {};
  const ordered = [...chain.filter((id) => id !== parent), parent];
  return { inReplyTo: parent, references: parseMessageIdList(formatReferences(ordered, MAX_REFERENCES)) };
}

/**
 * The threading headers of a stored row: derived from the chain its INSERT stored (the same on
 * every attempt), or as an older row stored them.
 */
export function storedThreading(payload: OutboundPayload): { inReplyTo?: string; references?: string[] } {
  if (payload.threadMessageIds) return threadReferences(payload.threadMessageIds, payload.parentMessageId);
  return { inReplyTo: payload.inReplyTo, references: payload.references };
}
