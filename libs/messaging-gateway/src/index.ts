/* The public surface of nestjs-messaging-gateway. Everything else is internal. */
export { MessagingGatewayModule } from './messaging-gateway.module';
export * from './messaging-gateway.constants';
export * from './messaging-gateway.events';
export * from './config/messaging-gateway-options.interface';
export * from './config/resolved-options.interface';
export { messagingGatewayOptionsFromEnv } from './config/options-from-env';
export { resolveMessagingGatewayOptions } from './config/resolve-options';
export { validateMessagingGatewayOptions, MIN_SECRET_LENGTH } from './config/validate-options';
export { InjectGatewayOptions } from './config/options.provider';
export { InjectGatewayRedis } from './redis/redis.provider';
export * from './errors';
export * from './interfaces/messages-api-client.interface';
export * from './interfaces/email-queue-service.interface';
export { messagingGatewayEntities } from './storage/messaging-gateway-entities';
export { EmailThreadMapping } from './storage/entities/email-thread-mapping.entity';
export { InboundEmail, type InboundEmailStatus, type InboundSource } from './storage/entities/inbound-email.entity';
export { OutboundEmail, type OutboundEmailStatus } from './storage/entities/outbound-email.entity';
export { ImapCursor } from './storage/entities/imap-cursor.entity';
export { Suppression, type SuppressionReason } from './storage/entities/suppression.entity';
export { extractReply, type ReplyExtraction } from './content/reply/extract-reply';
export { extractReplyFromHtml, type HtmlReplyExtraction } from './content/reply/extract-reply-from-html';
export { classifyEmail } from './content/classify/classify-email';
export { AutomaticMailService } from './automatic-mail/automatic-mail.service';
export { isOwnAddress, type OwnAddresses } from './automatic-mail/own-address';
export * from './automatic-mail/automatic-mail.types';
export type {
  BounceReason,
  BouncedRecipient,
  ClassificationResult,
  EmailKind,
  FeedbackReport,
} from './content/classify/classification-result';
export { InboundStore } from './inbound/inbound-store.service';
export * from './inbound/inbound-accept.interface';
export { ImapReceiverService } from './imap/imap-receiver.service';
export type { ImapReceiverStatus } from './imap/imap-receiver-status.interface';
export { imapMailboxKey } from './imap/imap-mailbox-key';
export { MessageListenerService, replySubject } from './outbound/message-listener.service';
export type { MessageCreatedEvent } from './outbound/message-created.event';
export { OutboundEmailService } from './outbound/outbound-email.service';
export type { QueueOutboundInput, OutboundSendInput, OutboundSendResult } from './outbound/outbound.types';
export type { OutboundQueuedEvent, OutboundSentEvent, OutboundFailedEvent } from './outbound/outbound-events';
export { OutboundReason } from './outbound/outbound-reason';
export { GatewayCreatedMessages } from './outbound/gateway-created-messages';
export { EmailSenderService, type SmtpTestResult } from './outbound/email-sender.service';
export { EmailTemplates, TEMPLATE_FILES, type EmailTemplateData } from './outbound/email-templates';
export { parseRecipient } from './outbound/recipient-address';
export { ReplyTokenService } from './threading/reply-token.service';
export * from './threading/reply-token.types';
export { normalizeSubject, subjectKey } from './threading/normalize-subject';
export {
  generateGatewayMessageId,
  parseGatewayMessageId,
  wrapMessageId,
  unwrapMessageId,
  type GatewayMessageIdInput,
} from './threading/gateway-message-id';
export { parseMessageIdList, MAX_PARSED_MESSAGE_IDS } from './threading/parse-message-id-list';
export { formatReferences } from './threading/format-references';
export {
  InboundEmailsService,
  type InboundEmailSummary,
  type InboundEmailPage,
} from './inbound/inbound-emails.service';
export * from './inbound/inbound-events.interface';
export { InboundReason } from './inbound/inbound-reason';
export type {
  ParsedInboundEmail,
  InboundAddress,
  InboundAttachmentMeta,
} from './inbound/parse/parsed-inbound-email.interface';
export { parseInboundEmail, type ParseLimits } from './inbound/parse/parse-inbound-email';
export { sanitizeEmailHtml } from './inbound/parse/sanitize-email-html';
export { HttpMessagesApiClient } from './messages-api/http-messages-api.client';
export { MessageCreatorService } from './messages/message-creator.service';
export { routeThread, type ThreadRouting } from './messages/thread-routing';
export type { MatchStrategy, HoldReason, ThreadMatch } from './matching/thread-match.types';
export { WEBHOOK_PROVIDERS, type WebhookProviderName } from './webhook/webhook-adapter.interface';
export type { WebhookAnswer } from './webhook/webhook-ingress.service';
export { WebhookController } from './webhook/webhook.controller';
export { signGenericWebhook } from './webhook/providers/generic.adapter';
