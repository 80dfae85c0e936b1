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
