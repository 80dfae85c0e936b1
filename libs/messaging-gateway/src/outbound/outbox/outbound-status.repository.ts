import { Injectable } from '@nestjs/common';
import type { DataSource, EntityManager } from 'typeorm';
import { TABLES } from '../../core/gateway.constants';
import { OutboundEmail, type OutboundEmailStatus } from './outbound-email.entity';
import { InjectGatewayDataSource } from '../../core/host-prerequisites.providers';
import { bornFromEmail, creationInFlightFor } from './echo-guard-conditions';
import { PreparedStatements } from '../../core/database/prepared-statements';

const T = TABLES.outboundEmails;

/** A claimed row and the status it had before the claim. */
export interface ClaimedOutbound {
  row: OutboundEmail;
  previousStatus: OutboundEmailStatus;
}

/**
 * The one owner of `messaging_gateway_outbound_emails.status`: every change of an outbound row
 * after its insert, each one compare-and-set on the status it expects, so two workers (a stalled
 * job re-run while the first still runs) can never both send: exactly one claim wins. `sent` is
 * final for delivery; only a later bounce report moves it to `bounced`.
 */
@Injectable()
export class OutboundStatusRepository {
  constructor(
    @InjectGatewayDataSource() private readonly dataSource: DataSource,
    private readonly statements: PreparedStatements,
  ) {}

  load(id: string): Promise<OutboundEmail | null> {
    return this.dataSource.getRepository(OutboundEmail).findOneBy({ id });
  }

  /**
   * The happy path in one statement: queued and due (or `sending` whose lease ran out: its
   * process died) → sending, only while unexpired, not suppressed, not a message the gateway
   * created from an email (the durable echo guard, checked again here because a host may have
   * emitted `message.created` before the gateway recorded it), and while no email from the
   * recipient is being turned into a message (that answer could be the same message: it waits
   * for the API's answer). Null when any condition fails; the caller then reads the row to say why.
   */
  async claim(id: string, leaseMs: number): Promise<ClaimedOutbound | null> {
    const [rows] = (await this.statements.query(
      `UPDATE ${T} AS o SET status = 'sending', attempts = o.attempts + 1, updated_at = now()
         FROM (SELECT id, status FROM ${T} WHERE id = $1 FOR UPDATE) AS before
        WHERE o.id = before.id
          AND ((o.status = 'queued' AND (o.next_attempt_at IS NULL OR o.next_attempt_at <= now()))
               OR (o.status = 'sending' AND o.updated_at < now() - make_interval(secs => $2)))
          AND o.expires_at > now()
          AND NOT EXISTS (SELECT 1 FROM ${TABLES.suppressions} s WHERE s.email = lower(o.recipient) AND s.suppressed)
          AND NOT ${bornFromEmail('o.host_message_id')}
          AND NOT ${creationInFlightFor('o.recipient')}
        RETURNING o.*, before.status AS previous_status`,
      [id, leaseMs / 1000],
    )) as [Record<string, unknown>[], number];
    if (rows.length !== 1) return null;
    return { row: this.toEntity(rows[0]), previousStatus: rows[0].previous_status as OutboundEmailStatus };
  }

  async isSuppressed(recipient: string): Promise<boolean> {
    const rows: unknown[] = await this.dataSource.query(
      `SELECT 1 FROM ${TABLES.suppressions} WHERE email = lower($1) AND suppressed LIMIT 1`,
      [recipient],
    );
    return rows.length > 0;
  }

  /** The server said 250: recorded before the job is acknowledged, so no retry sends again. */
  async sent(id: string, smtpResponse: string): Promise<boolean> {
    return this.change(id, ['sending'], `status = 'sent', sent_at = now(), reason_code = NULL, smtp_response = $3`, [
      smtpResponse,
    ]);
  }

  /** True when the gateway created this host message from an email: sending it would echo it. */
  async isEmailBorn(hostMessageId: string | null): Promise<boolean> {
    if (!hostMessageId) return false;
    const rows: unknown[] = await this.dataSource.query(`SELECT 1 WHERE ${bornFromEmail('$1::varchar')}`, [
      hostMessageId,
    ]);
    return rows.length > 0;
  }

  /** An email from this recipient is being turned into a message: its id is not known yet. */
  async creationInFlight(recipient: string): Promise<boolean> {
    const rows: unknown[] = await this.dataSource.query(`SELECT 1 WHERE ${creationInFlightFor('$1::varchar')}`, [
      recipient,
    ]);
    return rows.length > 0;
  }

  /** The attempt in progress is alive: its lease (the row's `updated_at`) is renewed. */
  async renew(id: string, attempts: number): Promise<void> {
    await this.dataSource.query(
      `UPDATE ${T} SET updated_at = now() WHERE id = $1 AND status = 'sending' AND attempts = $2`,
      [id, attempts],
    );
  }

  /**
   * A transient failure: back to queued until `nextAttemptAt`, with the reason and the server's
   * reply kept, so a person sees "retrying at …, last error …".
   */
  async release(id: string, reasonCode: string, smtpResponse: string, nextAttemptAt: Date): Promise<boolean> {
    return this.change(
      id,
      ['sending'],
      `status = 'queued', reason_code = $3, smtp_response = $4, next_attempt_at = $5`,
      [reasonCode, smtpResponse, nextAttemptAt],
    );
  }

  /**
   * An operator's resend of a failed email: queued again, same row and Message-ID, a fresh
   * expiry and retry schedule. The row of an email that can never be sent stays failed.
   */
  async resend(id: string, expiryHours: number, neverSendable: readonly string[]): Promise<OutboundEmail | null> {
    const [rows] = (await this.dataSource.query(
      `UPDATE ${T} SET status = 'queued', reason_code = NULL, attempts = 0, next_attempt_at = NULL,
              expires_at = now() + make_interval(hours => $2), updated_at = now()
        WHERE id = $1 AND status = 'failed' AND NOT (reason_code = ANY($3))
        RETURNING *`,
      [id, expiryHours, neverSendable],
    )) as [Record<string, unknown>[], number];
    return rows.length === 1 ? this.toEntity(rows[0]) : null;
  }

  /**
   * A host `emailQueueService` reports what became of an email it took: from queued, or from
   * expired (the report came after `expiryHours`: the host's word is the better one).
   */
  async reportHostOutcome(id: string, sent: boolean, detail: string | null): Promise<boolean> {
    const set = sent
      ? `status = 'sent', sent_at = now(), reason_code = NULL`
      : `status = 'failed', reason_code = 'host_queue_failed'`;
    const [, affected] = (await this.dataSource.query(
      `UPDATE ${T} SET ${set}, smtp_response = COALESCE($2, smtp_response), updated_at = now()
        WHERE id = $1 AND job_id IS NOT NULL AND (status = 'queued' OR (status = 'failed' AND reason_code = 'expired'))`,
      [id, detail],
    )) as [unknown[], number];
    return affected === 1;
  }

  async finish(
    id: string,
    from: OutboundEmailStatus[],
    status: 'failed' | 'suppressed',
    reasonCode: string,
    smtpResponse: string | null = null,
  ): Promise<boolean> {
    return this.change(id, from, `status = $3, reason_code = $4, smtp_response = COALESCE($5, smtp_response)`, [
      status,
      reasonCode,
      smtpResponse,
    ]);
  }

  private async change(id: string, from: OutboundEmailStatus[], set: string, params: unknown[]): Promise<boolean> {
    // An UPDATE answers [rows, affected count] (TypeORM's shape, which PreparedStatements keeps).
    const [, affected] = (await this.statements.query(
      `UPDATE ${T} SET ${set}, updated_at = now() WHERE id = $1 AND status = ANY($2)`,
      [id, from, ...params],
    )) as [unknown[], number];
    return affected === 1;
  }

  /** A bounce report names these emails: `bounced`, with the remote servers' words for operators. */
  async markBounced(
    manager: EntityManager,
    ids: string[],
    reasonCode: string,
    diagnostic: string | null,
  ): Promise<void> {
    await manager.query(
      `UPDATE ${T} SET status = 'bounced', reason_code = $2, smtp_response = $3, updated_at = now() WHERE id = ANY($1)`,
      [ids, reasonCode, diagnostic],
    );
  }

  /** A host `emailQueueService` took the email: its job id, for operators. */
  async recordHandOver(id: string, jobId: string): Promise<void> {
    await this.dataSource.query(`UPDATE ${T} SET job_id = $2, updated_at = now() WHERE id = $1`, [
      id,
      jobId.slice(0, 255),
    ]);
  }

  /** A raw row (snake_case columns) as the entity, through TypeORM's own column metadata. */
  private toEntity(raw: Record<string, unknown>): OutboundEmail {
    const metadata = this.dataSource.getMetadata(OutboundEmail);
    const entity = new OutboundEmail();
    for (const column of metadata.columns) {
      if (column.databaseName in raw) column.setEntityValue(entity, raw[column.databaseName]);
    }
    return entity;
  }
}
