import { randomUUID } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { InjectGatewayOptions } from '../../core/options/gateway-options.providers';
import type { GatewaySettings } from '../../core/options/gateway-options.schema';
import { ErrorCode } from '../../core/errors/error-codes';
import { MessagingGatewayError } from '../../core/errors/messaging-gateway.error';
import { GatewayEvents } from '../../core/gateway-events';
import { OutboundEmail } from './outbound-email.entity';
import { generateGatewayMessageId } from '../../threading/message-id/gateway-message-id';
import { ReplyTokenService } from '../../threading/reply-token/reply-token.service';
import { toHeaderText } from '../compose/header-safety';
import { OutboundDispatcher } from '../dispatch/outbound.dispatcher';
import type { OutboundFailedEvent, OutboundQueuedEvent } from '../outbound.events';
import { outboundJobId } from './outbound-keys';
import { OutboundReason } from '../outbound-reason';
import type { OutboundPayload, OutboundRequest } from '../outbound.types';
import { parseRecipient } from './recipient-address';
import { refusedRecipient } from './recipient-policy';
import { OutboxRepository } from './outbox.repository';
import { InjectGatewayEvents } from '../../core/host-prerequisites.providers';

const HOUR_MS = 3_600_000;
/** Requests recorded as failed rows because they can never be sent, and the error a repeat gets again. */
export const REFUSALS: Partial<Record<string, ErrorCode>> = {
  [OutboundReason.INVALID_RECIPIENT]: ErrorCode.INVALID_RECIPIENT,
  [OutboundReason.RECIPIENT_REFUSED]: ErrorCode.RECIPIENT_REFUSED,
  [OutboundReason.ECHO]: ErrorCode.OUTBOUND_ECHO,
};

/** The outbox row of a request: new, or the one an earlier identical request created. */
export interface OutboxEntry {
  outboundEmailId: string;
  jobId: string | null;
  duplicate: boolean;
}

/**
 * The outbox: one row per (message, recipient), unique on its dedupe key, inserted with
 * ON CONFLICT DO NOTHING, so a repeated event or a retried call finds the first row instead of
 * sending twice. The row carries everything the email needs (Message-ID, reply token, threading
 * headers), and the thread mapping of its Message-ID and token is committed in the same
 * statement, before anything is sent, so even an instant reply finds its thread.
 */
@Injectable()
export class OutboxService {
  private readonly logger = new Logger(OutboxService.name);

  constructor(
    private readonly rows: OutboxRepository,
    @InjectGatewayOptions('outbound') private readonly outbound: GatewaySettings<'outbound'>,
    @InjectGatewayOptions('replyTokens') private readonly replyTokens: GatewaySettings<'replyTokens'>,
    private readonly tokens: ReplyTokenService,
    private readonly dispatcher: OutboundDispatcher,
    @InjectGatewayEvents() private readonly events: EventEmitter2,
  ) {}

  async create(request: OutboundRequest): Promise<OutboxEntry> {
    let recipient: string;
    try {
      recipient = parseRecipient(request.recipient, { allowDisplayName: true });
    } catch (error) {
      return this.refuse(request, OutboundReason.INVALID_RECIPIENT, error as MessagingGatewayError);
    }
    const refused = refusedRecipient(recipient, { from: this.outbound.from, replyDomain: this.domain });
    if (refused) {
      const why = refused === 'own_address' ? "one of the gateway's own addresses" : 'a no-reply or system mailbox';
      const error = new MessagingGatewayError(
        ErrorCode.RECIPIENT_REFUSED,
        `The recipient is ${why}: not sent, it would loop.`,
      );
      return this.refuse(request, OutboundReason.RECIPIENT_REFUSED, error);
    }
    const row = await this.insert(request, recipient);
    if (row === 'duplicate') return this.repeat((await this.find(request.dedupeKey))!);
    if (row === 'echo') {
      const error = new MessagingGatewayError(
        ErrorCode.OUTBOUND_ECHO,
        "The message was created by the gateway from a customer's email: not emailed back to them.",
      );
      return this.refuse(request, OutboundReason.ECHO, error);
    }
    const dispatched = await this.dispatchQuietly(row);
    // The gateway's own queue: the row's job id (stable across attempts); a host queue: its id.
    const jobId = this.dispatcher.gatewaySends ? row.jobId : (dispatched ?? row.jobId);
    this.events.emit(GatewayEvents.EMAIL_OUTBOUND_QUEUED, {
      outboundEmailId: row.id,
      threadId: row.threadId || null,
      messageId: row.hostMessageId,
      jobId,
    } satisfies OutboundQueuedEvent);
    return { outboundEmailId: row.id, jobId, duplicate: false };
  }

  /** Hands a stored row to the queue; a failure leaves it `queued` for the sweeper. */
  async dispatchQuietly(row: OutboundEmail, revive = false): Promise<string | null> {
    try {
      return await this.dispatcher.dispatch(row, revive);
    } catch (error) {
      this.logger.warn(
        `outboundEmailId=${row.id} stored but not queued (${(error as Error).message}); the sweeper will retry`,
      );
      return null;
    }
  }

  private get domain(): string {
    return this.replyTokens.domain.toLowerCase();
  }

  private async insert(request: OutboundRequest, recipient: string): Promise<OutboundEmail | 'duplicate' | 'echo'> {
    const { threadId } = request;
    const token = threadId ? this.tokens.normalize(this.tokens.generate({ threadId, recipient })) : null;
    const from = this.outbound.from ?? `gateway@${this.domain}`;
    const emailMessageId = token
      ? generateGatewayMessageId({ token, domain: this.domain })
      : `mgw.${randomUUID()}@${from.slice(from.lastIndexOf('@') + 1).toLowerCase()}`;
    // The thread's Message-ID chain is added by the INSERT itself (`threadMessageIds`).
    const payload: OutboundPayload = {
      text: request.text,
      html: request.html,
      senderName: request.senderName,
      fromLocalPart: request.fromLocalPart,
      headers: request.headers,
      ...(threadId ? { parentMessageId: request.inReplyTo } : {}),
      ...(request.attachments?.length ? { attachments: request.attachments } : {}),
    };
    const row = Object.assign(new OutboundEmail(), {
      dedupeKey: request.dedupeKey,
      threadId: threadId ?? '',
      hostMessageId: request.hostMessageId,
      recipient,
      subject: toHeaderText(request.subject, 900),
      status: 'queued',
      attempts: 0,
      nextAttemptAt: null,
      emailMessageId,
      replyToken: token,
      automatic: request.automatic,
      payload: payload as unknown as Record<string, unknown>,
      jobId: this.dispatcher.gatewaySends ? outboundJobId(request.dedupeKey) : null,
      expiresAt: new Date(Date.now() + this.outbound.expiryHours * HOUR_MS),
    } satisfies Partial<OutboundEmail>);
    return this.rows.insert(row);
  }

  private async find(dedupeKey: string): Promise<OutboundEmail | null> {
    return this.rows.findByDedupeKey(dedupeKey);
  }

  /** A repeat of a known request: nothing new, but a row never handed to the queue is handed now. */
  private async repeat(existing: OutboundEmail): Promise<OutboxEntry> {
    const code = existing.status === 'failed' ? REFUSALS[existing.reasonCode ?? ''] : undefined;
    if (code) {
      throw new MessagingGatewayError(
        code,
        `Outbound email ${existing.id} was refused earlier (${existing.reasonCode}).`,
        false,
        {
          outboundEmailId: existing.id,
        },
      );
    }
    let jobId = existing.jobId;
    if (existing.status === 'queued' && this.dispatcher.gatewaySends) await this.dispatchQuietly(existing);
    else if (existing.status === 'queued' && jobId === null) jobId = await this.dispatchQuietly(existing);
    return { outboundEmailId: existing.id, jobId, duplicate: true };
  }

  /** Records a request that can never be sent as a failed row (visible, never silent), then throws. */
  private async refuse(
    request: OutboundRequest,
    reasonCode: OutboundReason,
    error: MessagingGatewayError,
  ): Promise<never> {
    const inserted = await this.rows.insertRefused(request, reasonCode);
    const outboundEmailId = inserted[0]?.id ?? (await this.find(request.dedupeKey))?.id ?? null;
    // Announced once: a repeat of the same refused request finds the row and stays quiet.
    if (inserted.length > 0) {
      this.logger.warn(`outboundEmailId=${outboundEmailId} threadId=${request.threadId} refused: ${reasonCode}`);
      this.events.emit(GatewayEvents.EMAIL_OUTBOUND_FAILED, {
        outboundEmailId,
        threadId: request.threadId,
        messageId: request.hostMessageId,
        reasonCode,
      } satisfies OutboundFailedEvent);
    }
    throw new MessagingGatewayError(error.code, error.message, false, {
      outboundEmailId: outboundEmailId ?? undefined,
    });
  }
}
