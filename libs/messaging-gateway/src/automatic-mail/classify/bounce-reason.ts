import { STATUS_RULES } from './bounce-status';
import { TEXT_RULES } from './bounce-text';
import type { BounceReason } from './classification-result';

/** The SMTP command a diagnostic says the failure followed ("after RCPT TO", ">>> DATA" …). */
export function smtpCommandOf(text: string): 'RCPT' | 'MAIL' | 'DATA' | 'CONN' | '' {
  const match =
    /(?:after|in reply to|in response to|to|during|>>>)\s*(RCPT|MAIL|DATA|end of data|HELO|EHLO|initial connection|connect|greeting)/i.exec(
      text,
    ) ??
    /\b(RCPT TO|MAIL FROM)\s*:/i.exec(text) ??
    // Yahoo's "[RCPT_TO]", qmail's "most progress was RCPT TO response" / "does not like recipient".
    /\[(RCPT)_TO\]|(RCPT) TO response|does not like (recipient)/i.exec(text);
  if (!match) return '';
  const word = (match[1] ?? match[2] ?? match[3] ?? 'RCPT').toUpperCase().replace('RECIPIENT', 'RCPT');
  if (word.startsWith('RCPT')) return 'RCPT';
  if (word.startsWith('MAIL')) return 'MAIL';
  if (word === 'DATA' || word === 'END OF DATA') return 'DATA';
  return 'CONN';
}

export interface ReasonContext {
  /** The status came from a DSN field or the text, not inferred. */
  statusGiven: boolean;
  temporary: boolean;
  /** Other text about the recipient (the human-readable part) where the SMTP command may be named. */
  context?: string;
}

export function reasonOf(status: string, diagnostic: string, context: ReasonContext): BounceReason {
  // Addresses are data, not words: "mailboxfull@example.org" must not read as a full mailbox.
  const text = diagnostic.slice(0, 4000).replace(/[^\s<>()"':;,]+@[^\s<>()"':;,]+/g, 'ADDRESS');
  if (/^\s*x-unix;|procmail|pipe to \|/i.test(text)) return 'mailererror';
  let byText: BounceReason | undefined;
  for (const [reason, pattern] of TEXT_RULES) {
    if (pattern.test(text)) {
      byText = reason;
      break;
    }
  }
  const byStatus = STATUS_RULES.find(([pattern]) => pattern.test(status))?.[1];
  if (byStatus === 'rejected' && /^\d\.1\.[78]$/.test(status)) return 'rejected';
  // A temporary DNS failure is a network problem, not an unknown domain.
  if (byText === 'hostunknown' && context.temporary) return 'networkerror';
  if (byText === 'userunknown' || (!byText && byStatus === 'userunknown')) {
    // Refused at MAIL FROM, before any recipient was named: the address in question is the sender.
    const command = smtpCommandOf(diagnostic) || smtpCommandOf(context.context ?? '');
    if (command === 'MAIL') return 'rejected';
    if (!byText) return 'userunknown';
    // Sisimai: "user unknown" is only an unknown user when the status says so (x.1.x) or the
    // server refused at RCPT; refused after DATA, or with a mailbox-status code, it was filtered.
    if (/^\d\.1\.\d+$/.test(status)) return 'userunknown';
    if (command === 'RCPT') return 'userunknown';
    if (command === 'DATA' || (context.statusGiven && byStatus !== 'suspend')) return 'filtered';
    return 'userunknown';
  }
  return byText ?? byStatus ?? 'undefined';
}

/**
 * Sisimai's hard/soft rule: a hard bounce is a permanent address problem (user or domain
 * unknown, address moved) or a domain that accepts no mail with a 5xx answer. A full mailbox,
 * a block or a policy rejection may pass and counts as soft.
 */
export function isHardBounce(reason: BounceReason, status: string, replyCode: string | undefined): boolean {
  if (reason === 'userunknown' || reason === 'hostunknown' || reason === 'hasmoved') return true;
  if (reason !== 'notaccept') return false;
  return status.startsWith('5') || (replyCode ?? '').startsWith('5');
}
