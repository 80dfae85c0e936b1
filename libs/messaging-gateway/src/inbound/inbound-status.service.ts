import { Injectable } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import type { DataSource, EntityManager } from 'typeorm';
import { InjectGatewayOptions } from '../core/options/gateway-options.providers';
import type { GatewaySettings } from '../core/options/gateway-options.schema';
import { TABLES } from '../core/gateway.constants';
import { returnedRows } from '../core/database/returned-rows';
import type { InboundEnvelope } from './inbound-accept.types';
import { announceOutcome } from './announce-outcome';
import { InboundReason } from './inbound-reason';
import type { ClaimedInbound, InboundOutcome } from './inbound-outcome.types';
import { InjectGatewayDataSource, InjectGatewayEvents } from '../core/host-prerequisites.providers';
import { ThreadMappingsRepository } from '../threading/thread-mappings.repository';
import { AtRestCipher } from '../storage/encryption/at-rest.cipher';
import { PreparedStatements } from '../core/database/prepared-statements';

/** Holds an operator may release by replaying: the sender check's, not a stranger's token use. */
export const RELEASABLE_HOLDS: readonly string[] = [
  InboundReason.SENDER_UNAUTHENTICATED,
  InboundReason.SENDER_AMBIGUOUS,
];

/**
 * The one owner of `messaging_gateway_inbound_emails.status` (Action Mailbox's lesson: status
 * changes in one place). pending → processing → delivered | ignored | rejected | failed; a
 * transient failure goes back to pending for the queue's retry; replay moves failed → pending.
 * Every change is a compare-and-set on the current status, so two workers (inline processing and
 * the queue, or a crashed worker's successor) can never both own an email.
 */
@Injectable()
export class InboundStatusService {
  constructor(
    @InjectGatewayDataSource() private readonly dataSource: DataSource,
    @InjectGatewayOptions('inbound') private readonly inbound: GatewaySettings<'inbound'>,
    @InjectGatewayEvents() private readonly events: EventEmitter2,
    private readonly mappings: ThreadMappingsRepository,
    private readonly cipher: AtRestCipher,
    private readonly statements: PreparedStatements,
  ) {}

  /**
   * pending (or processing abandoned longer than `inbound.stuckAfterMs`) → processing; null when
   * not claimable. `raw`: the bytes the caller already holds (inline processing right after the
   * accept), so the statement does not send them back.
   */
  async claim(id: string, raw?: Buffer): Promise<ClaimedInbound | null> {
    const result: unknown = await this.statements.query(
      `UPDATE ${TABLES.inboundEmails}
          SET status = 'processing', attempts = attempts + 1, updated_at = now()
        WHERE id = $1
          AND (status = 'pending'
               OR (status = 'processing' AND updated_at < now() - make_interval(secs => $2::double precision / 1000)))
        RETURNING ${raw ? '' : 'raw_mime, '}envelope, attempts, provider, sender_released_at IS NOT NULL AS sender_released,
                  data_key_id`,
      [id, this.inbound.stuckAfterMs],
    );
    const [row] = returnedRows<{
      raw_mime?: Buffer | null;
      envelope: InboundEnvelope;
      attempts: number;
      provider: string;
      sender_released: boolean;
      data_key_id: string | null;
    }>(result);
    return row
      ? {
          lease: row.attempts,
          // Bytes in hand are the plaintext; stored bytes are opened (sealed when encryption at rest is on).
          raw: raw ?? (row.raw_mime ? await this.cipher.open(row.data_key_id, row.raw_mime) : null),
          envelope: row.envelope ?? {},
          attempts: row.attempts,
          provider: row.provider,
          senderReleased: row.sender_released,
        }
      : null;
  }

  /** The claim is alive: its lease (`updated_at`) is renewed while the email is processed. */
  async renew(id: string, lease: number): Promise<void> {
    await this.dataSource.query(
      `UPDATE ${TABLES.inboundEmails} SET updated_at = now() WHERE id = $1 AND status = 'processing' AND attempts = $2`,
      [id, lease],
    );
  }

  async statusOf(id: string): Promise<string | null> {
    const rows: { status: string }[] = await this.dataSource.query(
      `SELECT status FROM ${TABLES.inboundEmails} WHERE id = $1`,
      [id],
    );
    return rows[0]?.status ?? null;
  }

  /**
   * A transient failure: processing → pending with the reason, for the queue's next attempt.
   * `createdMessageId`: a message the Messages API already created (the echo guard reads it).
   */
  async release(
    id: string,
    lease: number,
    reasonCode: string,
    detail: string,
    createdMessageId?: string,
  ): Promise<void> {
    await this.dataSource.query(
      `UPDATE ${TABLES.inboundEmails} SET status = 'pending', reason_code = $3, reason_detail = $4,
              created_message_id = COALESCE(created_message_id, $5), updated_at = now()
        WHERE id = $1 AND status = 'processing' AND attempts = $2`,
      [id, lease, reasonCode, detail, createdMessageId ?? null],
    );
  }

  /**
   * processing → a final status, then `email.processed` (and `email.rejected`). False when the
   * row is no longer ours (a sweeper judged us dead and another worker claimed it).
   */
  async finish(id: string, lease: number, outcome: InboundOutcome): Promise<boolean> {
    const params: unknown[] = [
      id,
      outcome.status,
      outcome.reasonCode ?? null,
      outcome.reasonDetail ?? null,
      outcome.threadId ?? null,
      outcome.messageId ?? null,
      outcome.matchStrategy ?? null,
      lease,
      outcome.parsed?.senderEmail?.slice(0, 320) ?? null,
      outcome.parsed?.subject.slice(0, 998) ?? null,
      outcome.parsed?.kind ?? null,
      outcome.senderAuth ? JSON.stringify(outcome.senderAuth) : null,
    ];
    // Once parsed, the sender is the parser's trusted one (or none), never the accept-time reading.
    let statement = `WITH finished AS (
        UPDATE ${TABLES.inboundEmails}
           SET status = $2, reason_code = $3, reason_detail = $4, thread_id = COALESCE($5, thread_id),
               created_message_id = COALESCE($6, created_message_id), match_strategy = COALESCE($7, match_strategy),
               sender_email = CASE WHEN $11::varchar IS NULL THEN sender_email ELSE $9 END,
               subject = COALESCE($10, subject), kind = COALESCE($11, kind),
               sender_auth = COALESCE($12::jsonb, sender_auth), processed_at = now(), updated_at = now()
         WHERE id = $1 AND status = 'processing' AND attempts = $8
         RETURNING id)`;
    if (outcome.mapping) {
      statement += `, ${this.mappings.inboundMappingCte('finished', params.length + 1)}`;
      params.push(...this.mappings.inboundMappingValues(outcome.mapping));
    }
    statement += ` SELECT id FROM finished`;
    // One statement is atomic on its own: status, outcome and mapping commit together.
    const { alsoInTransaction } = outcome;
    const changed = alsoInTransaction
      ? await this.dataSource.transaction(async (manager) => {
          if ((await manager.query(statement, params)).length === 0) return false;
          await alsoInTransaction(manager);
          return true;
        })
      : ((await this.statements.query(statement, params)) as unknown[]).length > 0;
    if (changed) {
      outcome.afterCommit?.();
      announceOutcome(this.events, id, outcome);
    }
    return changed;
  }

  /**
   * failed → pending, for `InboundEmailsService.replay`; also a sender hold (rejected as
   * `sender_unauthenticated` or `sender_ambiguous`), which the operator thereby releases: the
   * replayed email skips the sender checks that held it.
   */
  async resetForReplay(id: string): Promise<boolean> {
    const result: unknown = await this.dataSource.query(
      `UPDATE ${TABLES.inboundEmails}
          SET sender_released_at = CASE WHEN status = 'rejected' THEN now() ELSE sender_released_at END,
              status = 'pending', reason_code = NULL, reason_detail = NULL, updated_at = now()
        WHERE id = $1 AND raw_mime IS NOT NULL
          AND (status = 'failed' OR (status = 'rejected' AND reason_code = ANY($2::text[])))
        RETURNING id`,
      [id, RELEASABLE_HOLDS],
    );
    return returnedRows(result).length > 0;
  }

  /**
   * Rows the queue may have lost: pending for longer than `graceMs` (never enqueued, Redis was
   * down) and processing for longer than `inbound.stuckAfterMs` (a crashed worker), the latter
   * moved back to pending. Returns their ids, oldest first.
   */
  async reclaimStuck(manager: EntityManager, graceMs: number, limit: number): Promise<string[]> {
    const result: unknown = await manager.query(
      `WITH stuck AS (
         SELECT id FROM ${TABLES.inboundEmails}
          WHERE (status = 'pending' AND updated_at < now() - make_interval(secs => $1::double precision / 1000))
             OR (status = 'processing' AND updated_at < now() - make_interval(secs => $2::double precision / 1000))
          ORDER BY updated_at LIMIT $3 FOR UPDATE SKIP LOCKED)
       UPDATE ${TABLES.inboundEmails} AS row SET status = 'pending', updated_at = now()
         FROM stuck WHERE row.id = stuck.id RETURNING row.id`,
      [graceMs, this.inbound.stuckAfterMs, limit],
    );
    return returnedRows<{ id: string }>(result).map((row) => row.id);
  }
}
