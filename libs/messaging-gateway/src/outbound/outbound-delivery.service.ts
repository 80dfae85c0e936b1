import { Injectable, Logger } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { UnrecoverableError } from 'bullmq';
import { InjectGatewayOptions } from '../core/options/gateway-options.providers';
import type { GatewaySettings } from '../core/options/gateway-options.schema';
import { ErrorCode } from '../core/errors/error-codes';
import { MessagingGatewayError } from '../core/errors/messaging-gateway.error';
import { GatewayEvents } from '../core/gateway-events';
import type { OutboundEmail } from './outbox/outbound-email.entity';
import { EmailComposer } from './compose/email.composer';
import { EmailSenderService } from './smtp/email-sender.service';
import { SmtpSendError } from './smtp/smtp-send.error';
import type { OutboundFailedEvent, OutboundSentEvent } from './outbound.events';
import { OutboundRateLimiter } from './outbound.rate-limiter';
import { OutboundReason } from './outbound-reason';
import { OutboundStatusRepository } from './outbox/outbound-status.repository';
import { InjectGatewayEvents } from '../core/host-prerequisites.providers';

/** Where a job stands in its retry budget. */
export interface DeliveryAttempt {
  /** 1 for the first try. */
  number: number;
  /** No retry follows this one. */
  last: boolean;
}

/**
 * One attempt at one outbox row, the only owner of its status after it is queued: claim
 * (queued, unexpired, not suppressed → sending, one CAS statement) → rate cap → compose → SMTP → sent | queued
 * (transient, retried) | failed (permanent or out of attempts). A row found `sending` was
 * claimed by an attempt that died before recording its outcome: it is re-sent with the SAME
 * Message-ID once that claim is older than the lease (`leaseMs`, longer than any SMTP
 * exchange), so a live attempt is never doubled and a crash between the server's 250 and our
 * commit costs at most one duplicate that clients fold by Message-ID.
 */
@Injectable()
export class OutboundDeliveryService {
  private readonly logger = new Logger(OutboundDeliveryService.name);
  readonly leaseMs: number;

  constructor(
    private readonly status: OutboundStatusRepository,
    @InjectGatewayOptions('outbound') private readonly outbound: GatewaySettings<'outbound'>,
    private readonly composer: EmailComposer,
    private readonly sender: EmailSenderService,
    private readonly limiter: OutboundRateLimiter,
    @InjectGatewayEvents() private readonly events: EventEmitter2,
  ) {
    // Primary and backup may each use every timeout once (connect, greeting, socket).
    this.leaseMs = 2 * 3 * this.outbound.smtp.timeoutMs + 30_000;
  }

  async deliver(outboundEmailId: string, attempt: DeliveryAttempt): Promise<void> {
    const claimed = await this.status.claim(outboundEmailId, this.leaseMs);
    if (!claimed) return this.notClaimed(outboundEmailId);
    const { row } = claimed;
    const ids = `outboundEmailId=${row.id} threadId=${row.threadId}`;
    if (claimed.previousStatus === 'sending') {
      this.logger.warn(`${ids} found mid-send after a crash: re-sending with the same Message-ID`);
    }
    // Counted once per email (its first claim), so retries never eat into the caps.
    if (row.attempts === 1 && !(await this.limiter.allow(row.recipient, row.threadId || null))) {
      return this.fail(row, ['sending'], OutboundReason.RATE_LIMITED);
    }
    let mail;
    try {
      mail = this.composer.compose(row).mail;
    } catch (error) {
      const invalid = (error as MessagingGatewayError).code === ErrorCode.INVALID_RECIPIENT;
      const reason = invalid ? OutboundReason.INVALID_RECIPIENT : OutboundReason.HEADER_INJECTION;
      await this.fail(row, ['sending'], reason, (error as Error).message);
      throw new UnrecoverableError(`${ids}: ${(error as Error).message}`);
    }
    try {
      const accepted = await this.sender.send(mail, ids);
      await this.recordSent(row, accepted.response);
    } catch (error) {
      if (!(error instanceof SmtpSendError)) throw error;
      const { failure } = error;
      if (failure.permanent || attempt.last) {
        await this.fail(row, ['sending'], failure.reasonCode, failure.response);
        throw new UnrecoverableError(`${ids}: ${error.message}`);
      }
      await this.status.release(row.id, failure.reasonCode, failure.response);
      this.logger.warn(`${ids} attempt ${attempt.number} failed temporarily (${failure.responseCode ?? 'network'})`);
      throw error;
    }
  }

  /** Why the claim failed: gone or final (nothing to do), expired, suppressed, or being sent right now. */
  private async notClaimed(outboundEmailId: string): Promise<void> {
    const row = await this.status.load(outboundEmailId);
    if (!row || !['queued', 'sending'].includes(row.status)) return;
    const fresh = row.status === 'sending' && Date.now() - row.updatedAt.getTime() < this.leaseMs;
    if (!fresh && row.expiresAt.getTime() <= Date.now()) {
      return this.fail(row, ['queued', 'sending'], OutboundReason.EXPIRED);
    }
    if (!fresh && (await this.status.isSuppressed(row.recipient))) {
      return this.fail(row, ['queued', 'sending'], OutboundReason.SUPPRESSED, null, 'suppressed');
    }
    // Another attempt holds it (or it changed under us): let BullMQ come back later.
    throw new MessagingGatewayError(
      ErrorCode.SMTP_TRANSIENT,
      `outboundEmailId=${row.id} is being sent by another attempt`,
      true,
    );
  }

  /** Fails rows of the sweeper and of exhausted jobs, with the failed event. */
  async fail(
    row: Pick<OutboundEmail, 'id' | 'threadId' | 'hostMessageId'>,
    from: OutboundEmail['status'][],
    reasonCode: string,
    smtpResponse: string | null = null,
    status: 'failed' | 'suppressed' = 'failed',
  ): Promise<void> {
    if (!(await this.status.finish(row.id, from, status, reasonCode, smtpResponse))) return;
    this.logger.warn(`outboundEmailId=${row.id} threadId=${row.threadId} ${status}: ${reasonCode}`);
    this.events.emit(GatewayEvents.EMAIL_OUTBOUND_FAILED, {
      outboundEmailId: row.id,
      threadId: row.threadId || null,
      messageId: row.hostMessageId,
      reasonCode,
    } satisfies OutboundFailedEvent);
  }

  /** The 250 is in hand: the write is retried briefly so that a Postgres hiccup does not cause a resend. */
  private async recordSent(row: OutboundEmail, response: string): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        await this.status.sent(row.id, response);
        break;
      } catch (error) {
        if (attempt >= 5) throw error;
        await new Promise((resolve) => setTimeout(resolve, 200 * attempt));
      }
    }
    this.events.emit(GatewayEvents.EMAIL_OUTBOUND_SENT, {
      outboundEmailId: row.id,
      threadId: row.threadId || null,
      messageId: row.hostMessageId,
      emailMessageId: row.emailMessageId!,
    } satisfies OutboundSentEvent);
  }
}
