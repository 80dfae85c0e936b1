/* The public surface of nestjs-messaging-gateway. Everything else is internal. */
export { MessagingGatewayModule } from './messaging-gateway.module';
export * from './core/gateway.constants';
export * from './core/gateway-events';
export * from './core/options/messaging-gateway-options.types';
export * from './core/options/resolved-options.types';
export { messagingGatewayOptionsFromEnv } from './core/options/options-from-env';
export { resolveMessagingGatewayOptions } from './core/options/resolve-options';
export { validateMessagingGatewayOptions, MIN_SECRET_LENGTH } from './core/options/validate-options';
export { InjectGatewayOptions } from './core/options/gateway-options.providers';
export { InjectGatewayRedis } from './core/redis/gateway-redis.provider';
export * from './core/errors';
export * from './messages-api/messages-api-client.types';
export * from './outbound/email-queue-service.types';
export { messagingGatewayEntities } from './messaging-gateway.entities';
export { EmailThreadMapping } from './threading/email-thread-mapping.entity';
export { InboundEmail, type InboundEmailStatus, type InboundSource } from './inbound/inbound-email.entity';
export { OutboundEmail, type OutboundEmailStatus } from './outbound/outbox/outbound-email.entity';
export { ImapCursor } from './ingress/imap/imap-cursor.entity';
export { Suppression, type SuppressionReason } from './outbound/outbox/suppression.entity';
export { extractReply, type ReplyExtraction } from './reply-text/extract-reply';
export { extractReplyFromHtml, type HtmlReplyExtraction } from './reply-text/extract-reply-from-html';
export { classifyEmail } from './automatic-mail/classify/classify-email';
export { AutomaticMailService } from './automatic-mail/automatic-mail.service';
export { isOwnAddress, type OwnAddresses } from './automatic-mail/own-address';
export * from './automatic-mail/automatic-mail.types';
export type {
  BounceReason,
  BouncedRecipient,
  ClassificationResult,
  EmailKind,
  FeedbackReport,
} from './automatic-mail/classify/classification-result';
export { InboundStore } from './inbound/inbound.store';
export * from './inbound/inbound-accept.types';
export { ImapReceiverService } from './ingress/imap/imap-receiver.service';
export type { ImapReceiverStatus } from './ingress/imap/imap-receiver-status.types';
export { imapMailboxKey } from './ingress/imap/imap-mailbox-key';
export { MessageListenerService, replySubject } from './outbound/message-listener.service';
export type { MessageCreatedEvent } from './outbound/message-created.event';
export { OutboundEmailService } from './outbound/outbound-email.service';
export type { QueueOutboundInput, OutboundSendInput, OutboundSendResult } from './outbound/outbound.types';
export type { OutboundQueuedEvent, OutboundSentEvent, OutboundFailedEvent } from './outbound/outbound.events';
export { OutboundReason } from './outbound/outbound-reason';
export { GatewayCreatedMessages } from './messages-api/gateway-created-messages';
export { EmailSenderService, type SmtpTestResult } from './outbound/smtp/email-sender.service';
export { EmailTemplates, TEMPLATE_FILES, type EmailTemplateData } from './outbound/compose/email-templates';
export { parseRecipient } from './outbound/outbox/recipient-address';
export { ReplyTokenService } from './threading/reply-token/reply-token.service';
export * from './threading/reply-token/reply-token.types';
export { normalizeSubject, subjectKey } from './threading/subject/normalize-subject';
export {
  generateGatewayMessageId,
  parseGatewayMessageId,
  wrapMessageId,
  unwrapMessageId,
  type GatewayMessageIdInput,
} from './threading/message-id/gateway-message-id';
export { parseMessageIdList, MAX_PARSED_MESSAGE_IDS } from './threading/message-id/parse-message-id-list';
export { formatReferences } from './threading/message-id/format-references';
export {
  InboundEmailsService,
  type InboundEmailSummary,
  type InboundEmailPage,
} from './inbound/inbound-emails.service';
export * from './inbound/inbound.events';
export { InboundReason } from './inbound/inbound-reason';
export type {
  ParsedInboundEmail,
  InboundAddress,
  InboundAttachmentMeta,
} from './inbound/parse/parsed-inbound-email.types';
export { parseInboundEmail, type ParseLimits } from './inbound/parse/parse-inbound-email';
export { sanitizeEmailHtml } from './inbound/parse/sanitize-email-html';
export { HttpMessagesApiClient } from './messages-api/http-messages-api.client';
export { MessageCreatorService } from './messages-api/message-creator.service';
export { routeThread, type ThreadRouting } from './messages-api/thread-routing';
export type { MatchStrategy, HoldReason, ThreadMatch } from './threading/thread-match.types';
export { WEBHOOK_PROVIDERS, type WebhookProviderName } from './ingress/webhook/webhook-adapter.types';
export type { WebhookAnswer } from './ingress/webhook/webhook-ingress.service';
export { WebhookController } from './ingress/webhook/webhook.controller';
export { signGenericWebhook } from './ingress/webhook/providers/generic-webhook.adapter';
