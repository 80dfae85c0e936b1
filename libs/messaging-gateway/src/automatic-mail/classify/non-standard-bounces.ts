import type { BouncedRecipient } from './classification-result';
import { toBouncedRecipient } from './dsn';
import { addressOf, isAddress } from './smtp-codes';

/**
 * Bounces without an RFC 3464 report: Postfix and Sendmail in their plain form, Exim
 * (`X-Failed-Recipients`), qmail ("Hi. This is the qmail-send program"), Exchange / Office 365,
 * Gmail, Yahoo, Amazon SES, SendGrid and the many MTAs that copy their wording.
 */

const BOUNCE_SENDER =
  /mailer[- ]daemon|post_?master|mail delivery (?:subsystem|system|service)|mail administrator|^bounces?[@+-]|mdaemon|mail system/i;

const BOUNCE_SUBJECT =
  /undeliver|undelivered|not delivered|mail failed|returning to sender|delivery (?:status notification|failure|failed|has failed|problem|notification|report)|returned mail|mail delivery failed|failure notice|returned to sender|could not be delivered|nondeliverable|non-deliverable|non remis|unzustellbar|nicht zustellbar|zustellung fehlgeschlagen|message not delivered|mail system error|could not send|no se puede entregar|no entregado|não (?:foi possível )?entreg|impossibile recapitare|non recapitat|onbestelbaar|niet bezorgd|niedostarczon|не доставлено|недоставлен|olevererbar|kan ikke leveres|ikke leveret|ei voitu toimittaa|toimitus epäonnistui|配信不能|配送不能|エラー|退信|投递失败|发送失败|無法傳遞|mail failure|permanent failure|rejected:|warning: message .* delayed|delayed mail/i;

const BOUNCE_BODY =
  /could ?n[o']t be delivered|was ?n[o']t delivered|was not delivered|couldn't be delivered|permanent(?:ly)? (?:fatal )?error|delivery (?:to the following recipients? )?(?:has )?failed|undeliverable|this is the qmail-send program|i'm sorry to have to inform you|unable to deliver|message could not be sent|returned to (?:the )?sender|failed permanently|the following (?:addresses|recipients?) (?:had|failed|could not)|not be delivered to one or more|delivery to the following recipient|message you sent .{0,40}could not|your message did not reach|couldn't deliver your message|address (?:not found|couldn't be found)|this message was created automatically by mail delivery software|error has occurred while attempting to deliver|could not be delivered to|konnte nicht (?:an folgende empfänger )?zugestellt werden|n'a pas pu être (?:remis|distribué)|no se (?:ha )?pudo entregar|não (?:pôde|foi possível) ser entregue|non è stato possibile (?:recapitare|consegnare)|kon niet (?:worden )?(?:bezorgd|afgeleverd)|nie (?:mógł|mogła|może) zostać dostarczon|не (?:может быть|удалось) доставить|не доставлено|kunde inte levereras|kunne ikke (?:leveres|afleveres)|配信できませんでした|無法傳遞|无法投递|未能送达/i;

const DELAY_NOTICE =
  /will be retried|will retry|still (?:being )?(?:retried|trying)|this is a warning only|only a temporary failure report|delivery (?:has been )?delayed|has not yet been delivered/i;

/** Where a bounce starts quoting the original message: nothing below is about recipients. */
const ORIGINAL_MESSAGE_MARKER =
  /^[ \t>|-]*(?:this is a copy of (?:the|your) message|below this line is a copy|below is a copy of the original|original message|returned message|unsent message|undelivered message|(?:original )?message headers? follows?|headers of the original|text of the original|copy of the original|--- the header of the original|original message headers)|^(?:Received|Return-Path|DKIM-Signature|Message-I[dD]|Reporting-MTA|Final-Recipient|Original-Recipient|Arrival-Date):\s/im;

const ADDRESS = /<?([A-Za-z0-9._%+'=/!#$&*?^`{|}~-]+@(?:[A-Za-z0-9-]+\.)+[A-Za-z]{2,})>?/g;
const IGNORED_LINE = /^\s*(?:from|reply-to|return-path|sender|reporting-mta|received-from-mta|by|x-[\w-]+):/i;

/** A person forwarding or answering a bounce ("Fwd: Undelivered Mail …") is writing a message. */
const REPLY_OR_FORWARD_PREFIX = /^\s*(?:re|fwd?|aw|wg|tr|rv|sv|vs|antw|doorst|odp|enc|rif|i)\s*(?:\[\d+\])?\s*[:：]/i;

/** The sender is a mail system: MAILER-DAEMON, postmaster, or a null reverse-path (RFC 5321 4.5.5). */
export function isMailSystemSender(from: string, headers: { get(name: string): string | undefined }): boolean {
  return BOUNCE_SENDER.test(from) || headers.get('return-path')?.trim() === '<>';
}

export function looksLikeBounce(
  from: string,
  subject: string,
  text: string,
  headers: { get(name: string): string | undefined },
): string[] {
  const reasons: string[] = [];
  if (headers.get('x-failed-recipients')) reasons.push('x-failed-recipients');
  const bySender = isMailSystemSender(from, headers);
  const bySubject = BOUNCE_SUBJECT.test(subject.slice(0, 300));
  const byBody = BOUNCE_BODY.test(text.slice(0, 20000));
  const personForwarding = REPLY_OR_FORWARD_PREFIX.test(subject);
  if ((bySender && (bySubject || byBody)) || (bySubject && byBody && !personForwarding)) {
    reasons.push(
      `non-standard bounce (${[bySender && 'sender', bySubject && 'subject', byBody && 'body'].filter(Boolean).join(', ')})`,
    );
  }
  return reasons;
}

/** The part of a bounce above the quoted original message. */
export function bounceHead(text: string): string {
  const match = ORIGINAL_MESSAGE_MARKER.exec(text.slice(0, 200000));
  return (match ? text.slice(0, match.index) : text).slice(0, 50000);
}

/** A line that starts with an address names a recipient ("  user@host:", "<user@host>", "Recipient: …"). */
const LEADING_ADDRESS =
  /^[\s*>"'<-]*(?:(?:final-)?recipient(?: address)?:|to:|rcpt to:|address:)?\s*[<"']?([A-Za-z0-9._%+'=/!#$&*?^`{|}~-]+@(?:[A-Za-z0-9-]+\.)+[A-Za-z]{2,})/i;

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
    if (next && next !== address && !/said|host|remote|smtp|server|error|\d{3}/i.test(line)) break;
    parts.push(line.trim());
  }
  return parts.join(' ').slice(0, 1000);
}

export interface AddressMention {
  diagnostic: string;
  /** The address starts its line, as bounces list failed recipients. */
  leading: boolean;
}

/** Every address a bounce's text names, with the diagnostic text around it. */
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
      if (known && (known.leading || !leading)) continue;
      found.set(address, { diagnostic: diagnosticAfter(lines, i, address), leading });
    }
  }
  return found;
}

/** Failed recipients named in the text of a non-standard bounce. */
export function recipientsFromText(
  head: string,
  failedHeader: string | undefined,
  exclude: Set<string>,
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
  const action = DELAY_NOTICE.test(wholeHead) ? 'delayed' : 'failed';
  return addresses.map((address) =>
    toBouncedRecipient(address, action, '', mentions.get(address)?.diagnostic ?? wholeHead),
  );
}
