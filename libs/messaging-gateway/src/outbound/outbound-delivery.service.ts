import { Injectable, Logger } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { InjectGatewayOptions } from '../core/options/gateway-options.providers';
import type { GatewaySettings } from '../core/options/gateway-options.schema';
import { ErrorCode } from '../core/errors/error-codes';
import { MessagingGatewayError } from '../core/errors/messaging-gateway.error';
import { GatewayEvents } from '../core/gateway-events';
import type { OutboundEmail } from './outbox/outbound-email.entity';
import { EmailComposer } from './compose/email.composer';
import { AnswerFilesResolver } from './attachments/answer-files.resolver';
import { EmailSenderService } from './smtp/email-sender.service';
import { SmtpSendError } from './smtp/smtp-send.error';
import type { OutboundFailedEvent, OutboundSentEvent } from './outbound.events';
import type { OutboundPayload } from './outbound.types';
import { OutboundRateLimiter } from './outbound.rate-limiter';
import { OutboundReason } from './outbound-reason';
import { OutboundStatusRepository } from './outbox/outbound-status.repository';
import { OutboundDispatcher } from './dispatch/outbound.dispatcher';
import { InjectGatewayEvents } from '../core/host-prerequisites.providers';

/** A claim on a row is a lease this long; the attempt in progress renews it a few times over. */
export const OUTBOUND_LEASE_MS = 30_000;

/**
 * What the caller does after an attempt: nothing more (null), nothing now because the row's next
 * attempt is queued (`retryAt`), or run this same job again after `waitMs` without an attempt
 * spent (a message is being created from an email in the thread: this answer may be it).
 */
export type DeliveryOutcome = { retryAt: Date } | { waitMs: number } | null;

/** How long an answer waits for a creation in flight in its thread before it looks again. */
const CREATION_WAIT_MS = 1000;

/**
 * One attempt at one outbox row, the only owner of its status after it is queued: claim
 * (queued and due, unexpired, not suppressed, not created from an email → sending, one CAS
 * statement) → rate cap → compose → SMTP → sent | queued again until the next time of
 * `outbound.retrySchedule` (temporary failure) | failed (5xx, or expired). The claim is a lease
 * renewed while the SMTP exchange runs: when the process dies, another takes the row over as soon
 * as the lease runs out, and re-sends it with the SAME Message-ID; a crash between the server's
 * 250 and our commit costs at most one duplicate that clients fold by Message-ID.
 */
@Injectable()
export class OutboundDeliveryService {
  private readonly logger = new Logger(OutboundDeliveryService.name);
  readonly leaseMs = OUTBOUND_LEASE_MS;

  /** @internal Nest injects it. */
  constructor(
    private readonly status: OutboundStatusRepository,
    @InjectGatewayOptions('outbound') private readonly outbound: GatewaySettings<'outbound'>,
    private readonly composer: EmailComposer,
    private readonly files: AnswerFilesResolver,
    private readonly sender: EmailSenderService,
    private readonly limiter: OutboundRateLimiter,
    private readonly dispatcher: OutboundDispatcher,
    @InjectGatewayEvents() private readonly events: EventEmitter2,
  ) {}

  /** One attempt; resolves with when to try again after a temporary failure, else null. */
  async deliver(outboundEmailId: string): Promise<DeliveryOutcome> {
    const claimed = await this.status.claim(outboundEmailId, this.leaseMs);
    if (!claimed) return this.notClaimed(outboundEmailId);
    const { row } = claimed;
    const ids = `outboundEmailId=${row.id} threadId=${row.threadId}`;
    if (claimed.previousStatus === 'sending') {
      this.logger.warn(`${ids} found mid-send after its process died: re-sending with the same Message-ID`);
    }
    // Counted once per email (its first claim), so retries never eat into the caps.
    if (row.attempts === 1 && !(await this.limiter.allow(row.recipient, row.threadId || null))) {
      await this.fail(row, ['sending'], OutboundReason.RATE_LIMITED);
      return null;
    }
    let mail;
    try {
      mail = this.composer.compose(row).mail;
    } catch (error) {
      const invalid = (error as MessagingGatewayError).code === ErrorCode.INVALID_RECIPIENT;
      const reason = invalid ? OutboundReason.INVALID_RECIPIENT : OutboundReason.HEADER_INJECTION;
      await this.fail(row, ['sending'], reason, (error as Error).message);
      return null;
    }
    try {
      mail.attachments = await this.files.partsFor((row.payload as unknown as OutboundPayload).attachments);
    } catch (error) {
      // A file erased since the answer was queued never comes back: retrying would only delay the
      // failure. A store that does not answer is temporary, and the job's retry comes back for it.
      const code = (error as MessagingGatewayError).code;
      if (code !== ErrorCode.DATA_ERASED && code !== ErrorCode.ATTACHMENT_NOT_FOUND) throw error;
      await this.fail(row, ['sending'], OutboundReason.ATTACHMENT_UNAVAILABLE);
      return null;
    }
    const heartbeat = setInterval(() => {
      this.status.renew(row.id, row.attempts).catch(() => undefined);
    }, this.leaseMs / 3);
    try {
      const accepted = await this.sender.send(mail, ids);
      await this.recordSent(row, accepted.response);
      return null;
    } catch (error) {
      if (!(error instanceof SmtpSendError)) throw error;
      return this.afterFailure(row, error, ids);
    } finally {
      clearInterval(heartbeat);
    }
  }

  /** 5xx: failed at once. Temporary: queued again for the next time of the schedule, or expired. */
  private async afterFailure(row: OutboundEmail, error: SmtpSendError, ids: string): Promise<DeliveryOutcome> {
    const { failure } = error;
    if (failure.permanent) {
      await this.fail(row, ['sending'], failure.reasonCode, failure.response);
      return null;
    }
    const schedule = this.outbound.retrySchedule;
    const wait = schedule[Math.min(row.attempts, schedule.length) - 1];
    const retryAt = new Date(Date.now() + wait);
    if (retryAt >= row.expiresAt) {
      await this.fail(row, ['sending'], OutboundReason.EXPIRED, failure.response);
      return null;
    }
    await this.status.release(row.id, failure.reasonCode, failure.response, retryAt);
    this.logger.warn(
      `${ids} attempt ${row.attempts} failed temporarily (${failure.responseCode ?? 'network'}); next at ${retryAt.toISOString()}`,
    );
    // The row says when; the job is only the alarm clock. Without Redis, the sweeper rebuilds it.
    await this.dispatcher
      .dispatch(Object.assign(row, { status: 'queued', nextAttemptAt: retryAt }))
      .catch((queueError: Error) =>
        this.logger.warn(`${ids} next attempt not queued (${queueError.message}); the sweeper will`),
      );
    return { retryAt };
  }

  /**
   * Why the claim failed: gone or final (nothing to do), created from an email, expired,
   * suppressed, waiting for a creation in flight from its recipient (look again shortly), not due yet,
   * or being sent right now (its job is elsewhere).
   */
  private async notClaimed(outboundEmailId: string): Promise<DeliveryOutcome> {
    const row = await this.status.load(outboundEmailId);
    if (!row || !['queued', 'sending'].includes(row.status)) return null;
    const live = row.status === 'sending' && Date.now() - row.updatedAt.getTime() < this.leaseMs;
    if (live) return null;
    if (await this.status.isEmailBorn(row.hostMessageId)) {
      await this.fail(row, ['queued', 'sending'], OutboundReason.ECHO);
    } else if (row.expiresAt.getTime() <= Date.now()) {
      await this.fail(row, ['queued', 'sending'], OutboundReason.EXPIRED);
    } else if (await this.status.isSuppressed(row.recipient)) {
      await this.fail(row, ['queued', 'sending'], OutboundReason.SUPPRESSED, null, 'suppressed');
    } else if (await this.status.creationInFlight(row.recipient)) {
      return { waitMs: CREATION_WAIT_MS };
    }
    // Otherwise not due yet: the job of its next attempt (or the sweeper) comes back for it.
    return null;
  }

  /** Fails a row for good, with the failed event (the sweeper's expiries too). */
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
