import { isDateFirstHeader } from './date-first-header';
import { WROTE_VERBS } from './wrote-verbs';
import { isQuoteMarked } from './quoted-lines';

/**
 * The lines mail clients put above quoted history, in the languages our users write in.
 * Every test here runs on one line (or a join of at most three), with patterns free of nested
 * quantifiers, so the scan stays linear in the size of the message.
 */

/** Longest header we accept once wrapped lines are joined; real ones stay well under 300 chars. */
const MAX_HEADER_LENGTH = 400;
/** Gmail and Outlook wrap a long "On … wrote:" over at most three lines. */
const MAX_HEADER_LINES = 3;

const WROTE_WORD = new RegExp(`(?:^|[\\s,(])(?:${WROTE_VERBS.join('|')})(?=[\\s:：,]|$)`, 'i');
const ENDS_WITH_WROTE = new RegExp(`\\s(?:${WROTE_VERBS.join('|')})$`, 'i');
/** CJK clients glue the verb to the name: "…写道：", "…寫道：", "…のメール:", "…님이 작성:". */
const CJK_WROTE = /(?:写道|寫道|書きました|のメッセージ|のメール|提到|작성|님이 씀)\s*[:：]?\s*$/;
/** Gmail in Japanese and some others print only "<date> <name> <address>:". */
const ENDS_WITH_ADDRESS = /[\w.+-]+@[\w-]+(?:\.[\w-]+)+>?\s*[:：]\s*$/;
const ENDS_WITH_COLON = /[:：]\s*$/;
const HAS_DIGIT = /\d/;
const DATE_OR_TIME = /\d{1,2}:\d{2}|\b\d{4}\b/;
/** How wrapped headers begin: "On", "Am", "Le", "El", "Em", "Il", "Op", "W dniu", "Den", "På", or a date. */
const OPENER = /^(?:(?:On|Am|Le|El|Em|Il|Op|W dniu|Dnia|Den|På|Dne|Kun)\b|\d)/;
/** Zoho and some webmails frame the header in dashes: "---- On … wrote ----". */
const FRAME = /^[-–—=*_\s]{2,}|[-–—=*_\s]{2,}$/g;
const ENDS_SENTENCE = /[.!?。！？]\s*$/;
/**
 * Lists and forums send as "<person> via <list>" (Google Groups, Discourse), so "sam via Meta
 * wrote:" names a sender even without a date or an address.
 */
const VIA_SENDER = /\S\s+via\s+\S/;

/** "-----Original Message-----", "---------- Forwarded message ---------" and translations. */
const SEPARATOR_LINE = /^\s*[-–—=_*]{2,}\s*([^-–—=_*].{1,60}?)\s*[-–—=_*]{2,}\s*$/;
const SEPARATOR_WORDS =
  /original|message|forward|nachricht|besked|zpráva|správa|üzenet|ileti|mesaj|μήνυμα|origine|mensaje|mensagem|messaggio|bericht|wiadomo|сообщени|meddelande|melding|meddelelse|viesti|メッセージ|邮件|郵件|信件|transf|reenv|encaminh|inoltr|doorgest|przekaz|пересыл|vidare|videre|välitet/i;

/** Apple Mail's and others' "Begin forwarded message:" line. */
const FORWARD_INTRO =
  /^\s*(?:Begin forwarded message|Anfang der weitergeleiteten (?:Nachricht|E-Mail)|Début du message (?:réexpédié|transféré)|Inicio del mensaje reenviado|Início da mensagem reencaminhada|Inizio messaggio inoltrato|Begin doorgestuurd bericht|Początek przekazywanej wiadomości|Начало переадресованного сообщения|Vidarebefordrat mejl|Videresendt melding|Videresendt besked|Välitetty viesti alkaa|転送されたメッセージ|转发的邮件|以下为转发邮件)\s*[:：]\s*$/i;

function isHeaderText(raw: string, nextLineIsQuoted: boolean): boolean {
  if (raw.length > MAX_HEADER_LENGTH) return false;
  const text = raw.replace(FRAME, '');
  if (isDateFirstHeader(text, nextLineIsQuoted)) return true;
  if (!ENDS_WITH_COLON.test(text)) {
    // "On Wed, 14 Nov 2018 08:14:43 -0200 John Doe <john@doe.com> wrote" (no colon)
    return OPENER.test(text) && DATE_OR_TIME.test(text) && ENDS_WITH_WROTE.test(text);
  }
  if (CJK_WROTE.test(text) || WROTE_WORD.test(text)) {
    return HAS_DIGIT.test(text) || text.includes('@') || VIA_SENDER.test(text) || nextLineIsQuoted;
  }
  return ENDS_WITH_ADDRESS.test(text) && HAS_DIGIT.test(text.replace(ENDS_WITH_ADDRESS, ''));
}

function nextNonBlankIsQuoted(lines: readonly string[], from: number): boolean {
  for (let i = from; i < lines.length && i < from + 3; i++) {
    const line = lines[i].trim();
    if (line) return isQuoteMarked(line);
  }
  return false;
}

/**
 * True when the header really starts on a later line: the tail alone is a header and either
 * opens like one ("On …", a date) or the first line carries nothing a header would (no date,
 * no address), e.g. a sign-off name just above "Jane <jane@x> schrieb am 1.2.2020:".
 */
function tailStartsHeader(
  lines: readonly string[],
  index: number,
  count: number,
  quotedNext: boolean,
  firstLooksLikeHeader: boolean,
): boolean {
  for (let start = index + 1; start < index + count; start++) {
    const tailFirst = lines[start].trim();
    if (tailFirst.startsWith('<') || /^[a-z>]/.test(tailFirst)) continue;
    const tail = lines
      .slice(start, index + count)
      .map((line) => line.trim())
      .join(' ');
    if (isHeaderText(tail, quotedNext) && (OPENER.test(tailFirst) || !firstLooksLikeHeader)) return true;
  }
  return false;
}

/**
 * Number of lines (1 to 3) of an "On … wrote:" header starting at `index`, or 0. A header wrapped
 * over several lines is only accepted when its tail alone is not already a header, so body text
 * just above a one-line header is never swallowed.
 */
export function wroteHeaderLength(lines: readonly string[], index: number): number {
  const first = lines[index].trim();
  if (!first || first.startsWith('>')) return 0;
  let joined = first;
  for (let count = 1; count <= MAX_HEADER_LINES && index + count <= lines.length; count++) {
    if (count > 1) {
      const next = lines[index + count - 1].trim();
      // Gmail may wrap even the closing ">:" of the address onto its own line.
      if (!next || (next.startsWith('>') && !/^>\s*[:：]$/.test(next))) return 0;
      if (ENDS_SENTENCE.test(lines[index + count - 2])) return 0;
      joined += (next.startsWith('>') ? '' : ' ') + next;
      if (joined.length > MAX_HEADER_LENGTH) return 0;
    }
    const quotedNext = nextNonBlankIsQuoted(lines, index + count);
    if (isHeaderText(joined, quotedNext)) {
      if (count === 1 || OPENER.test(first)) return count;
      return tailStartsHeader(lines, index, count, quotedNext, /[\d@<]/.test(first)) ? 0 : count;
    }
  }
  return 0;
}

/** True for "-----Original Message-----", "-------- Forwarded Message --------" and the like. */
export function isSeparatorLine(line: string): boolean {
  if (line.length > 120) return false;
  const match = SEPARATOR_LINE.exec(line);
  return (match !== null && SEPARATOR_WORDS.test(match[1])) || FORWARD_INTRO.test(line);
}
