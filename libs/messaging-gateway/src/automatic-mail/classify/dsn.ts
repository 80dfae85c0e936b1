import type { BouncedRecipient } from './classification-result';
import { isHardBounce, reasonOf } from './bounce-reason';
import { statusForReason } from './bounce-status';
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

const STATUS_CODES = /(?:^|[^\d.])([245]\.\d{1,3}\.\d{1,3})(?![\d.]*\d)/g;

/**
 * Sisimai's preference: the last status the remote server quoted in the diagnostic (relays
 * prefix their own generic code, the innermost reply is the real one), unless it is a bare
 * `x.0.0` and the DSN field says more.
 */
function chooseStatus(dsnStatus: string, diagnostic: string): string {
  const quoted = [...diagnostic.slice(0, 4000).matchAll(STATUS_CODES)].map((match) => match[1]);
  const last = quoted[quoted.length - 1] ?? '';
  if (!last) return dsnStatus;
  if (dsnStatus && /\.0\.0$/.test(last) && !/\.0\.0$/.test(dsnStatus)) return dsnStatus;
  return last;
}

/** Interprets one recipient's DSN fields (or a non-standard bounce's text) the Sisimai way. */
export function toBouncedRecipient(
  address: string,
  action: string,
  dsnStatus: string,
  diagnostic: string,
  context = '',
): BouncedRecipient {
  const replyCode = findReplyCode(diagnostic.replace(/^\s*smtp;\s*/i, ''));
  const givenStatus = findStatusCode(dsnStatus);
  let status = chooseStatus(givenStatus, diagnostic);
  const delivered = action === 'delivered' || action === 'relayed' || action === 'expanded';
  const temporary = action === 'delayed' || (status ? status.startsWith('4') : replyCode.startsWith('4'));
  const reason = delivered
    ? 'delivered'
    : reasonOf(status, diagnostic, { statusGiven: status !== '', temporary, context });
  if (!status && !delivered) status = statusForReason(reason, temporary);
  return {
    address,
    status,
    action: action || 'failed',
    hard: !delivered && isHardBounce(reason, status, replyCode),
    reason,
    ...(replyCode ? { replyCode } : {}),
    ...(diagnostic ? { diagnostic: diagnostic.slice(0, 1000) } : {}),
  };
}

/**
 * Recipients of a standard DSN body. A recipient without a Diagnostic-Code gets the words the
 * human-readable part says about it (`mentions`, from the text above the original message).
 */
export function recipientsFromDsn(text: string, mentions: Map<string, { diagnostic: string }>): BouncedRecipient[] {
  const recipients: BouncedRecipient[] = [];
  for (const group of parseDsnFields(text)) {
    const address = addressOf(group.finalRecipient ?? group.originalRecipient ?? '');
    if (!isAddress(address)) continue;
    const mentioned =
      mentions.get(address)?.diagnostic ?? mentions.get(addressOf(group.originalRecipient ?? ''))?.diagnostic;
    let dsnStatus = group.status ?? '';
    // Sisimai: a bare x.0.0 with no diagnostic says nothing; the reason found in the text decides.
    if (!group.diagnostic && /^\s*[45]\.0\.0\b/.test(dsnStatus) && mentioned) dsnStatus = '';
    // Action is required (RFC 3464 2.3.3), yet some MTAs omit it: a 2.x.x status says delivered.
    const action = group.action ?? (/^\s*2\./.test(group.status ?? '') ? 'delivered' : '');
    recipients.push(toBouncedRecipient(address, action, dsnStatus, group.diagnostic ?? mentioned ?? '', mentioned));
  }
  return recipients;
}
