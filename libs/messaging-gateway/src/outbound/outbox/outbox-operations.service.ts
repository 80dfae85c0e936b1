import { Injectable, Logger } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { isRowId } from '../../core/database/is-row-id';
import { ErrorCode } from '../../core/errors/error-codes';
import { MessagingGatewayError } from '../../core/errors/messaging-gateway.error';
import { GatewayEvents } from '../../core/gateway-events';
import { InjectGatewayEvents } from '../../core/host-prerequisites.providers';
import { InjectGatewayOptions } from '../../core/options/gateway-options.providers';
import type { GatewaySettings } from '../../core/options/gateway-options.schema';
import type { OutboundFailedEvent, OutboundQueuedEvent, OutboundSentEvent } from '../outbound.events';
import { OutboundReason } from '../outbound-reason';
import { OutboundStatusRepository } from './outbound-status.repository';
import { OutboxService, REFUSALS } from './outbox.service';

/** Reasons a resend cannot fix: the recipient is invalid or one of ours, or the message was never an answer. */
const NEVER_SENDABLE: readonly string[] = [...Object.keys(REFUSALS), OutboundReason.EVENT_REJECTED];

/**
 * What people and host queues do to an outbox row after the gateway gave up or handed it over:
 * an operator's resend of a failed email, and a host `emailQueueService` reporting the outcome.
 */
@Injectable()
export class OutboxOperationsService {
  private readonly logger = new Logger('OutboundEmailService');

  /** @internal Nest injects it. */
  constructor(
    private readonly status: OutboundStatusRepository,
    private readonly outbox: OutboxService,
    @InjectGatewayOptions('outbound') private readonly outbound: GatewaySettings<'outbound'>,
    @InjectGatewayEvents() private readonly events: EventEmitter2,
  ) {}

  /** Whether `resend` would take this row: failed or expired, for a reason a resend can fix. */
  canResend(row: { status: string; reasonCode: string | null }): boolean {
    return row.status === 'failed' && !NEVER_SENDABLE.includes(row.reasonCode ?? '');
  }

  /**
   * Queues a failed (or expired) email again, with its same Message-ID so the thread holds, a
   * fresh expiry and retry schedule. Suppressions are checked again when it is sent, and the
   * claim keeps two resends from ever both sending.
   */
  async resend(outboundEmailId: string): Promise<{ outboundEmailId: string; jobId: string | null }> {
    if (!isRowId(outboundEmailId)) throw notFound(outboundEmailId);
    const row = await this.status.resend(outboundEmailId, this.outbound.expiryHours, NEVER_SENDABLE);
    if (!row)
      throw await this.whyNot(
        outboundEmailId,
        'resend',
        'only a failed email can be resent, and not one whose recipient is invalid or refused',
      );
    const dispatched = await this.outbox.dispatchQuietly(row);
    const jobId = row.jobId ?? dispatched;
    this.logger.log(`outboundEmailId=${row.id} threadId=${row.threadId} resent by an operator`);
    this.events.emit(GatewayEvents.EMAIL_OUTBOUND_QUEUED, {
      outboundEmailId: row.id,
      threadId: row.threadId || null,
      messageId: row.hostMessageId,
      jobId,
    } satisfies OutboundQueuedEvent);
    return { outboundEmailId: row.id, jobId };
  }

  /**
   * A host `emailQueueService` says what became of an email it took: `sent` (the server accepted
   * it) or `failed` (finally refused, after the host's own retries). Reporting the same outcome
   * twice is harmless.
   */
  async reportOutcome(outboundEmailId: string, outcome: 'sent' | 'failed', detail?: string): Promise<void> {
    if (!isRowId(outboundEmailId)) throw notFound(outboundEmailId);
    const response = detail === undefined ? null : detail.replace(/[\r\n]+/g, ' ').slice(0, 1000);
    const changed = await this.status.reportHostOutcome(outboundEmailId, outcome === 'sent', response);
    const row = await this.status.load(outboundEmailId);
    if (!changed) {
      if (row?.status === outcome) return;
      throw await this.whyNot(
        outboundEmailId,
        'report',
        'only an email queued in your emailQueueService takes an outcome',
      );
    }
    const ids = { outboundEmailId, threadId: row!.threadId || null, messageId: row!.hostMessageId };
    if (outcome === 'sent') {
      this.events.emit(GatewayEvents.EMAIL_OUTBOUND_SENT, {
        ...ids,
        emailMessageId: row!.emailMessageId!,
      } satisfies OutboundSentEvent);
    } else {
      this.events.emit(GatewayEvents.EMAIL_OUTBOUND_FAILED, {
        ...ids,
        reasonCode: OutboundReason.HOST_QUEUE_FAILED,
      } satisfies OutboundFailedEvent);
    }
  }

  private async whyNot(id: string, action: 'resend' | 'report', rule: string): Promise<MessagingGatewayError> {
    const row = await this.status.load(id);
    if (!row) return notFound(id);
    const code = action === 'resend' ? ErrorCode.OUTBOUND_NOT_RESENDABLE : ErrorCode.OUTBOUND_NOT_HANDED_OVER;
    const state = row.reasonCode ? `${row.status} (${row.reasonCode})` : row.status;
    return new MessagingGatewayError(code, `Outbound email ${id} is ${state}: ${rule}.`, false, {
      outboundEmailId: id,
    });
  }
}

const notFound = (id: string): MessagingGatewayError =>
  new MessagingGatewayError(
    ErrorCode.OUTBOUND_NOT_FOUND,
    `No outbound email has the id ${JSON.stringify(String(id).slice(0, 80))}.`,
  );
