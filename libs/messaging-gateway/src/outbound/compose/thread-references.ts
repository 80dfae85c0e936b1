import type { DataSource } from 'typeorm';
import { TABLES } from '../../core/gateway.constants';
import { formatReferences } from '../../threading/message-id/format-references';
import { parseMessageIdList } from '../../threading/message-id/parse-message-id-list';

/** RFC 5322 3.6.4 leaves the length open; 20 ids (root + 19 latest) is what Chatwoot and Gmail keep in practice. */
const MAX_REFERENCES = 20;

/**
 * In-Reply-To and References of an answer in `threadId`: every Message-ID stored for the thread
 * (received and sent, oldest first: the root and the latest 40 are read), then the parent (the
 * thread's `lastEmailMessageId`, else the latest stored id) last, bounded to the root plus the
 * 19 most recent. Ids pass through the same parser as inbound headers, so nothing that could
 * break a header survives.
 */
export async function threadReferences(
  dataSource: DataSource,
  threadId: string,
  lastEmailMessageId?: string,
): Promise<{ inReplyTo?: string; references?: string[] }> {
  const rows: { email_message_id: string }[] = await dataSource.query(
    `SELECT email_message_id FROM (
       (SELECT email_message_id, created_at FROM ${TABLES.threadMappings}
         WHERE thread_id = $1 AND email_message_id IS NOT NULL ORDER BY created_at ASC LIMIT 1)
       UNION ALL
       (SELECT email_message_id, created_at FROM ${TABLES.threadMappings}
         WHERE thread_id = $1 AND email_message_id IS NOT NULL ORDER BY created_at DESC LIMIT 40)
     ) chain ORDER BY created_at ASC`,
    [threadId],
  );
  const chain = rows.flatMap((row) => parseMessageIdList(`<${row.email_message_id}>`));
  const parent = parseMessageIdList(lastEmailMessageId ?? '').pop() ?? chain[chain.length - 1];
  if (!parent) return {};
  const ordered = [...chain.filter((id) => id !== parent), parent];
  return { inReplyTo: parent, references: parseMessageIdList(formatReferences(ordered, MAX_REFERENCES)) };
}
