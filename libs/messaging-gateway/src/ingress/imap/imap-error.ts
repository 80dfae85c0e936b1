import type { ImapFlowError } from 'imapflow';
import { ErrorCode } from '../../core/errors/error-codes';
import { MessagingGatewayError } from '../../core/errors/messaging-gateway.error';

/** Node's TLS codes for a certificate the client does not trust. */
const CERTIFICATE_CODES = /CERT|SELF_SIGNED|UNABLE_TO_VERIFY|UNABLE_TO_GET_ISSUER|ERR_TLS_CERT_ALTNAME/;

/**
 * Turns whatever the IMAP session threw (imapflow, Node's socket and TLS layers, Postgres) into
 * a stable code and a message that says what to check. Protocol detail is kept (command,
 * server response code); credentials and bodies never appear in imapflow's errors.
 */
export function describeImapError(error: unknown): { code: string; message: string } {
  if (error instanceof MessagingGatewayError) return { code: error.code, message: error.message };
  const e = (error ?? {}) as ImapFlowError & { severity?: string };
  if (e.name === 'QueryFailedError' || e.severity) {
    return { code: ErrorCode.DATABASE, message: `PostgreSQL failed during an IMAP sync (${e.message}); retrying` };
  }
  const detail = [e.code, e.serverResponseCode, e.responseText ?? e.message].filter(Boolean).join(' ');
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
