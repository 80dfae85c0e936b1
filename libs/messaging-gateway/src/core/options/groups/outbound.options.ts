import { existsSync } from 'node:fs';
import { MessagingGatewayConfigError } from '../../errors/messaging-gateway-config.error';
import { fromText, group, optional, optionalGroup, type OptionContext, required, withDefault } from '../option';
import { EMAIL_ADDRESS, rules } from '../option-rules';
import { dkimSigningOptions } from './dkim-signing.options';

/** How the SMTP connection is secured: `tls` = implicit TLS (465), `starttls` = upgrade (587). @publicApi */
export type SmtpSecurity = 'plain' | 'starttls' | 'tls';

/** The port each security mode gets when SMTP_PORT is unset. */
const SMTP_DEFAULT_PORTS: Record<SmtpSecurity, number> = { plain: 25, starttls: 587, tls: 465 };

/** The security a port implies when SMTP_SECURITY is unset: 465 tls, 25 plain, anything else starttls. */
const securityOfPort = (port: unknown): SmtpSecurity => (port === 465 ? 'tls' : port === 25 ? 'plain' : 'starttls');

const DAY_MS = 24 * 3_600_000;
const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };
/** 1 s, 2 s, 4 s, 30 s, 1 min, 2 min, 5 min, 10 min, 15 min, then every 30 min (Postfix-like). */
const DEFAULT_RETRY_SCHEDULE = [1, 2, 4, 30, 60, 120, 300, 600, 900, 1800].map((seconds) => seconds * 1000);

/** `1s,2s,30s,5m` → milliseconds; a token that is not a duration stops the boot naming the variable. */
function parseRetrySchedule(text: string, variable: string): number[] {
  return text.split(',').map((token) => {
    const match = /^\s*(\d+)\s*(ms|s|m|h)\s*$/.exec(token);
    if (!match) {
      throw new MessagingGatewayConfigError(
        variable,
        `"${token.trim()}" is not a duration`,
        'write e.g. 1s,2s,4s,30s,1m,5m,30m',
      );
    }
    return Number(match[1]) * UNIT_MS[match[2]];
  });
}

/** The gateway sends itself (no host `emailQueueService`), so it needs an SMTP server. */
const gatewaySends = ({ root }: OptionContext): boolean => !root.emailQueueService;

/** A server used when the primary cannot be reached. */
const backupServer = optionalGroup({
  /** Host (SMTP_BACKUP_HOST). */
  host: required<string>(
    { problem: 'not set while SMTP_BACKUP_PORT is', fix: 'set SMTP_BACKUP_HOST, or unset SMTP_BACKUP_PORT' },
    { env: 'SMTP_BACKUP_HOST', check: rules.hostname },
  ),
  /** Port (SMTP_BACKUP_PORT). @default the primary's port */
  port: withDefault(({ parent }) => parent?.port as number, {
    env: 'SMTP_BACKUP_PORT',
    parse: fromText.integer,
    check: rules.port,
  }),
});

/** SMTP delivery settings. */
const smtpOptions = group({
  /** Host (SMTP_HOST). Required when outbound is on and the gateway sends itself. */
  host: optional<string>({
    env: 'SMTP_HOST',
    requiredWhen: gatewaySends,
    missing: {
      problem: 'not set while EMAIL_OUTBOUND_ENABLED is true',
      fix: 'set the SMTP server, or EMAIL_OUTBOUND_ENABLED=false',
    },
    check: rules.hostname,
  }),
  /** Connection security (SMTP_SECURITY). @default by port: 465 tls, 25 plain, else starttls */
  security: withDefault<SmtpSecurity>(({ given }) => securityOfPort(given.port), {
    env: 'SMTP_SECURITY',
    parse: (text) => text as SmtpSecurity,
    check: rules.oneOf(['plain', 'starttls', 'tls'], 'mode'),
  }),
  /** Port (SMTP_PORT). @default by security: 25 plain, 587 starttls, 465 tls */
  port: withDefault(({ resolved }) => SMTP_DEFAULT_PORTS[resolved.security as SmtpSecurity], {
    env: 'SMTP_PORT',
    parse: fromText.integer,
    check: rules.port,
  }),
  /** Login (SMTP_USER). */
  user: optional<string>({ env: 'SMTP_USER' }),
  /** Password (SMTP_PASS, read as is). Required with SMTP_USER. */
  pass: optional<string>({
    env: 'SMTP_PASS',
    fromEnv: (env) => env.SMTP_PASS || undefined,
    requiredWhen: ({ resolved }) => Boolean(resolved.user),
    missing: { problem: 'not set while SMTP_USER is', fix: 'set the SMTP password' },
  }),
  /** Connection, greeting and socket timeout in ms (SMTP_TIMEOUT_MS). @default 30000 */
  timeoutMs: withDefault(30_000, { env: 'SMTP_TIMEOUT_MS', parse: fromText.integer, check: rules.positiveInteger() }),
  /** Reject invalid server certificates (SMTP_TLS_REJECT_UNAUTHORIZED). @default true */
  tlsRejectUnauthorized: withDefault(true, { env: 'SMTP_TLS_REJECT_UNAUTHORIZED', parse: fromText.boolean }),
  /** Used when the primary cannot be reached (SMTP_BACKUP_HOST, SMTP_BACKUP_PORT). */
  backup: backupServer,
});

/** The outbound path: who answers come from, how they are sent, and the limits that protect senders. */
export const outboundOptions = group(
  {
    /** Send agents' answers by email (EMAIL_OUTBOUND_ENABLED). @default true */
    enabled: withDefault(true, { env: 'EMAIL_OUTBOUND_ENABLED', parse: fromText.boolean }),
    /** Envelope and header From address (SMTP_FROM). Required when enabled. */
    from: optional<string>({
      env: 'SMTP_FROM',
      requiredWhen: () => true,
      missing: {
        problem: 'not set while EMAIL_OUTBOUND_ENABLED is true',
        fix: 'set the sender address, e.g. support@example.com, or EMAIL_OUTBOUND_ENABLED=false',
      },
      check: (value, fail) => {
        if (!EMAIL_ADDRESS.test(value))
          fail(`"${value}" is not an email address`, 'give a bare address such as support@example.com');
      },
    }),
    /** Display name of the product (SMTP_FROM_NAME). @default 'Support' */
    fromName: withDefault('Support', { env: 'SMTP_FROM_NAME', check: rules.singleLine }),
    /**
     * Display name of From when an agent answers: `{sender}` is the agent's display name,
     * `{product}` is `fromName` (SMTP_FROM_FORMAT). Mail without an agent uses `fromName` alone.
     * "Ann via Support", as Zendesk and Help Scout write it. @default '{sender} via {product}'
     */
    fromFormat: withDefault('{sender} via {product}', {
      env: 'SMTP_FROM_FORMAT',
      check: (value, fail) => {
        if (/[\r\n\0]/.test(value) || !value.includes('{sender}')) {
          fail('must be one line containing {sender}', 'use e.g. "{sender} via {product}" or "{sender} ({product})"');
        }
      },
    }),
    /**
     * Waits between attempts after a temporary failure (a refused connection, a timeout, a 4xx),
     * like an MTA's queue: quick tries first, then minutes; the last wait repeats until
     * EMAIL_EXPIRY_HOURS. Durations `500ms`, `30s`, `5m`, `1h`, comma separated (SMTP_RETRY_SCHEDULE).
     * @default 1s,2s,4s,30s,1m,2m,5m,10m,15m,30m
     */
    retrySchedule: withDefault<number[]>(DEFAULT_RETRY_SCHEDULE, {
      env: 'SMTP_RETRY_SCHEDULE',
      parse: parseRetrySchedule,
      check: (waits, fail) => {
        if (waits.length === 0 || waits.some((ms) => !Number.isInteger(ms) || ms < 100 || ms > DAY_MS)) {
          fail('needs one or more waits between 100ms and 24h', 'write it as e.g. 1s,2s,4s,30s,1m,5m,30m');
        }
      },
    }),
    /** An email not delivered within this many hours fails as `expired` (EMAIL_EXPIRY_HOURS). @default 48 */
    expiryHours: withDefault(48, {
      env: 'EMAIL_EXPIRY_HOURS',
      parse: fromText.integer,
      check: rules.positiveInteger(),
    }),
    /** Most emails handed to SMTP per second across all workers. @default 100 */
    maxPerSecond: withDefault(100, { check: rules.positiveInteger() }),
    /** Most emails to one recipient per hour; past it they are skipped as `rate_limited`. @default 30 */
    maxPerRecipientPerHour: withDefault(30, { check: rules.positiveInteger() }),
    /** Most emails in one thread per hour. @default 60 */
    maxPerThreadPerHour: withDefault(60, { check: rules.positiveInteger() }),
    /** How often the sweeper re-queues emails whose job is gone and expires old ones, in ms. @default 15000 */
    sweepIntervalMs: withDefault(15_000, { check: rules.positiveInteger() }),
    /** Outbound jobs processed at once by this process (SMTP connections are pooled). @default 10 */
    concurrency: withDefault(10, { check: rules.positiveInteger(256) }),
    /** Folder of host templates overriding the shipped ones (same file names). */
    templatesDir: optional<string>({
      check: (value, fail) => {
        if (!existsSync(value)) {
          fail(
            `folder "${value}" does not exist`,
            'give the folder holding email.html.hbs and/or email.text.hbs, or leave it unset',
          );
        }
      },
    }),
    /** Optional List-Unsubscribe URL or mailto added to automatic mail. */
    listUnsubscribe: optional<string>({
      check: (value, fail) => {
        if (!/^(https:\/\/|mailto:)[^\s<>,]+$/.test(value)) {
          fail(
            `"${value}" is not an https: or mailto: URL`,
            'give e.g. https://example.com/unsubscribe or mailto:unsubscribe@example.com',
          );
        }
      },
    }),
    /**
     * Soft bounces (full mailbox, greylisting, blocks …) an address may collect before it is
     * suppressed; a hard bounce suppresses at once (EMAIL_SOFT_BOUNCE_THRESHOLD). Three, as Postmark
     * and Mailgun count. @default 3
     */
    softBounceThreshold: withDefault(3, {
      env: 'EMAIL_SOFT_BOUNCE_THRESHOLD',
      parse: fromText.integer,
      check: rules.positiveInteger(1000),
    }),
    /** SMTP servers; with no host, outbound jobs fail with `smtp_not_configured`. */
    smtp: smtpOptions,
    /** DKIM signing of everything sent (SMTP_DKIM_DOMAIN, SMTP_DKIM_SELECTOR, SMTP_DKIM_PRIVATE_KEY[_FILE]). */
    dkim: dkimSigningOptions,
  },
  { validateWhen: (root) => (root.outbound as { enabled?: boolean }).enabled === true },
);
