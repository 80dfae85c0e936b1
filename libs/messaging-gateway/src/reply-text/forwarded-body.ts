import { isHeaderBlockAt, isHeaderFieldLine } from './header-block';
import { isSeparatorLine, wroteHeaderLength } from './quote-headers';
import { isBlank, isQuotedLine, isQuoteMarked, nextNonBlank, quotedRunEnd } from './quoted-lines';
import { isOrnamentLine } from './rule-lines';
import { isMobileFooter, isSignatureDelimiter } from './signature';

/**
 * A message that opens with a forward or history header and no words above it
 * ("---------- Forwarded message ---------", "Begin forwarded message:", an Outlook field block,
 * an "On … wrote:" over unquoted text): what follows the header is what the person sent on, so
 * the message is that body, and only the header lines are trimmed.
 */

/** Field blocks are short; a longer run of "Name: value" lines is content (a form, a log). */
const MAX_FIELD_LINES = 15;
/** A forward of a forward of a forward …: each level is peeled, up to this depth. */
const MAX_FORWARD_DEPTH = 5;
/** A signature above a forward header is a few lines; a longer text is the forwarder's message. */
const MAX_SIGNATURE_LINES = 15;

/** A wrapped field value: indented, or the rest of an address list ("Bob <bob@example.org>,"). */
function isContinuation(line: string): boolean {
  return line.trim() !== '' && line.length <= 500 && (/^[ \t<"]/.test(line) || /@\S*[>,;]?\s*$/.test(line));
}

/** Index just past the field lines starting at `index` (none: `index`). */
function fieldsEnd(lines: readonly string[], index: number): number {
  let end = index;
  for (let i = index; i < lines.length && i < index + MAX_FIELD_LINES; i++) {
    if (isHeaderFieldLine(lines[i]) || (end > index && isContinuation(lines[i]))) end = i + 1;
    else break;
  }
  return end;
}

/** First line from `index` that is neither blank, nor a rule, nor a mobile footer. */
function firstWordsLine(lines: readonly string[], index: number): number {
  let i = index;
  while (i < lines.length && (isBlank(lines[i]) || isOrnamentLine(lines[i]) || isMobileFooter(lines[i]))) i++;
  return i;
}

/** Where a forward or history header opening `lines` ends, and whether it announces a forward. */
/**
 * Gmail puts the forwarder's "-- " signature above the forward header: when a delimiter precedes
 * `first`, the separator below the signature is where the forward starts.
 */
function pastSignature(lines: readonly string[], first: number): number {
  let delimiter = first - 1;
  while (delimiter >= 0 && isBlank(lines[delimiter])) delimiter--;
  if (delimiter < 0 || !isSignatureDelimiter(lines[delimiter])) return first;
  for (let i = first; i < lines.length && i <= first + MAX_SIGNATURE_LINES; i++) {
    if (isSeparatorLine(lines[i])) return i;
  }
  return first;
}

function headerAtTop(lines: readonly string[]): { end: number; forward: boolean } | null {
  const first = pastSignature(lines, firstWordsLine(lines, 0));
  if (first >= lines.length) return null;
  if (isSeparatorLine(lines[first])) return { end: nextNonBlank(lines, first + 1), forward: true };
  if (isHeaderBlockAt(lines, first)) return { end: fieldsEnd(lines, first), forward: false };
  const length = wroteHeaderLength(lines, first);
  if (length === 0) return null;
  // "On … wrote:" over quoted text at the top is history with nothing new, not a forward.
  const body = nextNonBlank(lines, first + length);
  return body < lines.length && isQuoteMarked(lines[body]) ? null : { end: first + length, forward: false };
}

const unquoteOnce = (line: string): string => line.replace(/^\s{0,3}> ?/, '');

export interface ForwardedBody {
  /** The forward headers (and footers or rules above them) that were peeled off. */
  header: string[];
  /** The message below them; `lines` itself when the message opens with no such header. */
  body: string[];
}

/**
 * The forwarded message of a forward with no words above it, peeled of every forward header at
 * the top (its fields included). iOS Mail quotes the forwarded message with "> " under "Begin
 * forwarded message:"; that one level of quoting is part of the forward and goes too.
 */
export function forwardedBody(lines: string[]): ForwardedBody {
  const header: string[] = [];
  let body = lines;
  for (let depth = 0; depth < MAX_FORWARD_DEPTH; depth++) {
    const top = headerAtTop(body);
    if (!top) break;
    let end = top.end;
    if (top.forward && end < body.length && isQuotedLine(body[end])) {
      const quoteEnd = quotedRunEnd(body, end);
      header.push(...body.slice(0, end));
      body = [...body.slice(end, quoteEnd).map(unquoteOnce), ...body.slice(quoteEnd)];
      continue;
    }
    if (top.forward) end = fieldsEnd(body, end);
    header.push(...body.slice(0, end));
    body = body.slice(end);
  }
  return { header, body };
}
