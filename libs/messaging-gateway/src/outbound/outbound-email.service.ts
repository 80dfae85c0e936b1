import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectGatewayOptions } from '../core/options/gateway-options.providers';
import type { GatewaySettings } from '../core/options/gateway-options.schema';
import { ErrorCode } from '../core/errors/error-codes';
import { MessagingGatewayError } from '../core/errors/messaging-gateway.error';
import { EmailSenderService } from './smtp/email-sender.service';
import { assertHeaderText, safeCustomHeaders } from './compose/header-safety';
import { outboxDedupeKey, sha256 } from './outbox/outbound-keys';
import type { OutboundSendInput, OutboundSendResult, SmtpTestResult } from './outbound.types';
import { OutboxService } from './outbox/outbox.service';
import { OutboxOperationsService } from './outbox/outbox-operations.service';
import type { OutboundEmail } from './outbox/outbound-email.entity';

const LOCAL_PART = /^[A-Za-z0-9](?:[A-Za-z0-9._+-]{0,62}[A-Za-z0-9])?$/;

/**
 * Transactional mail (a relay, notifications, "Test SMTP") through the same outbox, queue, SMTP
 * settings, suppressions and rate caps as agents' answers. Input is validated strictly: a subject
 * or header with a line break is refused (`EGW_HEADER_INJECTION`), never repaired.
 * @publicApi
 */
@Injectable()
export class OutboundEmailService {
  /** @internal Nest injects it. */
  constructor(
    @InjectGatewayOptions('outbound') private readonly outbound: GatewaySettings<'outbound'>,
    private readonly outbox: OutboxService,
    private readonly sender: EmailSenderService,
    private readonly operations: OutboxOperationsService,
  ) {}

  /** Queues one email; resolves once it is stored (the outbox row) and queued. */
  async send(input: OutboundSendInput): Promise<OutboundSendResult> {
    if (!this.outbound.enabled) {
      throw new MessagingGatewayError(
        ErrorCode.OUTBOUND_DISABLED,
        'Outbound email is disabled (EMAIL_OUTBOUND_ENABLED=false).',
      );
    }
    assertHeaderText('subject', input.subject, 900);
    const headers = safeCustomHeaders(input.headers);
    if (input.fromLocalPart !== undefined && !LOCAL_PART.test(input.fromLocalPart)) {
      throw new MessagingGatewayError(
        ErrorCode.HEADER_INJECTION,
        'fromLocalPart must be a plain local part (letters, digits, . _ + -), e.g. no-reply.',
      );
    }
    if (typeof input.text !== 'string') {
      throw new MessagingGatewayError(ErrorCode.HEADER_INJECTION, 'text must be a string (the plain-text body).');
    }
    const key = input.idempotencyKey === undefined ? randomUUID() : sha256(String(input.idempotencyKey));
    const entry = await this.outbox.create({
      dedupeKey: outboxDedupeKey('send', key, input.to),
      threadId: input.threadId ?? null,
      hostMessageId: null,
      recipient: input.to,
      subject: input.subject,
      text: input.text,
      html: input.html,
      automatic: input.automatic,
      fromLocalPart: input.fromLocalPart,
      headers,
    });
    return { outboundEmailId: entry.outboundEmailId, jobId: entry.jobId ?? '', duplicate: entry.duplicate };
  }

  /**
   * Queues a failed or expired email again, with the same Message-ID (threading holds), a fresh
   * expiry and retry schedule; suppressions are checked again. `EGW_OUTBOUND_NOT_FOUND` for an
   * unknown id, `EGW_OUTBOUND_NOT_RESENDABLE` for an email that is not failed or can never be sent.
   */
  resend(outboundEmailId: string): Promise<{ outboundEmailId: string; jobId: string | null }> {
    return this.operations.resend(outboundEmailId);
  }

  /** Whether `resend` would take this outbox row (for showing a Resend button only where it works). */
  canResend(row: Pick<OutboundEmail, 'status' | 'reasonCode'>): boolean {
    return this.operations.canResend(row);
  }

  /**
   * With a host `emailQueueService`: what became of an email it took (`QueuedEmail.outboundEmailId`),
   * `sent` or finally `failed`, so the record and the `email.outbound.*` events reach a final status.
   */
  reportOutcome(outboundEmailId: string, outcome: 'sent' | 'failed', detail?: string): Promise<void> {
    return this.operations.reportOutcome(outboundEmailId, outcome, detail);
  }

  /** Connects to SMTP (TLS, login) without sending: ok, or the server's reply. */
  testConnection(server: 'primary' | 'backup' = 'primary'): Promise<SmtpTestResult> {
    return this.sender.testConnection(server);
  }
}
