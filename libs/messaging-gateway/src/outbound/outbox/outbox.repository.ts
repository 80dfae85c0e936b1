import type { DataSource } from 'typeorm';
import { TABLES } from '../../core/gateway.constants';
import { OutboundEmail } from './outbound-email.entity';
import { subjectKey } from '../../threading/subject/normalize-subject';
import { toHeaderText } from '../compose/header-safety';
import type { OutboundRequest } from '../outbound.types';

/**
 * Inserts an outbox row and, for thread mail, the `email_thread_mappings` row of its Message-ID and
 * reply token, in ONE statement: one round trip, atomic, and the mapping only when the outbox row
 * is new (the CTE reads what the first INSERT returned). A repeat of the dedupe key inserts nothing
 * and resolves null. Returns the row with its new id.
 */
export async function insertOutboxRow(dataSource: DataSource, row: OutboundEmail): Promise<OutboundEmail | null> {
  const thread = row.threadId !== '' && row.replyToken !== null;
  const mapping = thread
    ? `, mapped AS (INSERT INTO ${TABLES.threadMappings}
          (thread_id, email_message_id, sender_email, subject_normalized, reply_to_token)
        SELECT $2, $7, $13, $14, $8 FROM inserted)`
    : '';
  const inserted: { id: string }[] = await dataSource.query(
    `WITH inserted AS (
       INSERT INTO ${TABLES.outboundEmails} (dedupe_key, thread_id, host_message_id, recipient, subject, status,
         email_message_id, reply_token, automatic, payload, job_id, expires_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
       ON CONFLICT (dedupe_key) DO NOTHING RETURNING id)${mapping}
     SELECT id FROM inserted`,
    [
      row.dedupeKey,
      row.threadId,
      row.hostMessageId,
      row.recipient,
      row.subject,
      row.status,
      row.emailMessageId,
      row.replyToken,
      row.automatic,
      JSON.stringify(row.payload),
      row.jobId,
      row.expiresAt,
      ...(thread ? [row.recipient.toLowerCase(), subjectKey(row.subject)] : []),
    ],
  );
  if (inserted.length === 0) return null;
  row.id = inserted[0].id;
  return row;
}

/**
 * A request that can never be sent (invalid or refused recipient) still gets its row, status
 * `failed` with the reason, so it is visible and never silent. The recipient is stored made safe
 * (it may be anything). Resolves [] when the same request was recorded before.
 */
export async function insertRefusedRow(
  dataSource: DataSource,
  request: OutboundRequest,
  reasonCode: string,
): Promise<{ id: string }[]> {
  const result = await dataSource
    .createQueryBuilder()
    .insert()
    .into(OutboundEmail)
    .values({
      dedupeKey: request.dedupeKey,
      threadId: request.threadId ?? '',
      hostMessageId: request.hostMessageId,
      recipient: toHeaderText(request.recipient, 320),
      subject: toHeaderText(request.subject, 900),
      status: 'failed',
      reasonCode,
      automatic: request.automatic,
      payload: {},
      expiresAt: new Date(),
    })
    .orIgnore()
    .returning(['id'])
    .execute();
  return result.raw as { id: string }[];
}
