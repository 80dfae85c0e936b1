import { Injectable } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { TABLES } from '../../core/gateway.constants';
import { ThreadMappingsRepository } from '../../threading/thread-mappings.repository';
import { subjectKey } from '../../threading/subject/normalize-subject';
import { toHeaderText } from '../compose/header-safety';
import type { OutboundRequest } from '../outbound.types';
import { OutboundEmail } from './outbound-email.entity';
import { InjectGatewayDataSource } from '../../core/host-prerequisites.providers';
import { bornFromEmail } from './echo-guard-conditions';
import { PreparedStatements } from '../../core/database/prepared-statements';

const T = TABLES.outboundEmails;

/** Inserts and reads of `messaging_gateway_outbound_emails`; status changes are `OutboundStatusRepository`'s. */
@Injectable()
export class OutboxRepository {
  constructor(
    @InjectGatewayDataSource() private readonly dataSource: DataSource,
    private readonly mappings: ThreadMappingsRepository,
    private readonly statements: PreparedStatements,
  ) {}

  /**
   * Inserts an outbox row and, for thread mail, the `email_thread_mappings` row of its Message-ID
   * and reply token, in ONE statement: one round trip, atomic, and the mapping only when the outbox
   * row is new (the CTE reads what the first INSERT returned). The same statement refuses a host
   * message the gateway created from an email (the durable echo guard): `echo`. A repeat of the
   * dedupe key inserts nothing: `duplicate`. Else the row, with its new id.
   */
  async insert(row: OutboundEmail): Promise<OutboundEmail | 'duplicate' | 'echo'> {
    const thread = row.threadId !== '' && row.replyToken !== null;
    const mapping = thread
      ? `, ${this.mappings.outboundMappingCte({
          source: 'inserted',
          threadId: '$2',
          messageId: '$7',
          token: '$8',
          recipient: '$13',
          subjectKey: '$14',
        })}`
      : '';
    // Thread mail stores the thread's Message-ID chain, read here rather than by a query before.
    const payload = row.threadId
      ? `$10::jsonb || jsonb_build_object('threadMessageIds', ${this.mappings.messageIdChainJson('$2::varchar')})`
      : '$10::jsonb';
    const inserted: { id: string | null; echo: boolean; chain: string[] | null }[] = await this.statements.query(
      `WITH echo AS (SELECT 1 WHERE ${bornFromEmail('$3::varchar')}),
       inserted AS (
         INSERT INTO ${T} (dedupe_key, thread_id, host_message_id, recipient, subject, status,
           email_message_id, reply_token, automatic, payload, job_id, expires_at)
         SELECT $1, $2, $3::varchar, $4, $5, $6, $7, $8, $9, ${payload}, $11, $12::timestamptz
          WHERE NOT EXISTS (SELECT 1 FROM echo)
         ON CONFLICT (dedupe_key) DO NOTHING RETURNING id, payload->'threadMessageIds' AS chain)${mapping}
       SELECT id, false AS echo, chain FROM inserted UNION ALL SELECT NULL, true, NULL FROM echo`,
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
    if (inserted.length === 0) return 'duplicate';
    if (inserted[0].echo) return 'echo';
    row.id = inserted[0].id!;
    // The chain the statement stored: a host queue composes from this object, not from a read-back.
    if (inserted[0].chain) row.payload = { ...row.payload, threadMessageIds: inserted[0].chain };
    return row;
  }

  /**
   * A request that can never be sent (invalid or refused recipient) still gets its row, status
   * `failed` with the reason, so it is visible and never silent. The recipient is stored made safe
   * (it may be anything). Resolves [] when the same request was recorded before.
   */
  async insertRefused(request: OutboundRequest, reasonCode: string): Promise<{ id: string }[]> {
    const result = await this.dataSource
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

  findByDedupeKey(dedupeKey: string): Promise<OutboundEmail | null> {
    return this.dataSource.getRepository(OutboundEmail).findOneBy({ dedupeKey });
  }

  load(id: string): Promise<OutboundEmail | null> {
    return this.dataSource.getRepository(OutboundEmail).findOneBy({ id });
  }

  /** Queued rows past their expiry. */
  expired(limit: number): Promise<Pick<OutboundEmail, 'id' | 'threadId' | 'hostMessageId'>[]> {
    return this.dataSource.query(
      `SELECT id, thread_id AS "threadId", host_message_id AS "hostMessageId" FROM ${T}
        WHERE status = 'queued' AND expires_at <= now() LIMIT $1`,
      [limit],
    );
  }

  /**
   * Rows whose job may be lost (Redis flushed, a failed enqueue, a dead worker): queued and overdue
   * by `overdueMs` (a live job would have run by then), or sending with a lease older than
   * `leaseMs` (its process died).
   */
  async stale(onlyUnhanded: boolean, overdueMs: number, leaseMs: number, limit: number): Promise<string[]> {
    const rows: { id: string }[] = await this.dataSource.query(
      `SELECT id FROM ${T}
        WHERE ((status = 'queued' AND COALESCE(next_attempt_at, updated_at) < now() - make_interval(secs => $1))
           OR (status = 'sending' AND updated_at < now() - make_interval(secs => $2))) ${onlyUnhanded ? 'AND job_id IS NULL' : ''}
        ORDER BY updated_at LIMIT $3`,
      [overdueMs / 1000, leaseMs / 1000, limit],
    );
    return rows.map((row) => row.id);
  }
}
