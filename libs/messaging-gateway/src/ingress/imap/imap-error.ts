import type { ImapFlowError } from 'imapflow';
import { ErrorCode } from '../../core/errors/error-codes';
import { MessagingGatewayError } from '../../core/errors/messaging-gateway.error';
import { safeReason } from './safe-reason';

/** Node's TLS codes for a certificate the client does not trust. */
const CERTIFICATE_CODES = /CERT|SELF_SIGNED|UNABLE_TO_VERIFY|UNABLE_TO_GET_ISSUER|ERR_TLS_CERT_ALTNAME/;

/**
 * The reason a health check shows for a receiver failure, by code: stable words an operator can
 * alert on (`imap_auth_failed` needs a person; the others usually pass on their own).
 */
const REASON_BY_CODE: Partial<Record<string, string>> = {
  [ErrorCode.IMAP_AUTH]: 'imap_auth_failed',
  [ErrorCode.IMAP_OAUTH_TOKEN]: 'imap_token_unavailable',
  [ErrorCode.IMAP_CONNECTION]: 'imap_connection_failed',
  [ErrorCode.IMAP_MAILBOX]: 'imap_mailbox_unavailable',
  [ErrorCode.DATABASE]: 'database_unavailable',
};

/** A receiver failure as `getStatus()` and the log show it. */
export interface ImapFailure {
  code: string;
  reason: string;
  message: string;
}

/**
 * Turns whatever the IMAP session threw (imapflow, Node's socket and TLS layers, Postgres, the
 * OAuth2 token source) into a stable code, its reason and a message that says what to check.
 * Protocol detail is kept (command, server response code); credentials, tokens and bodies never
 * appear in these errors.
 */
export function describeImapError(error: unknown): ImapFailure {
  const { code, message } = describe(error);
  return { code, reason: REASON_BY_CODE[code] ?? 'imap_session_failed', message };
}

/**
 * The server refused the credentials themselves. `UNAVAILABLE` (RFC 5530) is not a refusal: the
 * server could not check them right now (its OAuth2 introspection endpoint was down …).
 */
export function isLoginRefused(error: unknown): boolean {
  const e = error as ImapFlowError | undefined;
  return !!e?.authenticationFailed && e.serverResponseCode !== 'UNAVAILABLE';
}

/**
 * The server refused an OAuth2 token, a freshly issued one included: the token does not grant
 * this mailbox. The server's words and its SASL error status (RFC 7628 3.2.2) are the reason.
 */
export function oauthLoginRefused(error: unknown): MessagingGatewayError {
  const e = error as ImapFlowError & { oauthError?: { status?: unknown } };
  const status = e.oauthError?.status === undefined ? undefined : `status ${String(e.oauthError.status)}`;
  const detail = safeReason([e.serverResponseCode, e.responseText ?? e.message, status].filter(Boolean).join(' '));
  return new MessagingGatewayError(
    ErrorCode.IMAP_AUTH,
    `the IMAP server refused the OAuth2 token (${detail}): check that EMAIL_IMAP_USER is the mailbox the app may read and that the token grants IMAP (Microsoft 365: IMAP.AccessAsApp or IMAP.AccessAsUser.All; Google: https://mail.google.com/)`,
    true,
    { cause: error },
  );
}

function describe(error: unknown): { code: string; message: string } {
  if (error instanceof MessagingGatewayError) return { code: error.code, message: error.message };
  const e = (error ?? {}) as ImapFlowError & { severity?: string };
  if (e.name === 'QueryFailedError' || e.severity) {
    return { code: ErrorCode.DATABASE, message: `PostgreSQL failed during an IMAP sync (${e.message}); retrying` };
  }
  const detail = [e.code, e.serverResponseCode, e.responseText ?? e.message].filter(Boolean).join(' ');
  if (e.authenticationFailed && !isLoginRefused(e)) {
    return {
      code: ErrorCode.IMAP_CONNECTION,
      message: `the IMAP server could not check the login right now (${detail}); retrying`,
    };
  }
  if (e.authenticationFailed) {
    return {
      code: ErrorCode.IMAP_AUTH,
      message: `IMAP login refused (${detail}): check EMAIL_IMAP_USER and EMAIL_IMAP_PASS (Gmail and Outlook need an app password)`,
    };
  }
  if (e.code && CERTIFICATE_CODES.test(e.code)) {
    return {
      code: ErrorCode.IMAP_CONNECTION,
      message: `the IMAP server's certificate is not trusted (${e.code}): install its CA (NODE_EXTRA_CA_CERTS) or, for a test server only, set EMAIL_IMAP_TLS_REJECT_UNAUTHORIZED=false`,
    };
  }
  if (
    (e as { mailboxMissing?: boolean }).mailboxMissing ||
    e.serverResponseCode === 'NONEXISTENT' ||
    (e.command === 'SELECT' && e.responseStatus === 'NO')
  ) {
    return {
      code: ErrorCode.IMAP_MAILBOX,
      message: `the mailbox cannot be opened (${detail}): check EMAIL_IMAP_MAILBOX`,
    };
  }
  if (
    e.code &&
    /^(E[A-Z]+|NoConnection|EConnectionClosed|CONNECT_TIMEOUT|GREETING_TIMEOUT|UPGRADE_TIMEOUT|ClosedAfter.*)$/.test(
      e.code,
    )
  ) {
    return { code: ErrorCode.IMAP_CONNECTION, message: `IMAP connection failed: ${detail}` };
  }
  return { code: ErrorCode.IMAP_CONNECTION, message: `IMAP session failed: ${detail || String(error)}` };
}
