import type { Type } from '@nestjs/common';
import type { EmailQueueService } from '../../outbound/email-queue-service.types';
import type { MessagesApiClient } from '../../messages-api/messages-api-client.types';

/** How inbound email reaches the gateway. @publicApi */
export type InboundMode = 'webhook' | 'imap' | 'both';

/** How the SMTP connection is secured. `tls` = implicit TLS (465), `starttls` = upgrade (587). @publicApi */
export type SmtpSecurity = 'plain' | 'starttls' | 'tls';

/** Reply-token wire format. `v2` is ours; `legacy` is the seed's base64url("{threadId}:{timestamp}:{sig16}"). @publicApi */
export type ReplyTokenFormat = 'v2' | 'legacy';

/** One signing key for reply tokens. The first key of the list signs; all of them verify. @publicApi */
export interface ReplySecret {
  /** Key id carried inside each token, so that secrets can rotate: 1 to 8 characters [a-z0-9]. */
  kid: string;
  /** The HMAC secret, at least 32 characters. */
  secret: string;
}

/** @publicApi */
export interface ReplyTokenOptions {
  /** Domain of the `reply+TOKEN@domain` addresses (EMAIL_REPLY_DOMAIN). Required. */
  domain: string;
  /** Signing keys, newest first (EMAIL_REPLY_SECRETS `kid:secret,…`, or EMAIL_REPLY_SECRET as key `1`). Required. */
  secrets: ReplySecret[];
  /** How long a token stays valid (EMAIL_REPLY_TOKEN_MAX_AGE_DAYS). @default 365 */
  maxAgeDays?: number;
  /** Format of newly generated tokens; both formats always verify (EMAIL_REPLY_TOKEN_FORMAT). @default 'v2' */
  format?: ReplyTokenFormat;
}

/** Options of the inbound pipeline. @publicApi */
export interface InboundOptions {
  /** Which ingresses are active (EMAIL_INBOUND_MODE). @default 'webhook' */
  mode?: InboundMode;
  /** Largest raw message accepted, in bytes. @default 26214400 (25 MB) */
  maxMessageBytes?: number;
  /** Largest number of MIME parts parsed before the email fails as `too_many_parts`. @default 1000 */
  maxParts?: number;
  /** Time budget for parsing one email, in ms; past it the email fails as `parse_timeout`. @default 10000 */
  parseTimeoutMs?: number;
  /** Days after which the raw MIME is purged; the metadata row stays. 0 keeps it forever (EMAIL_INBOUND_RAW_RETENTION_DAYS). @default 30 */
  rawRetentionDays?: number;
  /** Process right after the accepting request commits (the queue stays the safety net) (EMAIL_INBOUND_PROCESS_INLINE). @default true */
  processInline?: boolean;
  /** Worker concurrency for the `inbound` queue (EMAIL_INBOUND_CONCURRENCY). @default 4 */
  concurrency?: number;
  /** Post the full text instead of the extracted reply. @default false */
  postFullText?: boolean;
  /** Post auto-replies (out-of-office) as messages instead of only storing them. @default false */
  postAutoReplies?: boolean;
  /** How often the sweeper re-enqueues rows stuck in pending or processing, in ms. @default 60000 */
  sweepIntervalMs?: number;
  /** A row in processing for longer than this is considered stuck, in ms. @default 300000 */
  stuckAfterMs?: number;
  /**
   * Run the `inbound` queue worker (and the sweeper) in this process (EMAIL_INBOUND_WORKER). Set
   * false on web-only replicas that should only accept and enqueue. @default true
   */
  runWorker?: boolean;
}

/** Provider webhook settings (DESIGN.md 4.2). @publicApi */
export interface WebhookOptions {
  /** Generic HMAC secret (EMAIL_WEBHOOK_SECRET), at least 32 characters. Unset: generic requests get 503. */
  secret?: string;
  /** Largest accepted clock difference for signed timestamps, in ms (EMAIL_WEBHOOK_MAX_AGE). @default 300000 */
  maxAgeMs?: number;
  /** Largest accepted request body, in bytes (EMAIL_WEBHOOK_MAX_BYTES). @default 31457280 (30 MB) */
  maxBodyBytes?: number;
  /** Accept unsigned requests: development only, refused in production (EMAIL_WEBHOOK_ALLOW_UNSIGNED). @default false */
  allowUnsigned?: boolean;
  /** `user:pass` for Basic auth (Postmark, SendGrid, Mailjet style) (EMAIL_WEBHOOK_BASIC_AUTH). */
  basicAuth?: string;
  /** Mailgun HTTP webhook signing key (MAILGUN_WEBHOOK_SIGNING_KEY). */
  mailgunSigningKey?: string;
  /** SendGrid signed-webhook public key, base64 DER as SendGrid shows it (SENDGRID_INBOUND_PUBLIC_KEY). */
  sendgridPublicKey?: string;
  /** Resend (Svix) webhook secret `whsec_…` (RESEND_WEBHOOK_SECRET). */
  resendWebhookSecret?: string;
  /** Resend API key used to fetch the raw email (RESEND_API_KEY). */
  resendApiKey?: string;
  /** Resend API base URL (RESEND_API_BASE_URL). @default 'https://api.resend.com' */
  resendApiBaseUrl?: string;
  /** Mandrill webhook key (MANDRILL_WEBHOOK_KEY). */
  mandrillWebhookKey?: string;
  /** The exact URL registered at Mandrill, part of its signature (MANDRILL_WEBHOOK_URL). */
  mandrillWebhookUrl?: string;
  /** SNS topics whose notifications are accepted (SES_SNS_TOPIC_ARNS, comma separated). Empty: SES refused. */
  sesTopicArns?: string[];
  /** Pattern the SNS SigningCertURL must match. @default /^https:\/\/sns\.[a-z0-9-]+\.amazonaws\.com(\.cn)?\/[^?#]+\.pem$/ */
  sesCertUrlPattern?: RegExp;
  /** Requests per minute per client IP. @default 600 */
  rateLimitPerMinute?: number;
}

/** IMAP ingress settings. @publicApi */
export interface ImapOptions {
  /** Server host (EMAIL_IMAP_HOST). Required in `imap` and `both` modes. */
  host?: string;
  /** Server port (EMAIL_IMAP_PORT). @default 993 */
  port?: number;
  /** Implicit TLS (EMAIL_IMAP_SECURE). @default true on port 993, else false */
  secure?: boolean;
  /** Require STARTTLS on a plain connection (EMAIL_IMAP_STARTTLS). @default false */
  starttls?: boolean;
  /** Reject invalid server certificates (EMAIL_IMAP_TLS_REJECT_UNAUTHORIZED). @default true */
  tlsRejectUnauthorized?: boolean;
  /** Login (EMAIL_IMAP_USER). */
  user?: string;
  /** Password (EMAIL_IMAP_PASS). */
  pass?: string;
  /** Mailbox to read (EMAIL_IMAP_MAILBOX). @default 'INBOX' */
  mailbox?: string;
  /** Move processed mail there; unset flags `\Seen` only (EMAIL_IMAP_PROCESSED_MAILBOX). */
  processedMailbox?: string;
  /** Poll interval in ms when IDLE is unavailable, and the fallback check (EMAIL_IMAP_POLL_INTERVAL). @default 60000 */
  pollIntervalMs?: number;
}

/** One SMTP server. @publicApi */
export interface SmtpServerOptions {
  /** Host (SMTP_HOST / SMTP_BACKUP_HOST). */
  host: string;
  /** Port (SMTP_PORT / SMTP_BACKUP_PORT). @default 587, or by security: 25 plain, 587 starttls, 465 tls */
  port?: number;
}

/** SMTP delivery settings. @publicApi */
export interface SmtpOptions extends Partial<SmtpServerOptions> {
  /** Connection security (SMTP_SECURITY). @default by port: 465 tls, 587 starttls, else plain */
  security?: SmtpSecurity;
  /** Login (SMTP_USER). */
  user?: string;
  /** Password (SMTP_PASS). */
  pass?: string;
  /** Connection, greeting and socket timeout in ms (SMTP_TIMEOUT_MS). @default 30000 */
  timeoutMs?: number;
  /** Reject invalid server certificates (SMTP_TLS_REJECT_UNAUTHORIZED). @default true */
  tlsRejectUnauthorized?: boolean;
  /** Used when the primary cannot be reached (SMTP_BACKUP_HOST, SMTP_BACKUP_PORT). */
  backup?: SmtpServerOptions;
}

/** Outbound path settings. @publicApi */
export interface OutboundOptions {
  /** Send agents' answers by email (EMAIL_OUTBOUND_ENABLED). @default true */
  enabled?: boolean;
  /** Envelope and header From address (SMTP_FROM). Required when enabled. */
  from?: string;
  /** Display name of the product (SMTP_FROM_NAME). @default 'Support' */
  fromName?: string;
  /** SMTP servers; with no host, outbound jobs fail with `smtp_not_configured`. */
  smtp?: SmtpOptions;
  /** An email not delivered within this many hours fails as `expired` (EMAIL_EXPIRY_HOURS). @default 48 */
  expiryHours?: number;
  /** Folder of host templates overriding the shipped ones (same file names). */
  templatesDir?: string;
  /** Most emails handed to SMTP per second across all workers. @default 100 */
  maxPerSecond?: number;
  /** Most emails to one recipient per hour; past it they are skipped as `rate_limited`. @default 30 */
  maxPerRecipientPerHour?: number;
  /** Most emails in one thread per hour. @default 60 */
  maxPerThreadPerHour?: number;
  /** Optional List-Unsubscribe URL or mailto added to automatic mail. */
  listUnsubscribe?: string;
  /**
   * Display name of From when an agent answers: `{sender}` is the agent's display name,
   * `{product}` is `fromName` (SMTP_FROM_FORMAT). Mail without an agent uses `fromName` alone.
   * @default '{sender} via {product}'
   */
  fromFormat?: string;
  /** Outbound jobs processed at once by this process (SMTP connections are pooled). @default 10 */
  concurrency?: number;
  /**
   * Soft bounces (full mailbox, greylisting, blocks …) an address may collect before it is
   * suppressed; a hard bounce (unknown user or domain) suppresses at once
   * (EMAIL_SOFT_BOUNCE_THRESHOLD). @default 3
   */
  softBounceThreshold?: number;
}

/** Messages API client settings (DESIGN.md 4.3). @publicApi */
export interface MessagesApiOptions {
  /** Base URL, e.g. http://localhost:3000/api/v1/messages (MESSAGES_API_BASE_URL). */
  baseUrl?: string;
  /** Bearer key (MESSAGES_API_KEY). */
  apiKey?: string;
  /** Per-request timeout in ms. @default 10000 */
  timeoutMs?: number;
  /** Retries on network errors, 429 and 5xx. @default 3 */
  retries?: number;
}

/** A mailbox rule: the first rule whose pattern matches a recipient's local part wins. @publicApi */
export interface MailboxRule {
  /** Matched against the recipient's local part, case-insensitive. */
  localPart: RegExp;
  /** Mailbox name given to the thread. */
  mailbox: string;
}

/** How new threads get their mailbox and priority. @publicApi */
export interface RoutingOptions {
  /** @default dmca → dmca; business|partnerships → business; fans → fans; else `defaultMailbox` */
  mailboxRules?: MailboxRule[];
  /** @default 'general' */
  defaultMailbox?: string;
  /** Senders (addresses or `@domain`) whose threads get priority `vip`. @default [] */
  vipSenders?: string[];
  /** Subject keywords (case-insensitive) that give priority `priority`. @default ['urgent', 'asap', 'emergency'] */
  priorityKeywords?: string[];
  /** Match a reply without headers by same sender and normalized subject on a recent thread. @default false */
  subjectFallback?: boolean;
  /** Window of the subject fallback, in hours. @default 72 */
  subjectFallbackHours?: number;
}

/** Redis used by the gateway's queues, caches and locks. @publicApi */
export interface RedisOptions {
  /** redis:// or rediss:// URL; a `/N` database index is honoured (REDIS_URL). @default 'redis://127.0.0.1:6379' */
  url?: string;
  /** Prefix of every key the gateway writes (queues, caches, locks). @default 'mgw' */
  prefix?: string;
}

/**
 * Options of `MessagingGatewayModule.forRoot()`. Every field is optional here: what is not given
 * is read from the environment (DESIGN.md section 5) by `messagingGatewayOptionsFromEnv`, then
 * defaults apply, then the whole is validated once at boot.
 * @publicApi
 */
export interface MessagingGatewayOptions {
  inbound?: InboundOptions;
  webhook?: WebhookOptions;
  imap?: ImapOptions;
  replyTokens?: Partial<ReplyTokenOptions>;
  outbound?: OutboundOptions;
  messagesApi?: MessagesApiOptions;
  routing?: RoutingOptions;
  redis?: RedisOptions;
  /** A host class that replaces the gateway's BullMQ outbound queue (the seed's `emailQueueService`). */
  emailQueueService?: Type<EmailQueueService>;
  /** A host class that replaces the HTTP Messages API client. */
  messagesApiClient?: Type<MessagesApiClient>;
  /** Environment to read unset options from. @default process.env */
  env?: NodeJS.ProcessEnv;
  /** Whether the app runs in production (stricter checks). @default env.NODE_ENV === 'production' */
  production?: boolean;
}
