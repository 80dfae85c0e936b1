/** Injection token of the options given to `forRoot`/`forRootAsync`, before resolution. */
export const MESSAGING_GATEWAY_RAW_OPTIONS = 'MESSAGING_GATEWAY:RAW_OPTIONS';
/** Injection token of the resolved, validated options (`@InjectGatewayOptions()`). */
export const MESSAGING_GATEWAY_OPTIONS = 'MESSAGING_GATEWAY:OPTIONS';
/** Injection token of the gateway's ioredis connection (queues use their own). @publicApi */
export const MESSAGING_GATEWAY_REDIS = 'MESSAGING_GATEWAY:REDIS';
/** Injection token of the attachment driver (local, S3, or the host's `attachmentStore`). @publicApi */
export const ATTACHMENT_STORE = 'MESSAGING_GATEWAY:ATTACHMENT_STORE';
/** Injection token of the Messages API client (HTTP by default, or the host's class). @publicApi */
export const MESSAGES_API_CLIENT = 'MESSAGING_GATEWAY:MESSAGES_API_CLIENT';
/**
 * Injection token of the host's `emailQueueService` instance (an `EmailQueueService`), or null when
 * the gateway's own BullMQ queue sends. @publicApi
 */
export const EMAIL_QUEUE_SERVICE = 'MESSAGING_GATEWAY:EMAIL_QUEUE_SERVICE';

/**
 * BullMQ queue names, also their `@nestjs/bullmq` tokens (`getQueueToken(INBOUND_QUEUE)`): prefixed,
 * so that they never meet a host queue of the same name; `redis.prefix` namespaces their keys.
 * @publicApi
 */
export const INBOUND_QUEUE = 'mgw-inbound';
/** @publicApi */
export const OUTBOUND_QUEUE = 'mgw-outbound';

/** Tables of the gateway; `email_thread_mappings` is a fixed name that hosts may already have. */
export const TABLES = {
  threadMappings: 'email_thread_mappings',
  inboundEmails: 'messaging_gateway_inbound_emails',
  outboundEmails: 'messaging_gateway_outbound_emails',
  imapCursors: 'messaging_gateway_imap_cursors',
  suppressions: 'messaging_gateway_suppressions',
  attachments: 'messaging_gateway_attachments',
  dataKeys: 'messaging_gateway_data_keys',
} as const;
