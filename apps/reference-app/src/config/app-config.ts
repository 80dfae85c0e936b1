import { readBoolean, readList, readPositiveInteger } from './env-values';
import { refuseUnsafeProductionSettings } from './production-safety';

/** Settings of the transactional relay (`POST /webhook/outbound-email`). */
export interface RelayConfig {
  /** HMAC secret of X-TransLife-Signature (RELAY_WEBHOOK_SECRET). */
  secret?: string;
  /** Accept unsigned requests when no secret is set (RELAY_ALLOW_UNSIGNED); refused in production. @default false */
  allowUnsigned: boolean;
  /**
   * Refuse a signature without X-TransLife-Timestamp (RELAY_REQUIRE_TIMESTAMP). false accepts an
   * HMAC over the body alone, which is valid forever (a captured request can be replayed). @default true
   */
  requireTimestamp: boolean;
  /** Caller IPs allowed; empty allows all (RELAY_IP_ALLOWLIST, comma separated). */
  ipAllowlist: string[];
  /** The only domain relay mail may be sent from (RELAY_ALLOWED_SENDER_DOMAIN). Unset: 503. */
  allowedSenderDomain?: string;
  /** Local part used when the caller gives none (RELAY_DEFAULT_LOCAL_PART). @default 'no-reply' */
  defaultLocalPart: string;
  /** Let callers choose any `fromLocalPart` (RELAY_ALLOW_ANY_LOCAL_PART). @default false */
  allowAnyLocalPart: boolean;
  /** JSON-lines delivery log, capped at `logMaxBytes` (RELAY_LOG_FILE). @default '.data/relay-delivery.log' */
  logFile: string;
  /** @default 5 MB */
  logMaxBytes: number;
}

/**
 * Settings of the reference app itself (the gateway reads its own from the same environment).
 * Also the injection token through which the app's services read them.
 */
export class AppConfig {
  port!: number;
  production!: boolean;
  databaseUrl!: string;
  redisUrl!: string;
  /** Apply pending migrations at start (DATABASE_MIGRATIONS_RUN). @default true */
  migrationsRun!: boolean;
  /** Base URL people open (PUBLIC_WEB_URL). @default http://127.0.0.1:PORT */
  publicUrl!: string;
  /** The bearer key of the Messages API (MESSAGES_API_KEY). */
  messagesApiKey!: string;
  /** Signs session and CSRF cookies (SESSION_SECRET). */
  sessionSecret!: string;
  /** The admin created or updated at start (ADMIN_EMAIL / ADMIN_PASSWORD). */
  admin!: { email?: string; password?: string };
  /** Bearer token for /metrics and /health/detailed (OPERATIONS_TOKEN); unset: an admin session only. */
  operationsToken?: string;
  /** Limits of the login and relay throttles (LOGIN_ATTEMPTS_PER_ADDRESS, LOGIN_ATTEMPTS_PER_IP per 15 minutes; RELAY_RATE_LIMIT_PER_MINUTE). */
  throttles!: { loginPerAddress: number; loginPerIp: number; relayPerMinute: number };
  /** Variables generated for this machine by the development defaults: the only secrets the banner may print. */
  generatedSecrets!: ReadonlySet<string>;
  /** In-process SMTP capture server (DEV_MAIL_CAPTURE, DEV_MAIL_CAPTURE_PORT); never in production. */
  devMailCapture!: { enabled: boolean; port: number };
  /** Generic webhook secret, used by the dev mailbox to post customer mail (EMAIL_WEBHOOK_SECRET). */
  webhookSecret?: string;
  /** The support address customers write to (SMTP_FROM). */
  supportAddress!: string;
  relay!: RelayConfig;
  /** The environment the gateway reads, after development defaults were filled in. */
  env!: NodeJS.ProcessEnv;
}

export const DEFAULT_PORT = 3000;
export const DEFAULT_DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/messaging_gateway';
export const DEFAULT_REDIS_URL = 'redis://127.0.0.1:6379';
export const DEFAULT_DEV_MAIL_CAPTURE_PORT = 1025;
/** The MAIL_API relay keeps its delivery log under 5 MB. */
export const RELAY_LOG_MAX_BYTES = 5 * 1024 * 1024;

/** Per 15 minutes: enough for a person who mistypes, far too few to guess a password. */
export const DEFAULT_LOGIN_ATTEMPTS_PER_ADDRESS = 10;
export const DEFAULT_LOGIN_ATTEMPTS_PER_IP = 50;
export const DEFAULT_RELAY_RATE_LIMIT_PER_MINUTE = 60;

export function loadAppConfig(env: NodeJS.ProcessEnv, generatedSecrets: ReadonlySet<string> = new Set()): AppConfig {
  const port = readPort('PORT', env.PORT, DEFAULT_PORT);
  const production = env.NODE_ENV === 'production';
  const sessionSecret = env.SESSION_SECRET ?? '';
  if (sessionSecret.length < 32) {
    throw new Error('SESSION_SECRET: missing or shorter than 32 characters; generate one with openssl rand -hex 32.');
  }
  const operationsToken = env.OPERATIONS_TOKEN || undefined;
  if (operationsToken !== undefined && operationsToken.length < 32) {
    throw new Error('OPERATIONS_TOKEN: shorter than 32 characters; generate one with openssl rand -hex 32.');
  }
  if (production) refuseUnsafeProductionSettings(env);
  return Object.assign(new AppConfig(), {
    port,
    production,
    databaseUrl: env.DATABASE_URL || DEFAULT_DATABASE_URL,
    redisUrl: env.REDIS_URL || DEFAULT_REDIS_URL,
    migrationsRun: readBoolean('DATABASE_MIGRATIONS_RUN', env.DATABASE_MIGRATIONS_RUN, true),
    publicUrl: (env.PUBLIC_WEB_URL || `http://127.0.0.1:${port}`).replace(/\/+$/, ''),
    messagesApiKey: env.MESSAGES_API_KEY ?? '',
    sessionSecret,
    admin: { email: env.ADMIN_EMAIL?.trim() || undefined, password: env.ADMIN_PASSWORD || undefined },
    operationsToken,
    throttles: {
      loginPerAddress: readPositiveInteger(
        'LOGIN_ATTEMPTS_PER_ADDRESS',
        env.LOGIN_ATTEMPTS_PER_ADDRESS,
        DEFAULT_LOGIN_ATTEMPTS_PER_ADDRESS,
      ),
      loginPerIp: readPositiveInteger(
        'LOGIN_ATTEMPTS_PER_IP',
        env.LOGIN_ATTEMPTS_PER_IP,
        DEFAULT_LOGIN_ATTEMPTS_PER_IP,
      ),
      relayPerMinute: readPositiveInteger(
        'RELAY_RATE_LIMIT_PER_MINUTE',
        env.RELAY_RATE_LIMIT_PER_MINUTE,
        DEFAULT_RELAY_RATE_LIMIT_PER_MINUTE,
      ),
    },
    generatedSecrets,
    devMailCapture: {
      enabled: !production && readBoolean('DEV_MAIL_CAPTURE', env.DEV_MAIL_CAPTURE, false),
      port: readPort('DEV_MAIL_CAPTURE_PORT', env.DEV_MAIL_CAPTURE_PORT, DEFAULT_DEV_MAIL_CAPTURE_PORT),
    },
    webhookSecret: env.EMAIL_WEBHOOK_SECRET || undefined,
    supportAddress: env.SMTP_FROM || 'support@localhost',
    relay: {
      secret: env.RELAY_WEBHOOK_SECRET || undefined,
      allowUnsigned: readBoolean('RELAY_ALLOW_UNSIGNED', env.RELAY_ALLOW_UNSIGNED, false),
      requireTimestamp: readBoolean('RELAY_REQUIRE_TIMESTAMP', env.RELAY_REQUIRE_TIMESTAMP, true),
      ipAllowlist: readList(env.RELAY_IP_ALLOWLIST),
      allowedSenderDomain: env.RELAY_ALLOWED_SENDER_DOMAIN?.trim().toLowerCase() || undefined,
      defaultLocalPart: env.RELAY_DEFAULT_LOCAL_PART?.trim() || 'no-reply',
      allowAnyLocalPart: readBoolean('RELAY_ALLOW_ANY_LOCAL_PART', env.RELAY_ALLOW_ANY_LOCAL_PART, false),
      logFile: env.RELAY_LOG_FILE || '.data/relay-delivery.log',
      logMaxBytes: RELAY_LOG_MAX_BYTES,
    },
    env,
  });
}

function readPort(name: string, value: string | undefined, fallback: number): number {
  const port = Number(value ?? fallback);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`${name}: "${value}" is not a port; use a number between 1 and 65535.`);
  }
  return port;
}
