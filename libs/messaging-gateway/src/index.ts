/*
 * The public surface of nestjs-messaging-gateway: every name here is a promise under semver, and
 * INTEGRATION.md ("What the package exports") documents each one. Everything else is internal.
 */

// The module and its options
export { MessagingGatewayModule, type MessagingGatewayAsyncOptions } from './messaging-gateway.module';
export type { MessagingGatewayOptions, ResolvedMessagingGatewayOptions } from './messaging-gateway.options';
export { resolveMessagingGatewayOptions } from './core/options/resolve-options';
export { InjectGatewayOptions } from './core/options/gateway-options.providers';
export type { GatewaySettings } from './core/options/gateway-options.schema';
export { INBOUND_QUEUE, OUTBOUND_QUEUE } from './core/gateway.constants';
export { messagingGatewayEntities } from './messaging-gateway.entities';
export { messagingGatewayMigrations } from './core/migrations/messaging-gateway.migrations';
export { InboundEmail, type InboundEmailStatus } from './inbound/inbound-email.entity';
export { OutboundEmail } from './outbound/outbox/outbound-email.entity';

// Services a host injects
export { InboundStore } from './inbound/inbound.store';
export type { AcceptInboundInput, AcceptInboundResult } from './inbound/inbound-accept.types';
export { InboundEmailsService, type InboundEmailPage } from './inbound/inbound-emails.service';
export { OutboundEmailService } from './outbound/outbound-email.service';
export { MessageListenerService } from './outbound/message-listener.service';
export type { OutboundSendInput, OutboundSendResult, QueueOutboundInput } from './outbound/outbound.types';
export { ImapReceiverService } from './ingress/imap/imap-receiver.service';
export type { ImapReceiverStatus } from './ingress/imap/imap-receiver-status.types';
export { ReplyTokenService } from './threading/reply-token/reply-token.service';
export { AttachmentsService } from './storage/attachments.service';
export { ThreadErasureService } from './storage/thread-erasure.service';

// What a host may replace
export type {
  MessagesApiClient,
  CreateThreadInput,
  CreateMessageInput,
  ThreadRecord,
  MessageRecord,
} from './messages-api/messages-api-client.types';
export type { EmailQueueService, QueuedEmail } from './outbound/email-queue-service.types';
export type { AttachmentStore } from './storage/attachment-store.types';

// Events
export { GatewayEvents, HostEvents } from './core/gateway-events';
export type { GatewayEventPayloads } from './messaging-gateway.events';
export type { MessageCreatedEvent } from './outbound/message-created.event';

// Errors and reason codes
export { ErrorCode } from './core/errors/error-codes';
export { MessagingGatewayError } from './core/errors/messaging-gateway.error';
export { MessagingGatewayConfigError } from './core/errors/messaging-gateway-config.error';
export { InboundReason } from './inbound/inbound-reason';
export { OutboundReason } from './outbound/outbound-reason';

// Pure helpers, usable without Nest
export { extractReply, type ReplyExtraction } from './reply-text/extract-reply';
export { extractReplyFromHtml } from './reply-text/extract-reply-from-html';
export { classifyEmail } from './automatic-mail/classify/classify-email';
export type { ClassificationResult } from './automatic-mail/classify/classification-result';
export { normalizeSubject } from './threading/subject/normalize-subject';
export { signGenericWebhook } from './ingress/webhook/providers/sign-generic-webhook';
