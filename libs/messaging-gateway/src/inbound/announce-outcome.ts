import type { EventEmitter2 } from '@nestjs/event-emitter';
import { GatewayEvents } from '../core/gateway-events';
import type { InboundPostResult } from '../messages-api/message-creator.service';
import type {
  EmailMessageCreatedEvent,
  EmailProcessedEvent,
  EmailRejectedEvent,
  EmailThreadCreatedEvent,
} from './inbound.events';
import type { InboundOutcome } from './inbound-outcome.types';

/** `email.processed` for every final status, and `email.rejected` first when the email is held. */
export function announceOutcome(events: EventEmitter2, id: string, outcome: InboundOutcome): void {
  const processed: EmailProcessedEvent = {
    inboundEmailId: id,
    status: outcome.status,
    reasonCode: outcome.reasonCode ?? null,
    ...(outcome.threadId ? { threadId: outcome.threadId } : {}),
    ...(outcome.messageId ? { messageId: outcome.messageId } : {}),
  };
  if (outcome.status === 'rejected') {
    const rejected: EmailRejectedEvent = {
      inboundEmailId: id,
      reasonCode: outcome.reasonCode ?? 'rejected',
      ...(outcome.threadId ? { threadId: outcome.threadId } : {}),
    };
    events.emit(GatewayEvents.EMAIL_REJECTED, rejected);
  }
  events.emit(GatewayEvents.EMAIL_PROCESSED, processed);
}

/** `email.thread.created` (for a new conversation) and `email.message.created`, once the delivery is committed. */
export function announceDelivery(events: EventEmitter2, id: string, posted: InboundPostResult): void {
  if (posted.threadCreated) {
    const created: EmailThreadCreatedEvent = { threadId: posted.threadId, inboundEmailId: id };
    events.emit(GatewayEvents.EMAIL_THREAD_CREATED, created);
  }
  const message: EmailMessageCreatedEvent = {
    threadId: posted.threadId,
    messageId: posted.messageId,
    inboundEmailId: id,
  };
  events.emit(GatewayEvents.EMAIL_MESSAGE_CREATED, message);
}
