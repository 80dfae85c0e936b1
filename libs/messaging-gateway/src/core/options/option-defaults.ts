import type { MailboxRule } from './messaging-gateway-options.types';

/** 25 MB: the common provider cap (Mailgun, Postmark, SES) for one message. */
export const DEFAULT_MAX_MESSAGE_BYTES = 25 * 1024 * 1024;
/** 30 MB: a 25 MB message grows by about a third once base64-encoded inside JSON. */
export const DEFAULT_WEBHOOK_MAX_BODY_BYTES = 30 * 1024 * 1024;
/** 5 minutes: the replay window used by Stripe, Svix and Mailgun. */
export const DEFAULT_WEBHOOK_MAX_AGE_MS = 5 * 60 * 1000;
export const DEFAULT_REPLY_TOKEN_MAX_AGE_DAYS = 365;
/** Three soft bounces, as Postmark and Mailgun count before treating an address as undeliverable. */
export const DEFAULT_SOFT_BOUNCE_THRESHOLD = 3;
/** Action Mailbox incinerates raw sources after 30 days. */
export const DEFAULT_RAW_RETENTION_DAYS = 30;
export const DEFAULT_REDIS_URL = 'redis://127.0.0.1:6379';
export const DEFAULT_REDIS_PREFIX = 'mgw';
export const DEFAULT_SES_CERT_URL_PATTERN = /^https:\/\/sns\.[a-z0-9-]+\.amazonaws\.com(\.cn)?\/[^?#]+\.pem$/;

/** The seed's routing: dmca, business/partnerships and fans get their own mailboxes. */
export const DEFAULT_MAILBOX_RULES: MailboxRule[] = [
  { localPart: /^dmca$/i, mailbox: 'dmca' },
  { localPart: /^(business|partnerships?)$/i, mailbox: 'business' },
  { localPart: /^fans?$/i, mailbox: 'fans' },
];

/** "Ann via Support": the person who answered, then the product (Zendesk and Help Scout style). */
export const DEFAULT_FROM_FORMAT = '{sender} via {product}';

/** SMTP port for each security mode when SMTP_PORT is unset. */
export const SMTP_DEFAULT_PORTS = { plain: 25, starttls: 587, tls: 465 } as const;
