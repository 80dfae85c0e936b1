import { reasonOf } from './bounce-reason';
import type { BouncedRecipient } from './classification-result';
import { toBouncedRecipient } from './dsn';
import { addressOf, findReplyCode, findStatusCode, isAddress } from './smtp-codes';

/**
 * The failed recipients a bounce without an RFC 3464 report names, each with the words about it:
 * the addresses that start a line above the quoted original ("<user@host>:", "user@host on
 * <date>", "550 <user@host>... User unknown", "RCPT TO: user@host"), else every address the
 * text mentions.
 */

const ADDRESS = /<?([A-Za-z0-9._%+'=/!#$&*?^`{|}~-]+@(?:[A-Za-z0-9-]+\.)+[A-Za-z]{2,})>?/g;
const IGNORED_LINE = /^\s*(?:from|reply-to|return-path|sender|reporting-mta|received-from-mta|by|x-[\w-]+):/i;

const DELAY_NOTICE =
  /will be retried|will retry|still (?:being )?(?:retried|trying)|this is a warning (?:message )?only|only a temporary failure report|delivery (?:has been )?delayed|has not yet been delivered/i;

/**
 * A line that starts with an address names a recipient ("  user@host:", "<user@host>", "Recipient:
 * …"); Sendmail's transcript puts the reply code first ("550 5.1.1 <user@host>... User unknown").
 */
const LEADING_ADDRESS =
  /^[\s*>"'<-]*(?:[245]\d\d[ -](?:[245]\.\d{1,3}\.\d{1,3} )?)?(?:(?:final-)?recipient(?: address)?:|to:|rcpt to:|address:)?\s*[<"']?([A-Za-z0-9._%+'=/!#$&*?^`{|}~-]+@(?:[A-Za-z0-9-]+\.)+[A-Za-z]{2,})/i;

/** A complete (last) line of an SMTP reply, as transcripts start their lines. */
const SMTP_REPLY_LINE = /^\s*[245]\d\d /;

/** One recipient's diagnostic stays within this; more is another recipient's or the original's. */
const MAX_DIAGNOSTIC = 1000;

/** Text under the line that names a recipient, up to the next recipient or a gap of two blank lines. */
function diagnosticAfter(lines: string[], index: number, address: string): string {
  const parts = [lines[index].trim()];
  let blanks = 0;
  for (let i = index + 1; i < lines.length && i <= index + 15; i++) {
    const line = lines[i];
    if (!line.trim()) {
      if (++blanks >= 2) break;
      continue;
    }
    blanks = 0;
    const next = LEADING_ADDRESS.exec(line)?.[1]?.toLowerCase();
    if (next && next !== address) break;
    // Sendmail reports the next host before its recipients: "550 example.org (smtp)... Host unknown".
    if (SMTP_REPLY_LINE.test(line) && !line.toLowerCase().includes(address)) break;
    parts.push(line.trim());
  }
  return parts.join(' ').slice(0, MAX_DIAGNOSTIC);
}

export interface AddressMention {
  diagnostic: string;
  /** The address starts its line, as bounces list failed recipients. */
  leading: boolean;
}

/**
 * Every address a bounce's text names, with the diagnostic text around it. An address listed
 * first and explained later (Sendmail's list, then its transcript) gets the words of every line
 * it leads.
 */
export function addressMentions(head: string, exclude: Set<string>): Map<string, AddressMention> {
  const lines = head.replace(/\r\n?/g, '\n').split('\n');
  const found = new Map<string, AddressMention>();
  for (let i = 0; i < lines.length; i++) {
    if (lines[i].length > 2000 || IGNORED_LINE.test(lines[i])) continue;
    const leadingAddress = LEADING_ADDRESS.exec(lines[i])?.[1]?.toLowerCase();
    ADDRESS.lastIndex = 0;
    for (let match = ADDRESS.exec(lines[i]); match; match = ADDRESS.exec(lines[i])) {
      const address = match[1].toLowerCase();
      if (exclude.has(address) || /^mailer-daemon@/i.test(address)) continue;
      const known = found.get(address);
      const leading = address === leadingAddress;
      if (known && !leading) continue;
      const diagnostic = diagnosticAfter(lines, i, address);
      if (known?.leading) {
        if (!known.diagnostic.includes(diagnostic)) {
          known.diagnostic = `${known.diagnostic} ${diagnostic}`.slice(0, MAX_DIAGNOSTIC);
        }
        continue;
      }
      found.set(address, { diagnostic, leading });
    }
  }
  return found;
}

/** Words that say why, beyond naming the address: an SMTP reply or status code, or a known reason. */
function saysWhy(text: string): boolean {
  if (findStatusCode(text) !== '' || findReplyCode(text) !== '') return true;
  return reasonOf('', text, { statusGiven: false, temporary: false }) !== 'undefined';
}

/** Failed (or, for a receipt, delivered) recipients named in the text of a non-standard report. */
export function recipientsFromText(
  head: string,
  failedHeader: string | undefined,
  exclude: Set<string>,
  outcome: 'failed' | 'delivered' = 'failed',
): BouncedRecipient[] {
  const mentions = addressMentions(head, exclude);
  const failed = (failedHeader ?? '')
    .split(',')
    .map((value) => addressOf(value))
    .filter(isAddress);
  const leading = [...mentions].filter(([, mention]) => mention.leading).map(([address]) => address);
  const addresses = failed.length > 0 ? failed : leading.length > 0 ? leading : [...mentions.keys()];
  const wholeHead = head.slice(0, 4000);
  // "Message will be retried", "THIS IS A WARNING ONLY": a delay notice, not a failure.
  const action = outcome === 'failed' && DELAY_NOTICE.test(wholeHead) ? 'delayed' : outcome;
  return addresses.map((address) => {
    const own = mentions.get(address)?.diagnostic;
    // Apache James and others state one error above the list ("Error message below: 550 …").
    const diagnostic = own && saysWhy(own) ? own : [own, wholeHead].filter(Boolean).join(' ');
    return toBouncedRecipient(address, action, '', diagnostic);
  });
}
