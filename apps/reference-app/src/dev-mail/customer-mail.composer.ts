import { randomUUID } from 'node:crypto';
import MailComposer from 'nodemailer/lib/mail-composer';
import type { CapturedEmail } from './captured-email';

export interface CustomerEmail {
  from: string;
  to: string;
  subject: string;
  text: string;
}

/** A new email from a customer, as a mail client would write it. */
export function composeCustomerEmail(email: CustomerEmail): Promise<Buffer> {
  return build({ ...email, messageId: customerMessageId(email.from) });
}

/**
 * The customer's answer to a captured email, as a real client writes it: To is the Reply-To
 * (`reply+TOKEN@…`), In-Reply-To and References continue the thread (RFC 5322 3.6.4), and the
 * new text sits above the quoted original with an "On …, … wrote:" line.
 */
export function composeCustomerReply(original: CapturedEmail, text: string): Promise<Buffer> {
  const from = original.envelope.to[0] ?? original.to;
  const references = [...original.references, ...(original.messageId ? [original.messageId] : [])];
  const when = (original.date ?? original.receivedAt).toUTCString();
  const quoted = original.text
    .replace(/\r\n/g, '\n')
    .trimEnd()
    .split('\n')
    .map((line) => (line.startsWith('>') ? `>${line}` : `> ${line}`))
    .join('\n');
  return build({
    from,
    to: original.replyTo || original.from,
    subject: /^re:/i.test(original.subject) ? original.subject : `Re: ${original.subject}`,
    text: `${text.trim()}\n\nOn ${when}, ${original.from} wrote:\n${quoted}\n`,
    messageId: customerMessageId(from),
    inReplyTo: original.messageId ?? undefined,
    references: references.length ? references.join(' ') : undefined,
  });
}

function build(mail: CustomerEmail & { messageId: string; inReplyTo?: string; references?: string }): Promise<Buffer> {
  return new MailComposer({ ...mail, date: new Date() }).compile().build();
}

function customerMessageId(from: string): string {
  const domain = /@([^>\s]+)>?\s*$/.exec(from)?.[1] ?? 'customer.localhost';
  return `<${randomUUID()}@${domain}>`;
}
