import { Injectable } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { TABLES } from '../core/gateway.constants';
import { InjectGatewayDataSource } from '../core/host-prerequisites.providers';

/** The thread a reply token was issued for, and the recipient it was sent to. */
export interface TokenMapping {
  threadId: string;
  recipient: string | null;
}

/** A mapping row an inbound email adds once it is delivered. */
export interface NewThreadMapping {
  threadId: string;
  emailMessageId: string | null;
  senderEmail: string | null;
  subjectKey: string;
}

/** The one owner of `email_thread_mappings`: every write, and the matcher's queries (on its three indexes). */
@Injectable()
export class ThreadMappingsRepository {
  constructor(@InjectGatewayDataSource() private readonly dataSource: DataSource) {}

  /** Uses idx_reply_token; the token is stored normalized (lower case). */
  async findByToken(token: string): Promise<TokenMapping | null> {
    const rows: { thread_id: string; sender_email: string | null }[] = await this.dataSource.query(
      `SELECT thread_id, sender_email FROM ${TABLES.threadMappings}
        WHERE reply_to_token = $1 ORDER BY created_at DESC LIMIT 1`,
      [token],
    );
    return rows[0] ? { threadId: rows[0].thread_id, recipient: rows[0].sender_email } : null;
  }

  /**
   * The thread's Message-IDs (for References) as a jsonb array expression, oldest first: its root
   * and the latest 40. `threadId` is an SQL expression (a placeholder): the outbox INSERT reads the
   * chain in its own statement instead of a query before it.
   */
  messageIdChainJson(threadId: string): string {
    return `COALESCE((SELECT jsonb_agg(chain.email_message_id ORDER BY chain.created_at) FROM (
         (SELECT email_message_id, created_at FROM ${TABLES.threadMappings}
           WHERE thread_id = ${threadId} AND email_message_id IS NOT NULL ORDER BY created_at ASC LIMIT 1)
         UNION ALL
         (SELECT email_message_id, created_at FROM ${TABLES.threadMappings}
           WHERE thread_id = ${threadId} AND email_message_id IS NOT NULL ORDER BY created_at DESC LIMIT 40)
       ) chain), '[]'::jsonb)`;
  }

  /** Threads of the given Message-IDs (idx_email_message_id), by Message-ID. */
  async threadsByMessageIds(ids: string[]): Promise<Map<string, string>> {
    if (ids.length === 0) return new Map();
    const rows: { email_message_id: string; thread_id: string }[] = await this.dataSource.query(
      `SELECT email_message_id, thread_id FROM ${TABLES.threadMappings}
        WHERE email_message_id = ANY($1) ORDER BY created_at ASC`,
      [ids],
    );
    return new Map(rows.map((row) => [row.email_message_id, row.thread_id]));
  }

  /** A participant is any address the thread's mappings have seen: recipients of our mail, senders of replies. */
  async isParticipant(threadId: string, address: string): Promise<boolean> {
    const rows: unknown[] = await this.dataSource.query(
      `SELECT 1 FROM ${TABLES.threadMappings} WHERE sender_email = $2 AND thread_id = $1 LIMIT 1`,
      [threadId, address],
    );
    return rows.length > 0;
  }

  /** Distinct threads (at most two) where this sender wrote with this subject key recently (idx_sender_subject). */
  async threadsBySenderSubject(sender: string, key: string, withinHours: number): Promise<string[]> {
    const rows: { thread_id: string }[] = await this.dataSource.query(
      `SELECT DISTINCT thread_id FROM ${TABLES.threadMappings}
        WHERE sender_email = $1 AND subject_normalized = $2 AND created_at > now() - make_interval(hours => $3)
        LIMIT 2`,
      [sender, key, withinHours],
    );
    return rows.map((row) => row.thread_id);
  }

  /**
   * The mapping of an outbound email (its Message-ID and reply token) as a CTE, for the statement
   * that inserts its outbox row: `source` names the CTE returning the new outbox row (so a repeated
   * request maps nothing), the other fields are that statement's placeholders.
   */
  outboundMappingCte(p: {
    source: string;
    threadId: string;
    messageId: string;
    recipient: string;
    subjectKey: string;
    token: string;
  }): string {
    return `mapped AS (INSERT INTO ${TABLES.threadMappings}
        (thread_id, email_message_id, sender_email, subject_normalized, reply_to_token)
      SELECT ${p.threadId}, ${p.messageId}, ${p.recipient}, ${p.subjectKey}, ${p.token} FROM ${p.source})`;
  }

  /**
   * The mapping of a delivered inbound email as a CTE, for the statement that records its final
   * status (one round trip): `source` names the CTE returning the finished inbound row, so a claim
   * lost to another worker maps nothing; `firstParam` is the number of the first of the four
   * placeholders `inboundMappingValues` fills. A repeat (replay, retry) adds no second row.
   */
  inboundMappingCte(source: string, firstParam: number): string {
    const [thread, messageId, sender, subject] = [0, 1, 2, 3].map((i) => `$${firstParam + i}::varchar`);
    return `mapped AS (INSERT INTO ${TABLES.threadMappings} (thread_id, email_message_id, sender_email, subject_normalized)
      SELECT ${thread}, ${messageId}, ${sender}, ${subject} FROM ${source}
       WHERE NOT EXISTS (SELECT 1 FROM ${TABLES.threadMappings}
                          WHERE thread_id = ${thread} AND email_message_id IS NOT DISTINCT FROM ${messageId}
                            AND sender_email IS NOT DISTINCT FROM ${sender}))`;
  }

  /** The values of `inboundMappingCte`'s placeholders, in order. */
  inboundMappingValues(mapping: NewThreadMapping): unknown[] {
    return [mapping.threadId, mapping.emailMessageId, mapping.senderEmail ?? '', mapping.subjectKey.slice(0, 998)];
  }
}
