import { Injectable } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { ErrorCode } from '../core/errors/error-codes';
import { MessagingGatewayError } from '../core/errors/messaging-gateway.error';
import { TABLES } from '../core/gateway.constants';
import type { SenderAuth } from '../threading/sender-auth.types';
import type { InboundEmailStatus } from './inbound-email.entity';
import { InboundQueue } from './inbound.queue';
import { InboundStatusService } from './inbound-status.service';
import { InjectGatewayDataSource } from '../core/host-prerequisites.providers';
import { isRowId } from '../core/database/is-row-id';

/** An inbound email as operators see it: ids, status and reason, never bodies. @publicApi */
export interface InboundEmailSummary {
  id: string;
  status: InboundEmailStatus;
  reasonCode: string | null;
  reasonDetail: string | null;
  attempts: number;
  provider: string;
  messageId: string | null;
  threadId: string | null;
  receivedAt: Date;
  updatedAt: Date;
  rawPurged: boolean;
  /** DKIM/SPF/DMARC/ARC verdicts of the sender, when checked. */
  senderAuth: SenderAuth | null;
}

/** @publicApi */
export interface InboundEmailPage {
  items: InboundEmailSummary[];
  /** Pass back as `cursor` for the next page; null on the last one. */
  nextCursor: string | null;
}

const MAX_PAGE = 100;

/**
 * Operator access to inbound emails: the failed ones, newest first, and their replay. Replay
 * only moves a failed email or a sender hold back to pending (a compare-and-set), so a delivered
 * email can never become a second message; the idempotency keys cover an email that failed after posting.
 * @publicApi
 */
@Injectable()
export class InboundEmailsService {
  /** @internal Nest injects it. */
  constructor(
    @InjectGatewayDataSource() private readonly dataSource: DataSource,
    private readonly status: InboundStatusService,
    private readonly queue: InboundQueue,
  ) {}

  async listFailed(options: { limit?: number; cursor?: string | null } = {}): Promise<InboundEmailPage> {
    const limit = Math.min(Math.max(Math.trunc(options.limit ?? 50), 1), MAX_PAGE);
    const after = options.cursor ? decodeCursor(options.cursor) : null;
    const rows: Row[] = await this.dataSource.query(
      `SELECT id, status, reason_code, reason_detail, attempts, provider, message_id, thread_id,
              received_at, updated_at, raw_purged_at, sender_auth
         FROM ${TABLES.inboundEmails}
        WHERE status = 'failed' AND ($1::timestamptz IS NULL OR (updated_at, id) < ($1::timestamptz, $2::uuid))
        ORDER BY updated_at DESC, id DESC
        LIMIT $3`,
      [after?.updatedAt ?? null, after?.id ?? null, limit + 1],
    );
    const items = rows.slice(0, limit).map(toSummary);
    const last = items[items.length - 1];
    return { items, nextCursor: rows.length > limit && last ? encodeCursor(last) : null };
  }

  async get(id: string): Promise<InboundEmailSummary | null> {
    if (!isRowId(id)) return null;
    const rows: Row[] = await this.dataSource.query(
      `SELECT id, status, reason_code, reason_detail, attempts, provider, message_id, thread_id,
              received_at, updated_at, raw_purged_at, sender_auth
         FROM ${TABLES.inboundEmails} WHERE id = $1`,
      [id],
    );
    return rows[0] ? toSummary(rows[0]) : null;
  }

  /**
   * failed → pending, then enqueued; a sender hold (`sender_unauthenticated`, `sender_ambiguous`)
   * too, which releases it: the replay is posted without the check that held it. Throws
   * EGW_INBOUND_NOT_FOUND / EGW_INBOUND_NOT_REPLAYABLE otherwise.
   */
  async replay(id: string): Promise<void> {
    const current = await this.get(id);
    if (!current) throw new MessagingGatewayError(ErrorCode.INBOUND_NOT_FOUND, `no inbound email ${id}`);
    if (!(await this.status.resetForReplay(id))) {
      const why = current.rawPurged
        ? 'its raw MIME was purged (inbound.rawRetentionDays)'
        : `it is ${current.status}${current.reasonCode ? ` (${current.reasonCode})` : ''}, and only failed emails and sender holds are replayed`;
      throw new MessagingGatewayError(ErrorCode.INBOUND_NOT_REPLAYABLE, `inbound ${id} cannot be replayed: ${why}`);
    }
    await this.queue.requeue(id, { promote: true });
  }
}

interface Row {
  id: string;
  status: InboundEmailStatus;
  reason_code: string | null;
  reason_detail: string | null;
  attempts: number;
  provider: string;
  message_id: string | null;
  thread_id: string | null;
  received_at: Date;
  updated_at: Date;
  raw_purged_at: Date | null;
  sender_auth: SenderAuth | null;
}

function toSummary(row: Row): InboundEmailSummary {
  return {
    id: row.id,
    status: row.status,
    reasonCode: row.reason_code,
    reasonDetail: row.reason_detail,
    attempts: row.attempts,
    provider: row.provider,
    messageId: row.message_id,
    threadId: row.thread_id,
    receivedAt: row.received_at,
    updatedAt: row.updated_at,
    rawPurged: row.raw_purged_at !== null,
    senderAuth: row.sender_auth,
  };
}

function encodeCursor(item: InboundEmailSummary): string {
  return Buffer.from(`${item.updatedAt.toISOString()}|${item.id}`).toString('base64url');
}

function decodeCursor(cursor: string): { updatedAt: string; id: string } | null {
  const [updatedAt, id] = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  if (!isRowId(id) || Number.isNaN(Date.parse(updatedAt))) {
    throw new MessagingGatewayError(ErrorCode.INBOUND_NOT_FOUND, 'the cursor is not one listFailed returned');
  }
  return { updatedAt, id };
}
