import type { BouncedRecipient } from './classification-result';
import { isHardBounce, reasonOf, statusForReason } from './bounce-reason';
import { addressOf, findReplyCode, findStatusCode, isAddress } from './smtp-codes';

/** Per-recipient fields of an RFC 3464 delivery-status body, before interpretation. */
interface DsnFields {
  finalRecipient?: string;
  originalRecipient?: string;
  action?: string;
  status?: string;
  diagnostic?: string;
}

/** Unfolds RFC 5322 continuation lines so every field is one line. */
function unfold(text: string): string[] {
  const lines: string[] = [];
  for (const line of text.replace(/\r\n?/g, '\n').split('\n')) {
    if (/^[ \t]/.test(line) && lines.length > 0 && lines[lines.length - 1] !== '') {
      lines[lines.length - 1] += ' ' + line.trim();
    } else {
      lines.push(line);
    }
  }
  return lines;
}

const FIELD = /^([A-Za-z-]{2,40}):\s*(.*)$/;

/** Splits a delivery-status body into per-recipient field groups (RFC 3464 section 2.3). */
export function parseDsnFields(text: string): DsnFields[] {
  const groups: DsnFields[] = [];
  let current: DsnFields = {};
  const finish = (): void => {
    if (current.finalRecipient || current.originalRecipient) groups.push(current);
    current = {};
  };
  for (const line of unfold(text)) {
    if (!line.trim()) {
      finish();
      continue;
    }
    const match = FIELD.exec(line);
    if (!match) continue;
    const name = match[1].toLowerCase();
    const value = match[2].trim();
    // Groups are separated by blank lines; a repeated recipient field also starts a new one
    // (some MTAs omit the blank line). Postfix writes Final- before Original-Recipient.
    if (name === 'final-recipient') {
      if (current.finalRecipient) finish();
      current.finalRecipient = value;
    } else if (name === 'original-recipient') {
      if (current.originalRecipient) finish();
      current.originalRecipient = value;
    } else if (name === 'x-actual-recipient' && !current.finalRecipient) current.finalRecipient = value;
    else if (name === 'action') current.action = value.toLowerCase().split(/[\s(]/)[0];
    else if (name === 'status') current.status = value;
    else if (name === 'diagnostic-code' && !current.diagnostic) current.diagnostic = value;
  }
  finish();
  return groups;
}

/** Prefers the more specific of the DSN status and the one quoted in the diagnostic. */
function chooseStatus(dsnStatus: string, diagnostic: string): string {
  const fromDiagnostic = findStatusCode(diagnostic);
  if (!dsnStatus) return fromDiagnostic;
  if (fromDiagnostic && /\.0\.0$/.test(dsnStatus) && fromDiagnostic[0] === dsnStatus[0]) return fromDiagnostic;
  return dsnStatus;
}

/** Interprets one recipient's DSN fields (or a non-standard bounce's text) the Sisimai way. */
export function toBouncedRecipient(
  address: string,
  action: string,
  dsnStatus: string,
  diagnostic: string,
): BouncedRecipient {
  const replyCode = findReplyCode(diagnostic.replace(/^\s*smtp;\s*/i, ''));
  let status = chooseStatus(findStatusCode(dsnStatus), diagnostic);
  const reason =
    action === 'delivered' || action === 'relayed' || action === 'expanded'
      ? 'delivered'
      : reasonOf(status, diagnostic);
  if (!status && reason !== 'delivered') status = statusForReason(reason, replyCode.startsWith('4'));
  return {
    address,
    status,
    action: action || 'failed',
    hard: reason !== 'delivered' && isHardBounce(reason, status, replyCode),
    reason,
    ...(replyCode ? { replyCode } : {}),
    ...(diagnostic ? { diagnostic: diagnostic.slice(0, 1000) } : {}),
  };
}

/** Recipients of a standard DSN body. */
export function recipientsFromDsn(text: string, fallbackDiagnostic = ''): BouncedRecipient[] {
  const recipients: BouncedRecipient[] = [];
  for (const group of parseDsnFields(text)) {
    const address = addressOf(group.finalRecipient ?? group.originalRecipient ?? '');
    if (!isAddress(address)) continue;
    const diagnostic = group.diagnostic ?? fallbackDiagnostic;
    recipients.push(toBouncedRecipient(address, group.action ?? '', group.status ?? '', diagnostic));
  }
  return recipients;
}
