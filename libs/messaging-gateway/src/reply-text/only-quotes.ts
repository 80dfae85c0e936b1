import { wroteHeaderLength } from './quote-headers';
import { isBlank, isQuotedLine, isQuoteMarked, nextNonBlank, quotedRunEnd } from './quoted-lines';
import { isOrnamentLine } from './rule-lines';
import { isMobileFooter } from './signature';

/**
 * True when a message holds quoted history and nothing else: every line is quoted, a quote
 * header over quoted lines, a rule or a mobile footer. Some clients send the thread back with no
 * new words (nested many levels deep); the reply is then empty, not the history. One pass: each
 * line is looked at once, a header's join of at most three lines aside.
 */
export function isOnlyQuotes(lines: readonly string[]): boolean {
  let sawQuote = false;
  let i = 0;
  while (i < lines.length) {
    const line = lines[i];
    if (isBlank(line) || isOrnamentLine(line) || isMobileFooter(line)) {
      i++;
    } else if (isQuotedLine(line)) {
      sawQuote = true;
      i = quotedRunEnd(lines, i);
    } else {
      const header = wroteHeaderLength(lines, i);
      const body = header > 0 ? nextNonBlank(lines, i + header) : lines.length;
      if (body >= lines.length || !isQuoteMarked(lines[body])) return false;
      sawQuote = true;
      i = quotedRunEnd(lines, body, isQuoteMarked);
    }
  }
  return sawQuote;
}
