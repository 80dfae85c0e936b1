import type { MessagingGatewayOptions, SmtpSecurity } from './messaging-gateway-options.types';
import type { ResolvedMessagingGatewayOptions } from './resolved-options.types';
import { isPlainObject, messagingGatewayOptionsFromEnv } from './options-from-env';
import { validateMessagingGatewayOptions } from './validate-options';
import * as D from './option-defaults';

/**
 * Layers defaults < environment < explicit options, then validates. Called once, at boot,
 * by the module's options provider; hosts may call it to fail fast before creating the app.
 * @publicApi
 */
export function resolveMessagingGatewayOptions(options: MessagingGatewayOptions = {}): ResolvedMessagingGatewayOptions {
  const fromEnv = messagingGatewayOptionsFromEnv(options.env ?? process.env);
  const merged = deepMerge(fromEnv, options) as MessagingGatewayOptions;
  const resolved = withDefaults(merged);
  validateMessagingGatewayOptions(resolved);
  return resolved;
}

function withDefaults(o: MessagingGatewayOptions): ResolvedMessagingGatewayOptions {
  const imapPort = o.imap?.port ?? 993;
  const smtp = o.outbound?.smtp ?? {};
  const security: SmtpSecurity = smtp.security ?? (smtp.port === 465 ? 'tls' : smtp.port === 25 ? 'plain' : 'starttls');
  return {
    production: o.production ?? false,
    inbound: {
      mode: 'webhook',
      maxMessageBytes: D.DEFAULT_MAX_MESSAGE_BYTES,
      maxParts: 1000,
      parseTimeoutMs: 10_000,
      rawRetentionDays: D.DEFAULT_RAW_RETENTION_DAYS,
      processInline: true,
      concurrency: 4,
      postFullText: false,
      postAutoReplies: false,
      sweepIntervalMs: 60_000,
      stuckAfterMs: 5 * 60_000,
      runWorker: true,
      ...o.inbound,
    },
    webhook: {
      maxAgeMs: D.DEFAULT_WEBHOOK_MAX_AGE_MS,
      maxBodyBytes: D.DEFAULT_WEBHOOK_MAX_BODY_BYTES,
      allowUnsigned: false,
      resendApiBaseUrl: 'https://api.resend.com',
      sesTopicArns: [],
      sesCertUrlPattern: D.DEFAULT_SES_CERT_URL_PATTERN,
      rateLimitPerMinute: 600,
      ...o.webhook,
    },
    imap: {
      port: imapPort,
      secure: imapPort === 993,
      starttls: false,
      tlsRejectUnauthorized: true,
      mailbox: 'INBOX',
      pollIntervalMs: 60_000,
      ...o.imap,
    },
    replyTokens: {
      domain: '',
      secrets: [],
      maxAgeDays: D.DEFAULT_REPLY_TOKEN_MAX_AGE_DAYS,
      format: 'v2',
      ...o.replyTokens,
    },
    outbound: {
      enabled: true,
      fromName: 'Support',
      expiryHours: 48,
      maxPerSecond: 100,
      maxPerRecipientPerHour: 30,
      maxPerThreadPerHour: 60,
      fromFormat: D.DEFAULT_FROM_FORMAT,
      concurrency: 10,
      softBounceThreshold: D.DEFAULT_SOFT_BOUNCE_THRESHOLD,
      ...o.outbound,
      smtp: {
        timeoutMs: 30_000,
        tlsRejectUnauthorized: true,
        ...smtp,
        security,
        port: smtp.port ?? D.SMTP_DEFAULT_PORTS[security],
        backup: smtp.backup && {
          ...smtp.backup,
          port: smtp.backup.port ?? smtp.port ?? D.SMTP_DEFAULT_PORTS[security],
        },
      },
    },
    messagesApi: { timeoutMs: 10_000, retries: 3, ...o.messagesApi },
    routing: {
      mailboxRules: D.DEFAULT_MAILBOX_RULES,
      defaultMailbox: 'general',
      vipSenders: [],
      priorityKeywords: ['urgent', 'asap', 'emergency'],
      subjectFallback: false,
      subjectFallbackHours: 72,
      ...o.routing,
    },
    redis: { url: D.DEFAULT_REDIS_URL, prefix: D.DEFAULT_REDIS_PREFIX, ...o.redis },
    emailQueueService: o.emailQueueService,
    messagesApiClient: o.messagesApiClient,
  };
}

/** Objects merge key by key; arrays, class references and RegExps are replaced whole. */
function deepMerge(base: unknown, over: unknown): unknown {
  if (!isPlainObject(base) || !isPlainObject(over)) return over === undefined ? base : over;
  const out: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(over)) {
    if (value === undefined) continue;
    out[key] = deepMerge(base[key], value);
  }
  return out;
}
