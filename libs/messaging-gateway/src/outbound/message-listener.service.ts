import { createHash } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import { EventEmitter2, OnEvent } from '@nestjs/event-emitter';
import { InjectGatewayOptions } from '../core/options/gateway-options.providers';
import type { GatewaySettings } from '../core/options/gateway-options.schema';
import { ErrorCode } from '../core/errors/error-codes';
import { MessagingGatewayError } from '../core/errors/messaging-gateway.error';
import { GatewayEvents, HostEvents } from '../core/gateway-events';
import { normalizeSubject } from '../threading/subject/normalize-subject';
import type { MessageCreatedEvent } from './message-created.event';
import type { OutboundFailedEvent } from './outbound.events';
import { outboxDedupeKey } from './outbox/outbound-keys';
import { OutboundReason } from './outbound-reason';
import type { QueueOutboundInput } from './outbound.types';
import { OutboxService } from './outbox/outbox.service';
import { AnswerFilesResolver } from './attachments/answer-files.resolver';
import { redactAddresses } from './smtp/smtp-failure';
import { InjectGatewayEvents } from '../core/host-prerequisites.providers';

/** Marks of messages the gateway posted itself (the inbound path sets them). */
const GATEWAY_SOURCE = 'email-gateway';

/**
 * Turns an agent's answer into an outbound email: `message.created` on an email thread, not
 * inbound, not created by the gateway → one outbox row per (message, recipient). Every failure
 * is logged with its ids and announced as `email.outbound.failed`, so no event is lost silently.
 */
@Injectable()
export class MessageListenerService {
  private readonly logger = new Logger(MessageListenerService.name);

  /** @internal Nest injects it. */
  constructor(
    @InjectGatewayOptions('outbound') private readonly outbound: GatewaySettings<'outbound'>,
    private readonly outbox: OutboxService,
    private readonly files: AnswerFilesResolver,
    @InjectGatewayEvents() private readonly events: EventEmitter2,
  ) {}

  // promisify: `emitAsync` waits until the outbox row exists. The handler never rejects (a
  // rejection from an `emit` listener would be unhandled and stop the host): failures are recorded.
  @OnEvent(HostEvents.MESSAGE_CREATED, { async: true, promisify: true, suppressErrors: false })
  async onMessageCreated(event: MessageCreatedEvent): Promise<void> {
    if (!this.outbound.enabled || !this.isAgentAnswerOnEmailThread(event)) return;
    const ids = `threadId=${event.threadId} messageId=${event.messageId}`;
    try {
      const entry = await this.outbox.create({
        dedupeKey: outboxDedupeKey('msg', event.messageId, String(event.threadMetadata?.emailFrom ?? '')),
        threadId: event.threadId,
        hostMessageId: event.messageId,
        recipient: String(event.threadMetadata?.emailFrom ?? ''),
        subject: replySubject(event.threadMetadata?.emailSubject),
        text: String(event.messageText ?? ''),
        html: typeof event.html === 'string' ? event.html : undefined,
        senderName: event.senderProfile?.displayName,
        automatic: false,
        inReplyTo: event.threadMetadata?.lastEmailMessageId,
        attachments: await this.files.refsFor(event),
      });
      if (entry.duplicate) this.logger.debug(`${ids} already queued as outboundEmailId=${entry.outboundEmailId}`);
    } catch (error) {
      // Refusals were recorded and announced by the outbox; anything else is announced here.
      const recorded = error instanceof MessagingGatewayError && error.context.outboundEmailId !== undefined;
      const echo = error instanceof MessagingGatewayError && error.code === ErrorCode.OUTBOUND_ECHO;
      // The echo guard doing its job is news, not an error.
      const log = echo ? this.logger.log.bind(this.logger) : this.logger.error.bind(this.logger);
      log(`${ids} answer not queued: ${redactAddresses((error as Error).message)}`);
      if (!recorded) {
        this.events.emit(GatewayEvents.EMAIL_OUTBOUND_FAILED, {
          outboundEmailId: null,
          threadId: event.threadId ?? null,
          messageId: event.messageId ?? null,
          reasonCode: OutboundReason.EVENT_REJECTED,
        } satisfies OutboundFailedEvent);
      }
    }
  }

  /** The direct call for hosts that do not emit events; resolves with the job id. */
  async queueOutbound(input: QueueOutboundInput): Promise<string> {
    if (!this.outbound.enabled) {
      throw new MessagingGatewayError(
        ErrorCode.OUTBOUND_DISABLED,
        'Outbound email is disabled (EMAIL_OUTBOUND_ENABLED=false).',
      );
    }
    const key =
      input.messageId ??
      `q:${createHash('sha256')
        .update(
          JSON.stringify([input.threadId, input.subject, input.body, input.html ?? '', input.lastEmailMessageId ?? '']),
        )
        .digest('hex')}`;
    const entry = await this.outbox.create({
      dedupeKey: outboxDedupeKey('msg', key, input.recipientEmail),
      threadId: input.threadId,
      hostMessageId: input.messageId ?? null,
      recipient: input.recipientEmail,
      subject: replySubject(input.subject),
      text: input.body,
      html: input.html,
      senderName: input.senderName,
      automatic: false,
      inReplyTo: input.lastEmailMessageId,
    });
    return entry.jobId ?? entry.outboundEmailId;
  }

  private isAgentAnswerOnEmailThread(event: MessageCreatedEvent): boolean {
    if (!event || typeof event !== 'object') return false;
    if (event.threadMetadata?.sourceType !== 'email' || event.direction === 'inbound') return false;
    const metadata = event.metadata ?? {};
    if (metadata.inboundEmailId !== undefined || metadata.source === GATEWAY_SOURCE) return false;
    if (
      typeof event.threadId !== 'string' ||
      typeof event.messageId !== 'string' ||
      !event.threadId ||
      !event.messageId
    ) {
      this.logger.error('message.created on an email thread without threadId or messageId: not sent');
      this.events.emit(GatewayEvents.EMAIL_OUTBOUND_FAILED, {
        outboundEmailId: null,
        threadId: typeof event.threadId === 'string' ? event.threadId : null,
        reasonCode: OutboundReason.EVENT_REJECTED,
      } satisfies OutboundFailedEvent);
      return false;
    }
    return true;
  }
}

/** `Re: <original without its Re:/Fwd:/[tag] prefixes>` (RFC 5322 3.6.5). */
function replySubject(subject: unknown): string {
  const original = normalizeSubject(typeof subject === 'string' ? subject : '');
  return original ? `Re: ${original}` : 'Re: your message';
}
