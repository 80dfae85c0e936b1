import { type Fail, fromText, group, optional, type OptionContext, withDefault } from '../option';
import { rules } from '../option-rules';

/** How the receiver logs in: a password (LOGIN/PLAIN), or an OAuth2 access token (XOAUTH2/OAUTHBEARER). @publicApi */
export type ImapAuthMode = 'password' | 'oauth2';

/**
 * A host's own source of IMAP access tokens (`imap.accessToken`), called before every login.
 * `forceRefresh` is true after the server refused the token it gave last: return a new one, not
 * a cached one. A function that takes no argument fits too.
 */
export type ImapAccessTokenProvider = (request: { forceRefresh: boolean }) => Promise<string>;

/** Everything here is required once IMAP is on: the group is only checked in `imap` and `both` modes. */
const inImapMode = (problem: string, fix: string) => ({
  requiredWhen: () => true,
  missing: { problem: ({ root }: OptionContext) => `${problem} while EMAIL_INBOUND_MODE is ${inboundMode(root)}`, fix },
});
const inboundMode = (root: Record<string, unknown>): unknown => (root.inbound as { mode?: unknown } | undefined)?.mode;

const imapGroup = (root: Record<string, unknown>): Record<string, unknown> =>
  (root.imap as Record<string, unknown> | undefined) ?? {};
/** The built-in token flow runs under oauth2 unless the host gives its own token provider. */
const builtInTokenFlow = (root: Record<string, unknown>): boolean =>
  imapGroup(root).auth === 'oauth2' && imapGroup(root).accessToken === undefined;

/** Without a refresh token the built-in flow uses client credentials, which need a secret and a scope. */
const clientCredentialsGrant = ({ resolved }: OptionContext): boolean => resolved.refreshToken === undefined;

/**
 * The token endpoint receives the client secret or refresh token: https only, except on the
 * loopback interface (a local proxy or a test server). Credentials belong in their variables,
 * not in the URL, where they would reach logs.
 */
function tokenEndpointUrl(value: string, fail: Fail): void {
  rules.httpUrl(value, fail);
  const url = new URL(value);
  if (url.username || url.password) {
    fail('carries credentials in the URL', 'put them in EMAIL_IMAP_OAUTH_CLIENT_ID and EMAIL_IMAP_OAUTH_CLIENT_SECRET');
  }
  const loopback = ['127.0.0.1', '[::1]', 'localhost'].includes(url.hostname);
  if (url.protocol !== 'https:' && !loopback) {
    fail('is not https (the client secret would travel in clear)', 'use the https:// token endpoint of the provider');
  }
}

/**
 * The built-in OAuth2 client (RFC 6749): the refresh token grant when a refresh token is set,
 * else client credentials. Read only under `EMAIL_IMAP_AUTH=oauth2` without `imap.accessToken`.
 */
const oauthOptions = group(
  {
    /** Token endpoint, e.g. https://login.microsoftonline.com/<tenant>/oauth2/v2.0/token (EMAIL_IMAP_OAUTH_TOKEN_URL). */
    tokenUrl: optional<string>({
      env: 'EMAIL_IMAP_OAUTH_TOKEN_URL',
      requiredWhen: () => true,
      missing: {
        problem: 'not set while EMAIL_IMAP_AUTH is oauth2',
        fix: "set the provider's token endpoint (Microsoft 365: https://login.microsoftonline.com/<tenant>/oauth2/v2.0/token, Google: https://oauth2.googleapis.com/token), or give imap.accessToken",
      },
      check: tokenEndpointUrl,
    }),
    /** Application (client) id of the app registration (EMAIL_IMAP_OAUTH_CLIENT_ID). */
    clientId: optional<string>({
      env: 'EMAIL_IMAP_OAUTH_CLIENT_ID',
      requiredWhen: () => true,
      missing: { problem: 'not set while EMAIL_IMAP_AUTH is oauth2', fix: 'set the client id of the app registration' },
    }),
    /** Client secret (EMAIL_IMAP_OAUTH_CLIENT_SECRET). Required for client credentials; a public client's refresh token needs none. */
    clientSecret: optional<string>({
      env: 'EMAIL_IMAP_OAUTH_CLIENT_SECRET',
      requiredWhen: clientCredentialsGrant,
      missing: {
        problem: 'not set: the client credentials grant needs one',
        fix: 'set the client secret of the app registration, or EMAIL_IMAP_OAUTH_REFRESH_TOKEN for the refresh token grant',
      },
    }),
    /** Refresh token of the mailbox's consent (EMAIL_IMAP_OAUTH_REFRESH_TOKEN); unset: client credentials. */
    refreshToken: optional<string>({ env: 'EMAIL_IMAP_OAUTH_REFRESH_TOKEN' }),
    /** Scope asked for (EMAIL_IMAP_OAUTH_SCOPE). Required for client credentials. */
    scope: optional<string>({
      env: 'EMAIL_IMAP_OAUTH_SCOPE',
      requiredWhen: clientCredentialsGrant,
      missing: {
        problem: 'not set: the client credentials grant needs a scope',
        fix: 'set it (Microsoft 365: https://outlook.office365.com/.default), or EMAIL_IMAP_OAUTH_REFRESH_TOKEN for the refresh token grant',
      },
      check: rules.singleLine,
    }),
  },
  { validateWhen: builtInTokenFlow },
);

/** The IMAP ingress: which server and mailbox to read. */
export const imapOptions = group(
  {
    /** Server host (EMAIL_IMAP_HOST). Required in `imap` and `both` modes. */
    host: optional<string>({
      env: 'EMAIL_IMAP_HOST',
      ...inImapMode('not set', 'set the IMAP server host, or use EMAIL_INBOUND_MODE=webhook'),
    }),
    /** Server port (EMAIL_IMAP_PORT). @default 993 */
    port: withDefault(993, { env: 'EMAIL_IMAP_PORT', parse: fromText.integer, check: rules.port }),
    /** Login (EMAIL_IMAP_USER). */
    user: optional<string>({ env: 'EMAIL_IMAP_USER', ...inImapMode('not set', 'set the mailbox login') }),
    /** How to log in (EMAIL_IMAP_AUTH): `password`, or `oauth2` (Microsoft 365, Gmail). @default 'password' */
    auth: withDefault<ImapAuthMode>('password', {
      env: 'EMAIL_IMAP_AUTH',
      parse: (text) => text.toLowerCase() as ImapAuthMode,
      check: rules.oneOf<ImapAuthMode>(['password', 'oauth2'], 'login method'),
    }),
    /** Password (EMAIL_IMAP_PASS, read as is: spaces count). Required when `auth` is `password`. */
    pass: optional<string>({
      env: 'EMAIL_IMAP_PASS',
      fromEnv: (env) => env.EMAIL_IMAP_PASS || undefined,
      ...inImapMode('not set', 'set the mailbox password, or EMAIL_IMAP_AUTH=oauth2 to log in with OAuth2'),
      requiredWhen: ({ resolved }) => resolved.auth !== 'oauth2',
    }),
    /**
     * The host's token provider under `oauth2`, for hosts that already manage tokens (MSAL, a
     * Google service account …); it takes precedence over the built-in flow of `imap.oauth`.
     * No environment variable.
     */
    accessToken: optional<ImapAccessTokenProvider>({
      check: (value, fail, { resolved }) => {
        if (typeof value !== 'function') fail('is not a function', 'give a function that resolves to an access token');
        if (resolved.auth !== 'oauth2') {
          fail('given while EMAIL_IMAP_AUTH is password', "set EMAIL_IMAP_AUTH=oauth2 (or imap.auth: 'oauth2')");
        }
      },
    }),
    /** The built-in OAuth2 token flow (EMAIL_IMAP_OAUTH_*), used under `oauth2` without `accessToken`. */
    oauth: oauthOptions,
    /** Implicit TLS (EMAIL_IMAP_SECURE). @default true on port 993, else false */
    secure: withDefault(({ resolved }) => resolved.port === 993, {
      env: 'EMAIL_IMAP_SECURE',
      parse: fromText.boolean,
    }),
    /** Require STARTTLS on a plain connection (EMAIL_IMAP_STARTTLS). @default false */
    starttls: withDefault(false, {
      env: 'EMAIL_IMAP_STARTTLS',
      parse: fromText.boolean,
      check: (value, fail, { resolved }) => {
        if (value && resolved.secure) {
          fail(
            'set together with EMAIL_IMAP_SECURE',
            'use EMAIL_IMAP_SECURE for port 993 or EMAIL_IMAP_STARTTLS for 143, not both',
          );
        }
      },
    }),
    /** Reject invalid server certificates (EMAIL_IMAP_TLS_REJECT_UNAUTHORIZED). @default true */
    tlsRejectUnauthorized: withDefault(true, { env: 'EMAIL_IMAP_TLS_REJECT_UNAUTHORIZED', parse: fromText.boolean }),
    /** Poll interval in ms when IDLE is unavailable, and the fallback check (EMAIL_IMAP_POLL_INTERVAL). @default 60000 */
    pollIntervalMs: withDefault(60_000, {
      env: 'EMAIL_IMAP_POLL_INTERVAL',
      parse: fromText.integer,
      check: (value, fail) => {
        if (!Number.isInteger(value) || value < 1000)
          fail(`${value} ms is too short`, 'use 1000 ms or more (it is in milliseconds)');
      },
    }),
    /** Mailbox to read (EMAIL_IMAP_MAILBOX). @default 'INBOX' */
    mailbox: withDefault('INBOX', { env: 'EMAIL_IMAP_MAILBOX', check: rules.imapMailboxName }),
    /** Move processed mail there; unset flags `\Seen` only (EMAIL_IMAP_PROCESSED_MAILBOX). */
    processedMailbox: optional<string>({
      env: 'EMAIL_IMAP_PROCESSED_MAILBOX',
      check: (value, fail, { resolved }) => {
        rules.imapMailboxName(value, fail);
        if (value.toUpperCase() === String(resolved.mailbox).toUpperCase()) {
          fail(
            'is the mailbox being read',
            'name another folder, e.g. Processed, or leave it unset to flag \\Seen only',
          );
        }
      },
    }),
  },
  { validateWhen: (root) => inboundMode(root) !== 'webhook' },
);
