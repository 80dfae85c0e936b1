import type { Type } from '@nestjs/common';
import type { EmailQueueService } from '../../outbound/email-queue-service.types';
import type { MessagesApiClient } from '../../messages-api/messages-api-client.types';
import type {
  ImapOptions,
  InboundOptions,
  MessagesApiOptions,
  OutboundOptions,
  RedisOptions,
  ReplyTokenOptions,
  RoutingOptions,
  SmtpOptions,
  WebhookOptions,
} from './messaging-gateway-options.types';

type Filled<T, Optional extends keyof T = never> = Required<Omit<T, Optional>> & Pick<T, Optional>;

/**
 * The options after env, defaults and validation: what every service injects
 * (`@InjectGatewayOptions()`). Fields without a default stay optional.
 * @publicApi
 */
export interface ResolvedMessagingGatewayOptions {
  inbound: Required<InboundOptions>;
  webhook: Filled<
    WebhookOptions,
    | 'secret'
    | 'basicAuth'
    | 'mailgunSigningKey'
    | 'sendgridPublicKey'
    | 'resendWebhookSecret'
    | 'resendApiKey'
    | 'mandrillWebhookKey'
    | 'mandrillWebhookUrl'
  >;
  imap: Filled<ImapOptions, 'host' | 'user' | 'pass' | 'processedMailbox'>;
  replyTokens: Required<ReplyTokenOptions>;
  outbound: Filled<OutboundOptions, 'from' | 'templatesDir' | 'listUnsubscribe' | 'smtp'> & {
    smtp: Filled<SmtpOptions, 'host' | 'user' | 'pass' | 'backup'>;
  };
  messagesApi: Filled<MessagesApiOptions, 'baseUrl' | 'apiKey'>;
  routing: Required<RoutingOptions>;
  redis: Required<RedisOptions>;
  emailQueueService?: Type<EmailQueueService>;
  messagesApiClient?: Type<MessagesApiClient>;
  production: boolean;
}
