import type { FeedbackReport } from './classification-result';
import { addressOf, isAddress } from './smtp-codes';

/**
 * Reads an RFC 5965 `message/feedback-report` body: the feedback type and the reported
 * recipient(s) (`Original-Rcpt-To`, or `Removal-Recipient` in older reports).
 */
export function parseFeedbackReport(fieldsText: string, embeddedTo: string[]): FeedbackReport {
  let type = 'other';
  const recipients = new Set<string>();
  for (const line of fieldsText.replace(/\r\n?/g, '\n').split('\n')) {
    const match = /^([A-Za-z-]+):\s*(.*)$/.exec(line);
    if (!match) continue;
    const name = match[1].toLowerCase();
    if (name === 'feedback-type') type = match[2].trim().toLowerCase();
    else if (name === 'original-rcpt-to' || name === 'removal-recipient') {
      const address = addressOf(match[2]);
      if (isAddress(address)) recipients.add(address);
    }
  }
  if (recipients.size === 0) for (const address of embeddedTo) if (isAddress(address)) recipients.add(address);
  return { type, recipients: [...recipients] };
}

/** Hotmail/Outlook.com JMRP reports: no ARF part, the reported recipient is in this header. */
const JMRP_RECIPIENT = /^X-HmXmrOriginalRecipient:[ \t]*<?([^\s<>]+@[^\s<>]+)>?/gim;

/**
 * Feedback without an RFC 5965 part: Microsoft's JMRP ("complaint about message from …" with the
 * original inline) and Apple Mail's one-click unsubscribe ("Apple Mail sent this email to
 * unsubscribe"), which is an opt-out by the sender of the email itself.
 */
export function parseNonStandardFeedback(
  subject: string,
  text: string,
  rawBody: string,
  from: string,
): FeedbackReport | null {
  const jmrp = [...rawBody.slice(0, 500_000).matchAll(JMRP_RECIPIENT)].map((match) => match[1].toLowerCase());
  if (jmrp.length > 0 || /^\s*complaint about message from /i.test(subject)) {
    return { type: 'abuse', recipients: [...new Set(jmrp)] };
  }
  if (/sent this (?:e-?mail|message) to unsubscribe/i.test(text.slice(0, 2000))) {
    const sender = addressOf(from);
    return { type: 'opt-out', recipients: isAddress(sender) ? [sender] : [] };
  }
  return null;
}
