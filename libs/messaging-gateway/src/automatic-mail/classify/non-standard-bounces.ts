import type { HeaderValues } from './auto-reply';

/**
 * Bounces without an RFC 3464 report: Postfix and Sendmail in their plain and older forms, Exim
 * (`X-Failed-Recipients`), qmail ("Hi. This is the qmail-send program"), Exchange 2003 to Office
 * 365, Apache James, InterScan MSS, Gmail, Yahoo, Amazon SES, SendGrid and the many MTAs that
 * copy their wording.
 */

const BOUNCE_SENDER =
  /mailer[- ]daemon|post_?master|mail delivery (?:subsystem|system|service)|mail administrator|^bounces?[@+-]|mdaemon|mail system/i;

const BOUNCE_SUBJECT =
  /undeliver|undelivered|not delivered|mail failed|returning to sender|delivery (?:status notification|failure|failed|has failed|problem|notification|report)|returned mail|mail delivery failed|failure notice|returned to sender|could not be delivered|nondeliverable|non-deliverable|non remis|unzustellbar|nicht zustellbar|zustellung fehlgeschlagen|message not delivered|mail system error|could not send|error sending your (?:mail|message)|^\s*\[bounce\]|no se puede entregar|no entregado|não (?:foi possível )?entreg|impossibile recapitare|non recapitat|onbestelbaar|niet bezorgd|niedostarczon|не доставлено|недоставлен|olevererbar|kan ikke leveres|ikke leveret|ei voitu toimittaa|toimitus epäonnistui|配信不能|配送不能|配信できません|配信に失敗|エラー|退信|投递失败|发送失败|無法傳遞|mail failure|permanent failure|rejected:|warning: message .* delayed|delayed mail/i;

const BOUNCE_BODY =
  /could ?n[o']t be delivered|was ?n[o']t delivered|was not delivered|couldn't be delivered|permanent(?:ly)? (?:fatal )?error|delivery (?:to the following recipients? )?(?:has )?failed|undeliverable|this is the qmail-send program|i'm sorry to have to inform you|unable to deliver|wasn't able to deliver|trouble delivering|message could not be sent|returned to (?:the )?sender|failed permanently|the following (?:addresses|recipients?) (?:had|failed|could not|returned)|not be delivered to one or more|delivery to the following recipient|message you sent .{0,40}could not|your message did not reach|did not reach the following recipient|could not be reached|couldn't deliver your message|address (?:not found|couldn't be found)|this message was created automatically by mail delivery software|error has occurred while attempting to deliver|could not be delivered to|error message below|transcript of (?:the )?session|(?:<<<|>>>) ?(?:RCPT TO|MAIL FROM|DATA\b|[45]\d\d )|rejected recipient|konnte nicht (?:an folgende empfänger )?zugestellt werden|n'a pas pu être (?:remis|distribué)|no se (?:ha )?pudo entregar|não (?:pôde|foi possível) ser entregue|non è stato possibile (?:recapitare|consegnare)|kon niet (?:worden )?(?:bezorgd|afgeleverd)|nie (?:mógł|mogła|może) zostać dostarczon|не (?:может быть|удалось) доставить|не доставлено|kunde inte levereras|kunne ikke (?:leveres|afleveres)|配信できませんでした|配信できません|無法傳遞|无法投递|未能送达/i;

/** Where a bounce starts quoting the original message: nothing below is about recipients. */
const ORIGINAL_MESSAGE_MARKER =
  /^[ \t>|-]*(?:this is a copy of (?:the|your) message|below this line is a copy|below is a copy of the original|original (?:message|mail)|returned message|unsent message|undelivered message|(?:original )?message headers? follows?|headers of the original|text of the original|copy of the original|--- the header of the original|original message headers)|^(?:Received|Return-Path|DKIM-Signature|Message-I[dD]|Reporting-MTA|Final-Recipient|Original-Recipient|Arrival-Date):\s/im;

/** A person forwarding or answering a bounce ("Fwd: Undelivered Mail …") is writing a message. */
const REPLY_OR_FORWARD_PREFIX = /^\s*(?:re|fwd?|aw|wg|tr|rv|sv|vs|antw|doorst|odp|enc|rif|i)\s*(?:\[\d+\])?\s*[:：]/i;

/** The sender is a mail system: MAILER-DAEMON, postmaster, or a null reverse-path (RFC 5321 4.5.5). */
export function isMailSystemSender(from: string, headers: HeaderValues): boolean {
  return BOUNCE_SENDER.test(from) || headers.get('return-path')?.trim() === '<>';
}

/** Exchange marks its reports (non-delivery among them) with this header, whatever the From says. */
const EXCHANGE_REPORT_HEADER = 'x-ms-embedded-report';

export function looksLikeBounce(from: string, subject: string, text: string, headers: HeaderValues): string[] {
  const reasons: string[] = [];
  if (headers.get('x-failed-recipients')) reasons.push('x-failed-recipients');
  const bySender = isMailSystemSender(from, headers) || headers.get(EXCHANGE_REPORT_HEADER) !== undefined;
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
