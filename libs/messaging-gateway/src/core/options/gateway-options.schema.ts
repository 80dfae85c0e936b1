import type { Type } from '@nestjs/common';
import { attachmentsOptions } from './groups/attachments.options';
import { databaseOptions } from './groups/database.options';
import { encryptionOptions } from './groups/encryption.options';
import { inboundOptions } from './groups/inbound.options';
import { imapOptions } from './groups/imap.options';
import { messagesApiOptions } from './groups/messages-api.options';
import { outboundOptions } from './groups/outbound.options';
import { redisOptions } from './groups/redis.options';
import { replyTokenOptions } from './groups/reply-tokens.options';
import { routingOptions } from './groups/routing.options';
import { senderAuthOptions } from './groups/sender-auth.options';
import { webhookOptions } from './groups/webhook.options';
import { type GivenOptions, optional, type ResolvedOptions, type Schema, withDefault } from './option';

/**
 * Every option of the gateway, group by group, in the order they are validated. Each option is
 * declared once, in its group's file: environment variable, default, rule and doc.
 */
export const gatewayOptionsSchema = {
  inbound: inboundOptions,
  replyTokens: replyTokenOptions,
  messagesApi: messagesApiOptions,
  webhook: webhookOptions,
  imap: imapOptions,
  outbound: outboundOptions,
  routing: routingOptions,
  senderAuth: senderAuthOptions,
  redis: redisOptions,
  database: databaseOptions,
  attachments: attachmentsOptions,
  encryption: encryptionOptions,
  /**
   * A host class that replaces the gateway's outbound queue: it receives each composed email
   * (`EmailQueueService`). Its interface lives with the outbound stage, which narrows this type.
   */
  emailQueueService: optional<Type<object>>(),
  /** A host class that replaces the HTTP Messages API client (`MessagesApiClient`). */
  messagesApiClient: optional<Type<object>>(),
  /** A host class that replaces the attachment driver (`AttachmentStore`): its own object store. */
  attachmentStore: optional<Type<object>>(),
  /** Whether the app runs in production: stricter checks (NODE_ENV=production). @default false */
  production: withDefault(false, { env: 'NODE_ENV', parse: (text) => text === 'production' }),
} satisfies Schema;

export type GatewayOptionsSchema = typeof gatewayOptionsSchema;

/** The options after environment, defaults and validation. */
export type ResolvedGatewayOptions = ResolvedOptions<GatewayOptionsSchema>;

/** One group of the resolved options, as `@InjectGatewayOptions('<group>')` injects it. */
export type GatewayOptionGroup = {
  [K in keyof GatewayOptionsSchema]: GatewayOptionsSchema[K] extends { kind: 'group' } ? K : never;
}[keyof GatewayOptionsSchema];
export type GatewaySettings<G extends GatewayOptionGroup> = ResolvedGatewayOptions[G];

/** What `forRoot()` accepts before narrowing the host classes. */
export type GivenGatewayOptions = GivenOptions<GatewayOptionsSchema> & {
  /** Environment to read unset options from. @default process.env */
  env?: NodeJS.ProcessEnv;
};
