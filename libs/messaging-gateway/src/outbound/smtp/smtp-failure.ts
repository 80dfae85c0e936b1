import { OutboundReason } from '../outbound-reason';

/** What a failed SMTP attempt means for the email. */
export interface SmtpFailure {
  /** A retry cannot help (5xx to the message): fail now. */
  permanent: boolean;
  /** The server was not reached or not usable (network, greeting, TLS, login): another server may work. */
  connectionFailure: boolean;
  /** SMTP reply code when the server gave one. */
  responseCode?: number;
  /** The server's reply or the network error, for `smtp_response`. */
  response: string;
  reasonCode: OutboundReason;
}

/**
 * Classifies a nodemailer error by the step that failed. A reply to MAIL FROM, RCPT TO or DATA
 * judges the message: RFC 5321 4.2.1 makes 5yz permanent and 4yz transient, except 503 (bad
 * sequence), which says nothing about the message (nodemailer's `isPermanentResponseCode` agrees).
 * Anything before that (connect, greeting, EHLO, STARTTLS, AUTH) is about the server: transient,
 * and a reason to try the backup. A 5xx there (554 "no service" greeting, 535 bad login) is a
 * server or configuration problem that must not fail every queued email for good.
 */
export function classifySmtpError(error: unknown, server?: { host: string; port: number }): SmtpFailure {
  const e = (error ?? {}) as {
    code?: string;
    command?: string;
    responseCode?: number;
    response?: string;
    message?: string;
  };
  const responseCode = typeof e.responseCode === 'number' ? e.responseCode : undefined;
  const messageStep =
    e.code === 'EENVELOPE' || e.code === 'EMESSAGE' || /^(MAIL FROM|RCPT TO|DATA)/.test(e.command ?? '');
  const permanent =
    messageStep && responseCode !== undefined && responseCode >= 500 && responseCode < 600 && responseCode !== 503;
  return {
    permanent,
    // 421 is the server closing the session (RFC 5321 3.8), whatever the step.
    connectionFailure: !messageStep || responseCode === 421,
    responseCode,
    response: withHint(oneLine(e.response || e.message || String(error)), server && smtpSetupHint(error, server)),
    reasonCode: permanent ? OutboundReason.SMTP_REJECTED : OutboundReason.SMTP_UNAVAILABLE,
  };
}

/**
 * What to change when the failure is a setup mismatch rather than a server problem: the answer
 * a person reading the outbox needs, not only the server's words. Empty when there is none.
 */
export function smtpSetupHint(error: unknown, server: { host: string; port: number }): string {
  const e = (error ?? {}) as { code?: string; command?: string; responseCode?: number; message?: string };
  const at = `${server.host}:${server.port}`;
  // The server answered the STARTTLS command itself with an error: it has no STARTTLS.
  if (e.command === 'STARTTLS' && e.responseCode !== undefined) {
    return `the server at ${at} offers no STARTTLS; set SMTP_SECURITY=plain if it takes plain SMTP, or use its STARTTLS port (587)`;
  }
  if (e.code === 'ESOCKET' && /wrong version number|WRONG_VERSION_NUMBER/i.test(e.message ?? '')) {
    return `the server at ${at} does not speak implicit TLS; set SMTP_SECURITY=starttls (or plain), or use its TLS port (465)`;
  }
  if (/certificate/i.test(e.message ?? '')) {
    return `the certificate of ${at} is not trusted; trust its CA (NODE_EXTRA_CA_CERTS), or for a test server only set SMTP_TLS_REJECT_UNAUTHORIZED=false`;
  }
  if (e.code === 'EAUTH') return `the server at ${at} refused the login; check SMTP_USER and SMTP_PASS`;
  return '';
}

const withHint = (response: string, hint: string | undefined): string => (hint ? `${response} (${hint})` : response);

/** Server replies are stored for operators: one line, bounded. */
function oneLine(text: string): string {
  return text.replace(/[\r\n]+/g, ' ').slice(0, 1000);
}

/** Server replies quote addresses ("550 <ann@example.org>: unknown"); logs get them without. */
export function redactAddresses(text: string): string {
  return text.replace(/[^\s<>"'(),;:]+@[^\s<>"'(),;:]+/g, '<address>');
}
