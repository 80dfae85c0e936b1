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
export function classifySmtpError(error: unknown): SmtpFailure {
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
    response: oneLine(e.response || e.message || String(error)),
    reasonCode: permanent ? OutboundReason.SMTP_REJECTED : OutboundReason.SMTP_UNAVAILABLE,
  };
}

/** Server replies are stored for operators: one line, bounded. */
function oneLine(text: string): string {
  return text.replace(/[\r\n]+/g, ' ').slice(0, 1000);
}

/** Server replies quote addresses ("550 <ann@example.org>: unknown"); logs get them without. */
export function redactAddresses(text: string): string {
  return text.replace(/[^\s<>"'(),;:]+@[^\s<>"'(),;:]+/g, '<address>');
}
