import { createPublicKey } from 'node:crypto';
import { existsSync } from 'node:fs';
import { MessagingGatewayConfigError } from '../errors/messaging-gateway-config.error';
import type { ResolvedMessagingGatewayOptions } from './resolved-options.types';

/** 32 characters: 128 bits or more of entropy for hex and base64 secrets. */
export const MIN_SECRET_LENGTH = 32;
const GENERATE_SECRET = 'generate one with: openssl rand -hex 32';
const HOSTNAME = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$/i;
const EMAIL = /^[^\s@<>()[\]\\,;:"]+@[^\s@<>()[\]\\,;:"]+$/;

/**
 * Checks the resolved options once, at boot. Each rule throws a `MessagingGatewayConfigError`
 * naming the environment variable (and the option path) and the fix.
 * @publicApi
 */
export function validateMessagingGatewayOptions(o: ResolvedMessagingGatewayOptions): void {
  validateInbound(o);
  validateReplyTokens(o);
  validateMessagesApi(o);
  validateWebhook(o);
  if (o.inbound.mode !== 'webhook') validateImap(o);
  if (o.outbound.enabled) validateOutbound(o);
  validateRedis(o);
}

function fail(setting: string, problem: string, fix: string): never {
  throw new MessagingGatewayConfigError(setting, problem, fix);
}

function positiveInteger(setting: string, value: number, max = Number.MAX_SAFE_INTEGER): void {
  if (!Number.isInteger(value) || value <= 0 || value > max) {
    fail(
      setting,
      `${value} is not a whole number between 1 and ${max}`,
      `set ${setting.split(' ')[0]} to such a number`,
    );
  }
}

function port(setting: string, value: number): void {
  if (!Number.isInteger(value) || value < 1 || value > 65535) {
    fail(setting, `${value} is not a valid port`, 'use a port between 1 and 65535');
  }
}

function httpUrl(setting: string, value: string): void {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return fail(
      setting,
      `"${value}" is not a URL`,
      'give an absolute http(s) URL, e.g. http://localhost:3000/api/v1/messages',
    );
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    fail(setting, `"${url.protocol}" URLs are not supported`, 'use an http:// or https:// URL');
  }
}

function secret(setting: string, value: string): void {
  if (value.length < MIN_SECRET_LENGTH) {
    fail(
      setting,
      `the secret is too short (${value.length} characters, at least ${MIN_SECRET_LENGTH} needed)`,
      GENERATE_SECRET,
    );
  }
  if (new Set(value).size < 8) {
    fail(setting, 'the secret repeats too few distinct characters to be random', GENERATE_SECRET);
  }
}

function validateInbound(o: ResolvedMessagingGatewayOptions): void {
  const { inbound } = o;
  if (!['webhook', 'imap', 'both'].includes(inbound.mode)) {
    fail('EMAIL_INBOUND_MODE (inbound.mode)', `unknown mode "${inbound.mode}"`, 'use webhook, imap or both');
  }
  positiveInteger('inbound.maxMessageBytes', inbound.maxMessageBytes);
  positiveInteger('inbound.maxParts', inbound.maxParts);
  positiveInteger('inbound.parseTimeoutMs', inbound.parseTimeoutMs);
  positiveInteger('inbound.concurrency', inbound.concurrency, 256);
  positiveInteger('inbound.sweepIntervalMs', inbound.sweepIntervalMs);
  positiveInteger('inbound.stuckAfterMs', inbound.stuckAfterMs);
  if (typeof inbound.runWorker !== 'boolean' || typeof inbound.processInline !== 'boolean') {
    fail(
      'EMAIL_INBOUND_WORKER / EMAIL_INBOUND_PROCESS_INLINE (inbound.runWorker / inbound.processInline)',
      'not a boolean',
      'set true or false',
    );
  }
  if (!Number.isInteger(inbound.rawRetentionDays) || inbound.rawRetentionDays < 0) {
    fail(
      'inbound.rawRetentionDays',
      `${inbound.rawRetentionDays} is not a whole number of days`,
      'use 0 (keep forever) or more',
    );
  }
}

function validateReplyTokens(o: ResolvedMessagingGatewayOptions): void {
  const { replyTokens } = o;
  if (!replyTokens.domain) {
    fail(
      'EMAIL_REPLY_DOMAIN (replyTokens.domain)',
      'not set',
      'set it to the domain that receives replies, e.g. reply.example.com',
    );
  }
  if (!HOSTNAME.test(replyTokens.domain)) {
    fail(
      'EMAIL_REPLY_DOMAIN (replyTokens.domain)',
      `"${replyTokens.domain}" is not a domain name`,
      'give a bare domain such as reply.example.com',
    );
  }
  const single = replyTokens.secrets.length === 1 && replyTokens.secrets[0].kid === '1';
  const setting = single ? 'EMAIL_REPLY_SECRET (replyTokens.secrets)' : 'EMAIL_REPLY_SECRETS (replyTokens.secrets)';
  if (replyTokens.secrets.length === 0) {
    fail('EMAIL_REPLY_SECRET (replyTokens.secrets)', 'not set: reply addresses cannot be signed', GENERATE_SECRET);
  }
  const kids = new Set<string>();
  for (const { kid, secret: value } of replyTokens.secrets) {
    if (!/^[a-z0-9]{1,8}$/.test(kid)) {
      fail(setting, `key id "${kid}" is not 1 to 8 characters of a-z and 0-9`, 'rename the key id');
    }
    if (kids.has(kid)) fail(setting, `key id "${kid}" appears twice`, 'give every key its own id');
    kids.add(kid);
    secret(setting, value);
  }
  positiveInteger('EMAIL_REPLY_TOKEN_MAX_AGE_DAYS (replyTokens.maxAgeDays)', replyTokens.maxAgeDays, 3650);
  if (!['v2', 'legacy'].includes(replyTokens.format)) {
    fail('EMAIL_REPLY_TOKEN_FORMAT (replyTokens.format)', `unknown format "${replyTokens.format}"`, 'use v2 or legacy');
  }
}

function validateMessagesApi(o: ResolvedMessagingGatewayOptions): void {
  const { messagesApi } = o;
  positiveInteger('messagesApi.timeoutMs', messagesApi.timeoutMs);
  if (!Number.isInteger(messagesApi.retries) || messagesApi.retries < 0 || messagesApi.retries > 10) {
    fail('messagesApi.retries', `${messagesApi.retries} is out of range`, 'use 0 to 10');
  }
  if (o.messagesApiClient) return;
  if (!messagesApi.baseUrl) {
    fail(
      'MESSAGES_API_BASE_URL (messagesApi.baseUrl)',
      'not set',
      'set it to the Messages API, e.g. http://localhost:3000/api/v1/messages, or give messagesApiClient',
    );
  }
  httpUrl('MESSAGES_API_BASE_URL (messagesApi.baseUrl)', messagesApi.baseUrl);
  if (!messagesApi.apiKey) {
    fail('MESSAGES_API_KEY (messagesApi.apiKey)', 'not set', 'set it to the bearer key the Messages API expects');
  }
}

function validateWebhook(o: ResolvedMessagingGatewayOptions): void {
  const { webhook } = o;
  if (webhook.secret !== undefined) secret('EMAIL_WEBHOOK_SECRET (webhook.secret)', webhook.secret);
  positiveInteger('EMAIL_WEBHOOK_MAX_AGE (webhook.maxAgeMs)', webhook.maxAgeMs);
  positiveInteger('EMAIL_WEBHOOK_MAX_BYTES (webhook.maxBodyBytes)', webhook.maxBodyBytes);
  positiveInteger('webhook.rateLimitPerMinute', webhook.rateLimitPerMinute);
  if (webhook.allowUnsigned && o.production) {
    fail(
      'EMAIL_WEBHOOK_ALLOW_UNSIGNED (webhook.allowUnsigned)',
      'unsigned webhooks are refused in production',
      'unset it and configure the provider secret',
    );
  }
  if (webhook.basicAuth !== undefined && !/^[^:]+:.+$/.test(webhook.basicAuth)) {
    fail('EMAIL_WEBHOOK_BASIC_AUTH (webhook.basicAuth)', 'not in user:pass form', 'write it as user:password');
  }
  if (webhook.resendWebhookSecret !== undefined && !webhook.resendWebhookSecret.startsWith('whsec_')) {
    fail(
      'RESEND_WEBHOOK_SECRET (webhook.resendWebhookSecret)',
      'does not start with whsec_',
      "copy the signing secret from Resend's webhook page",
    );
  }
  httpUrl('RESEND_API_BASE_URL (webhook.resendApiBaseUrl)', webhook.resendApiBaseUrl);
  if (webhook.mandrillWebhookKey !== undefined) {
    if (!webhook.mandrillWebhookUrl) {
      fail(
        'MANDRILL_WEBHOOK_URL (webhook.mandrillWebhookUrl)',
        'not set while MANDRILL_WEBHOOK_KEY is',
        'set it to the exact URL registered at Mandrill: it is part of the signature',
      );
    }
    httpUrl('MANDRILL_WEBHOOK_URL (webhook.mandrillWebhookUrl)', webhook.mandrillWebhookUrl);
  }
  if (webhook.sendgridPublicKey !== undefined) {
    try {
      createPublicKey({ key: Buffer.from(webhook.sendgridPublicKey, 'base64'), format: 'der', type: 'spki' });
    } catch {
      fail(
        'SENDGRID_INBOUND_PUBLIC_KEY (webhook.sendgridPublicKey)',
        'not a base64 DER public key',
        "paste the verification key exactly as SendGrid's settings page shows it",
      );
    }
  }
  for (const arn of webhook.sesTopicArns) {
    if (!/^arn:aws(-[a-z]+)*:sns:[a-z0-9-]+:\d{12}:[\w-]+$/.test(arn)) {
      fail(
        'SES_SNS_TOPIC_ARNS (webhook.sesTopicArns)',
        `"${arn}" is not an SNS topic ARN`,
        'list ARNs like arn:aws:sns:us-east-1:123456789012:inbound, comma separated',
      );
    }
  }
}

function validateImap(o: ResolvedMessagingGatewayOptions): void {
  const { imap } = o;
  const why = `EMAIL_INBOUND_MODE is ${o.inbound.mode}`;
  if (!imap.host)
    fail(
      'EMAIL_IMAP_HOST (imap.host)',
      `not set while ${why}`,
      'set the IMAP server host, or use EMAIL_INBOUND_MODE=webhook',
    );
  port('EMAIL_IMAP_PORT (imap.port)', imap.port);
  if (!imap.user) fail('EMAIL_IMAP_USER (imap.user)', `not set while ${why}`, 'set the mailbox login');
  if (!imap.pass) fail('EMAIL_IMAP_PASS (imap.pass)', `not set while ${why}`, 'set the mailbox password');
  if (imap.secure && imap.starttls) {
    fail(
      'EMAIL_IMAP_STARTTLS (imap.starttls)',
      'set together with EMAIL_IMAP_SECURE',
      'use EMAIL_IMAP_SECURE for port 993 or EMAIL_IMAP_STARTTLS for 143, not both',
    );
  }
  if (!Number.isInteger(imap.pollIntervalMs) || imap.pollIntervalMs < 1000) {
    fail(
      'EMAIL_IMAP_POLL_INTERVAL (imap.pollIntervalMs)',
      `${imap.pollIntervalMs} ms is too short`,
      'use 1000 ms or more (it is in milliseconds)',
    );
  }
  mailboxName('EMAIL_IMAP_MAILBOX (imap.mailbox)', imap.mailbox);
  if (imap.processedMailbox !== undefined) {
    mailboxName('EMAIL_IMAP_PROCESSED_MAILBOX (imap.processedMailbox)', imap.processedMailbox);
    if (imap.processedMailbox.toUpperCase() === imap.mailbox.toUpperCase()) {
      fail(
        'EMAIL_IMAP_PROCESSED_MAILBOX (imap.processedMailbox)',
        'is the mailbox being read',
        'name another folder, e.g. Processed, or leave it unset to flag \\Seen only',
      );
    }
  }
}

/**
 * Mailbox names go into IMAP commands: control characters could end a command line and start
 * another (CR/LF injection), and `*` / `%` are LIST wildcards (RFC 3501 6.3.8). imapflow quotes
 * and encodes the rest (modified UTF-7, RFC 3501 5.1.3).
 */
function mailboxName(setting: string, value: string): void {
  if (typeof value !== 'string' || value.trim() === '' || value.length > 255) {
    fail(setting, 'is empty or longer than 255 characters', 'give a folder name such as INBOX or Processed');
  }
  if (/[\u0000-\u001f\u007f*%]/.test(value)) {
    fail(setting, 'contains a control character, * or %', 'use a plain folder name, e.g. INBOX or Support/Inbound');
  }
}

function validateOutbound(o: ResolvedMessagingGatewayOptions): void {
  const { outbound } = o;
  const { smtp } = outbound;
  if (!outbound.from)
    fail(
      'SMTP_FROM (outbound.from)',
      'not set while EMAIL_OUTBOUND_ENABLED is true',
      'set the sender address, e.g. support@example.com, or EMAIL_OUTBOUND_ENABLED=false',
    );
  if (!EMAIL.test(outbound.from))
    fail(
      'SMTP_FROM (outbound.from)',
      `"${outbound.from}" is not an email address`,
      'give a bare address such as support@example.com',
    );
  if (/[\r\n\0]/.test(outbound.fromName))
    fail('SMTP_FROM_NAME (outbound.fromName)', 'contains line breaks', 'use a single-line name');
  positiveInteger('EMAIL_EXPIRY_HOURS (outbound.expiryHours)', outbound.expiryHours);
  positiveInteger('outbound.maxPerSecond', outbound.maxPerSecond);
  positiveInteger('outbound.maxPerRecipientPerHour', outbound.maxPerRecipientPerHour);
  positiveInteger('outbound.maxPerThreadPerHour', outbound.maxPerThreadPerHour);
  positiveInteger('outbound.concurrency', outbound.concurrency, 256);
  if (/[\r\n\0]/.test(outbound.fromFormat) || !outbound.fromFormat.includes('{sender}'))
    fail(
      'SMTP_FROM_FORMAT (outbound.fromFormat)',
      'must be one line containing {sender}',
      'use e.g. "{sender} via {product}" or "{sender} ({product})"',
    );
  if (outbound.templatesDir !== undefined && !existsSync(outbound.templatesDir))
    fail(
      'outbound.templatesDir',
      `folder "${outbound.templatesDir}" does not exist`,
      'give the folder holding email.html.hbs and/or email.text.hbs, or leave it unset',
    );
  if (outbound.listUnsubscribe !== undefined && !/^(https:\/\/|mailto:)[^\s<>,]+$/.test(outbound.listUnsubscribe))
    fail(
      'outbound.listUnsubscribe',
      `"${outbound.listUnsubscribe}" is not an https: or mailto: URL`,
      'give e.g. https://example.com/unsubscribe or mailto:unsubscribe@example.com',
    );
  positiveInteger('EMAIL_SOFT_BOUNCE_THRESHOLD (outbound.softBounceThreshold)', outbound.softBounceThreshold, 1000);
  if (!['plain', 'starttls', 'tls'].includes(smtp.security)) {
    fail('SMTP_SECURITY (outbound.smtp.security)', `unknown mode "${smtp.security}"`, 'use plain, starttls or tls');
  }
  port('SMTP_PORT (outbound.smtp.port)', smtp.port);
  positiveInteger('SMTP_TIMEOUT_MS (outbound.smtp.timeoutMs)', smtp.timeoutMs);
  if (smtp.user && !smtp.pass)
    fail('SMTP_PASS (outbound.smtp.pass)', 'not set while SMTP_USER is', 'set the SMTP password');
  if (!smtp.host && !o.emailQueueService) {
    fail(
      'SMTP_HOST (outbound.smtp.host)',
      'not set while EMAIL_OUTBOUND_ENABLED is true',
      'set the SMTP server, or EMAIL_OUTBOUND_ENABLED=false',
    );
  }
  if (smtp.host && !HOSTNAME.test(smtp.host))
    fail('SMTP_HOST (outbound.smtp.host)', `"${smtp.host}" is not a host name`, 'give a host name or IP address');
  if (smtp.backup) {
    if (!HOSTNAME.test(smtp.backup.host))
      fail(
        'SMTP_BACKUP_HOST (outbound.smtp.backup.host)',
        `"${smtp.backup.host}" is not a host name`,
        'give a host name or IP address',
      );
    port('SMTP_BACKUP_PORT (outbound.smtp.backup.port)', smtp.backup.port ?? 0);
  }
}

function validateRedis(o: ResolvedMessagingGatewayOptions): void {
  let url: URL;
  try {
    url = new URL(o.redis.url);
  } catch {
    return fail('REDIS_URL (redis.url)', `"${o.redis.url}" is not a URL`, 'use redis://host:6379 or rediss:// for TLS');
  }
  if (url.protocol !== 'redis:' && url.protocol !== 'rediss:') {
    fail('REDIS_URL (redis.url)', `"${url.protocol}" is not a Redis URL`, 'use redis://host:6379 or rediss:// for TLS');
  }
  if (!/^[\w:.-]{1,64}$/.test(o.redis.prefix)) {
    fail(
      'redis.prefix',
      `"${o.redis.prefix}" has characters that do not belong in a key prefix`,
      'use letters, digits, _ - . and :',
    );
  }
}
