import type {
  EmailAutoReplyEvent,
  EmailBouncedEvent,
  EmailComplaintEvent,
} from './automatic-mail/automatic-mail.events';
import type { GatewayEvents, HostEvents } from './core/gateway-events';
import type {
  EmailMessageCreatedEvent,
  EmailProcessedEvent,
  EmailRejectedEvent,
  EmailThreadCreatedEvent,
} from './inbound/inbound.events';
import type { MessageCreatedEvent } from './outbound/message-created.event';
import type { OutboundFailedEvent, OutboundQueuedEvent, OutboundSentEvent } from './outbound/outbound.events';

/**
 * The payload of every event by name, e.g.
 * `@OnEvent(GatewayEvents.EMAIL_PROCESSED) onProcessed(event: GatewayEventPayloads['email.processed'])`.
 * @publicApi
 */
export interface GatewayEventPayloads {
  [HostEvents.MESSAGE_CREATED]: MessageCreatedEvent;
  [GatewayEvents.EMAIL_THREAD_CREATED]: EmailThreadCreatedEvent;
  [GatewayEvents.EMAIL_MESSAGE_CREATED]: EmailMessageCreatedEvent;
  [GatewayEvents.EMAIL_PROCESSED]: EmailProcessedEvent;
  [GatewayEvents.EMAIL_REJECTED]: EmailRejectedEvent;
  [GatewayEvents.EMAIL_BOUNCED]: EmailBouncedEvent;
  [GatewayEvents.EMAIL_COMPLAINT_RECEIVED]: EmailComplaintEvent;
  [GatewayEvents.EMAIL_AUTO_REPLY_RECEIVED]: EmailAutoReplyEvent;
  [GatewayEvents.EMAIL_OUTBOUND_QUEUED]: OutboundQueuedEvent;
  [GatewayEvents.EMAIL_OUTBOUND_SENT]: OutboundSentEvent;
  [GatewayEvents.EMAIL_OUTBOUND_FAILED]: OutboundFailedEvent;
}
