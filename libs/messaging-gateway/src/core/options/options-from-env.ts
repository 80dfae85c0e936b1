import type { MessagingGatewayOptions, ReplySecret } from './messaging-gateway-options.types';
import { MessagingGatewayConfigError } from '../errors/messaging-gateway-config.error';

/**
 * Maps the environment variables of DESIGN.md section 5 to options, seed names first.
 * Only variables that are set appear in the result, so explicit `forRoot()` options and
 * defaults can be layered over and under it. Values are parsed, not validated: the
 * validator names the variable when a value is wrong.
 * @publicApi
 */
export function messagingGatewayOptionsFromEnv(env: NodeJS.ProcessEnv = process.env): MessagingGatewayOptions {
  const str = (name: string): string | undefined => {
    const value = env[name];
    return value === undefined || value.trim() === '' ? undefined : value.trim();
  };
  const int = (name: string): number | undefined => parseInteger(name, str(name));
  const bool = (name: string): boolean | undefined => parseBoolean(name, str(name));
  const list = (name: string): string[] | undefined =>
    str(name)
      ?.split(',')
      .map((item) => item.trim())
      .filter(Boolean);

  const backupHost = str('SMTP_BACKUP_HOST');
  return prune({
    production: env.NODE_ENV === 'production',
    inbound: {
      mode: str('EMAIL_INBOUND_MODE') as never,
      runWorker: bool('EMAIL_INBOUND_WORKER'),
      processInline: bool('EMAIL_INBOUND_PROCESS_INLINE'),
      concurrency: int('EMAIL_INBOUND_CONCURRENCY'),
      rawRetentionDays: int('EMAIL_INBOUND_RAW_RETENTION_DAYS'),
    },
    webhook: {
      secret: str('EMAIL_WEBHOOK_SECRET'),
      maxAgeMs: int('EMAIL_WEBHOOK_MAX_AGE'),
      maxBodyBytes: int('EMAIL_WEBHOOK_MAX_BYTES'),
      allowUnsigned: bool('EMAIL_WEBHOOK_ALLOW_UNSIGNED'),
      basicAuth: str('EMAIL_WEBHOOK_BASIC_AUTH'),
      mailgunSigningKey: str('MAILGUN_WEBHOOK_SIGNING_KEY'),
      sendgridPublicKey: str('SENDGRID_INBOUND_PUBLIC_KEY'),
      resendWebhookSecret: str('RESEND_WEBHOOK_SECRET'),
      resendApiKey: str('RESEND_API_KEY'),
      resendApiBaseUrl: str('RESEND_API_BASE_URL'),
      mandrillWebhookKey: str('MANDRILL_WEBHOOK_KEY'),
      mandrillWebhookUrl: str('MANDRILL_WEBHOOK_URL'),
      sesTopicArns: list('SES_SNS_TOPIC_ARNS'),
    },
    imap: {
      host: str('EMAIL_IMAP_HOST'),
      port: int('EMAIL_IMAP_PORT'),
      secure: bool('EMAIL_IMAP_SECURE'),
      starttls: bool('EMAIL_IMAP_STARTTLS'),
      tlsRejectUnauthorized: bool('EMAIL_IMAP_TLS_REJECT_UNAUTHORIZED'),
      user: str('EMAIL_IMAP_USER'),
      pass: env.EMAIL_IMAP_PASS || undefined,
      mailbox: str('EMAIL_IMAP_MAILBOX'),
      processedMailbox: str('EMAIL_IMAP_PROCESSED_MAILBOX'),
      pollIntervalMs: int('EMAIL_IMAP_POLL_INTERVAL'),
    },
    replyTokens: {
      domain: str('EMAIL_REPLY_DOMAIN'),
      secrets: replySecretsFromEnv(str('EMAIL_REPLY_SECRETS'), env.EMAIL_REPLY_SECRET),
      maxAgeDays: int('EMAIL_REPLY_TOKEN_MAX_AGE_DAYS'),
      format: str('EMAIL_REPLY_TOKEN_FORMAT') as never,
    },
    outbound: {
      enabled: bool('EMAIL_OUTBOUND_ENABLED'),
      from: str('SMTP_FROM'),
      fromName: str('SMTP_FROM_NAME'),
      fromFormat: str('SMTP_FROM_FORMAT'),
      expiryHours: int('EMAIL_EXPIRY_HOURS'),
      softBounceThreshold: int('EMAIL_SOFT_BOUNCE_THRESHOLD'),
      smtp: {
        host: str('SMTP_HOST'),
        port: int('SMTP_PORT'),
        security: str('SMTP_SECURITY') as never,
        user: str('SMTP_USER'),
        pass: env.SMTP_PASS || undefined,
        timeoutMs: int('SMTP_TIMEOUT_MS'),
        tlsRejectUnauthorized: bool('SMTP_TLS_REJECT_UNAUTHORIZED'),
        backup: backupHost ? { host: backupHost, port: int('SMTP_BACKUP_PORT') } : undefined,
      },
    },
    messagesApi: {
      baseUrl: str('MESSAGES_API_BASE_URL'),
      apiKey: str('MESSAGES_API_KEY'),
    },
    redis: { url: str('REDIS_URL'), prefix: str('MESSAGING_GATEWAY_REDIS_PREFIX') },
  });
}

/**
 * EMAIL_REPLY_SECRETS (`kid:secret,kid:secret`, first one signs) wins over EMAIL_REPLY_SECRET,
 * which alone is key `1`. A secret may itself contain `:`; only the first one separates the kid.
 */
function replySecretsFromEnv(list: string | undefined, single: string | undefined): ReplySecret[] | undefined {
  if (list) {
    return list.split(',').map((entry) => {
      const at = entry.indexOf(':');
      if (at <= 0) {
        throw new MessagingGatewayConfigError(
          'EMAIL_REPLY_SECRETS',
          `entry "${entry.trim().slice(0, 4)}…" has no key id`,
          'write it as kid:secret, e.g. EMAIL_REPLY_SECRETS=2:<new secret>,1:<old secret>',
        );
      }
      return { kid: entry.slice(0, at).trim(), secret: entry.slice(at + 1).trim() };
    });
  }
  return single !== undefined && single !== '' ? [{ kid: '1', secret: single }] : undefined;
}

function parseInteger(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!/^-?\d+$/.test(value)) {
    throw new MessagingGatewayConfigError(name, `"${value}" is not a whole number`, `set ${name} to digits only`);
  }
  return Number(value);
}

function parseBoolean(name: string, value: string | undefined): boolean | undefined {
  if (value === undefined) return undefined;
  const lowered = value.toLowerCase();
  if (['true', '1', 'yes', 'on'].includes(lowered)) return true;
  if (['false', '0', 'no', 'off'].includes(lowered)) return false;
  throw new MessagingGatewayConfigError(name, `"${value}" is not a boolean`, `set ${name} to true or false`);
}

/** Drops undefined leaves and groups left empty, so that spreading never overwrites with undefined. */
function prune<T>(value: T): T {
  if (Array.isArray(value) || value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [key, child] of Object.entries(value)) {
    const pruned = prune(child);
    if (pruned === undefined) continue;
    if (isPlainObject(pruned) && Object.keys(pruned).length === 0) continue;
    out[key] = pruned;
  }
  return out as T;
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof RegExp);
}
