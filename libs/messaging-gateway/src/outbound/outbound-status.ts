import type { DataSource } from 'typeorm';
import { TABLES } from '../messaging-gateway.constants';
import { OutboundEmail, type OutboundEmailStatus } from '../storage/entities/outbound-email.entity';

const T = TABLES.outboundEmails;

/**
 * Every status change of an outbound row, each one compare-and-set on the status it expects, so
 * two workers (a stalled job re-run while the first still runs) can never both send: exactly
 * one claim wins. `sent` is final; nothing here ever moves a row out of it.
 */
export class OutboundStatus {
  constructor(private readonly dataSource: DataSource) {}

  load(id: string): Promise<OutboundEmail | null> {
    return this.dataSource.getRepository(OutboundEmail).findOneBy({ id });
  }

  /** queued → sending (or a stale sending → sending after a crash); false when another worker won. */
  async claim(row: OutboundEmail): Promise<boolean> {
    return this.updated(
      `UPDATE ${T} SET status = 'sending', attempts = attempts + 1, updated_at = now()
        WHERE id = $1 AND status = $2 AND attempts = $3`,
      [row.id, row.status, row.attempts],
    );
  }

  /** The server said 250: recorded before the job is acknowledged, so no retry sends again. */
  async sent(id: string, smtpResponse: string): Promise<boolean> {
    return this.change(id, ['sending'], `status = 'sent', sent_at = now(), reason_code = NULL, smtp_response = $3`, [
      smtpResponse,
    ]);
  }

  /** A transient failure: back to queued for the next attempt, with the server's reply kept. */
  async release(id: string, reasonCode: string, smtpResponse: string): Promise<boolean> {
    return this.change(id, ['sending'], `status = 'queued', reason_code = $3, smtp_response = $4`, [
      reasonCode,
      smtpResponse,
    ]);
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
    return this.updated(`UPDATE ${T} SET ${set}, updated_at = now() WHERE id = $1 AND status = ANY($2)`, [
      id,
      from,
      ...params,
    ]);
  }

  /** TypeORM's postgres driver answers an UPDATE with [rows, affected count]. */
  private async updated(sql: string, params: unknown[]): Promise<boolean> {
    const [, affected] = (await this.dataSource.query(sql, params)) as [unknown[], number];
    return affected === 1;
  }
}
