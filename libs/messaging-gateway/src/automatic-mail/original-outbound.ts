import type { EntityManager } from 'typeorm';
import { TABLES } from '../core/gateway.constants';
import { parseGatewayMessageId, unwrapMessageId } from '../threading/message-id/gateway-message-id';
import type { ReplyTokenService } from '../threading/reply-token/reply-token.service';

/** An outbound row a report is about. */
export interface OriginalOutbound {
  id: string;
  threadId: string;
  recipient: string;
}

export interface OriginalLookup {
  originalMessageId?: string;
  relatedAddresses?: string[];
  /** Lower-cased recipients the report names; token matches are narrowed to them. */
  recipients: string[];
  replyDomain: string;
  replyTokens?: ReplyTokenService;
}

const T = TABLES.outboundEmails;
type Row = { id: string; thread_id: string; recipient: string };
const toOriginal = (row: Row): OriginalOutbound => ({ id: row.id, threadId: row.thread_id, recipient: row.recipient });

/**
 * Finds the outbound email(s) a bounce, complaint or auto-reply is about: first by the embedded
 * original's Message-ID (one row is one email to one recipient), then by the reply token in a
 * VERP / Reply-To address or in our own Message-ID, narrowed to the reported recipients and the
 * latest email sent to each.
 */
export async function findOriginalOutbound(
  manager: EntityManager,
  lookup: OriginalLookup,
): Promise<OriginalOutbound[]> {
  const messageId = lookup.originalMessageId ? unwrapMessageId(lookup.originalMessageId) : '';
  if (messageId) {
    const rows: Row[] = await manager.query(
      `SELECT id, thread_id, recipient FROM ${T} WHERE email_message_id IN ($1, $2) LIMIT 10`,
      [messageId, `<${messageId}>`],
    );
    if (rows.length > 0) return rows.map(toOriginal);
  }
  const tokens = new Set(lookup.replyTokens?.findTokens(lookup.relatedAddresses ?? []) ?? []);
  const fromMessageId = messageId ? parseGatewayMessageId(messageId, lookup.replyDomain) : null;
  if (fromMessageId && lookup.replyTokens) tokens.add(lookup.replyTokens.normalize(fromMessageId.token));
  if (tokens.size === 0 || lookup.recipients.length === 0) return [];
  const rows: Row[] = await manager.query(
    `SELECT DISTINCT ON (lower(recipient)) id, thread_id, recipient FROM ${T}
      WHERE reply_token = ANY($1) AND lower(recipient) = ANY($2) AND status IN ('sent', 'sending', 'bounced')
      ORDER BY lower(recipient), sent_at DESC NULLS LAST, queued_at DESC`,
    [[...tokens], lookup.recipients],
  );
  return rows.map(toOriginal);
}
