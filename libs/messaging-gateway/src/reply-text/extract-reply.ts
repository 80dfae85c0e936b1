import { forwardedBody } from './forwarded-body';
import { isHeaderBlockAt } from './header-block';
import { isOnlyQuotes } from './only-quotes';
import { isSeparatorLine, wroteHeaderLength } from './quote-headers';
import { isBlank, isPipeQuotedLine, isQuotedLine, nextNonBlank, quotedRunEnd } from './quoted-lines';
import { isReplyAboveMarker } from './reply-above-marker';
import { isRuleLine, trailingOrnamentsStart } from './rule-lines';
import { isMobileFooter, signatureStart } from './signature';

/** What a reply says, and what was trimmed from it. @publicApi */
export interface ReplyExtraction {
  /** The new words of the reply: no quoted history, no delimited or mobile signature. */
  reply: string;
  /** The trimmed part (quoted history, signature), for metadata and "show full text". */
  elided: string;
}

interface Cut {
  /** Lines kept before the quoted history. */
  keepEnd: number;
  /** Removed range [from, to); text after `to` (a bottom-posted answer) is kept. */
  from: number;
  to: number;
}

/**
 * Where the history starts when a header introduces it. After "On … wrote:" followed by
 * ">"-quoted text, new text below the quote means a bottom-posted answer (one quote block) or an
 * interleaved one (several): the first keeps what follows, the second keeps everything.
 */
function cutAtWroteHeader(lines: readonly string[], header: number, length: number): Cut | null {
  const bodyStart = nextNonBlank(lines, header + length);
  if (bodyStart >= lines.length || !isQuotedLine(lines[bodyStart])) {
    return { keepEnd: header, from: header, to: lines.length };
  }
  const quoteEnd = quotedRunEnd(lines, bodyStart);
  const after = nextNonBlank(lines, quoteEnd);
  if (after >= lines.length) return { keepEnd: header, from: header, to: lines.length };
  for (let i = after; i < lines.length; i++) {
    if (isQuotedLine(lines[i])) return null; // interleaved answers: the quotes are context
  }
  if (signatureStart(lines, lines.length) <= after) return { keepEnd: header, from: header, to: lines.length };
  return { keepEnd: header, from: header, to: quoteEnd };
}

/** Moves a cut up over the rule line and blank lines Outlook and Hotmail put above a header block. */
function includeRuleAbove(lines: readonly string[], index: number): number {
  let start = index;
  while (start > 0 && isBlank(lines[start - 1])) start--;
  if (start > 0 && isRuleLine(lines[start - 1])) return start - 1;
  return index;
}

function findCut(lines: readonly string[]): Cut | null {
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (isBlank(line)) continue;
    const isQuote = isQuotedLine(line) ? isQuotedLine : isPipeQuotedLine(line) ? isPipeQuotedLine : null;
    if (isQuote) {
      const end = quotedRunEnd(lines, i, isQuote);
      const after = nextNonBlank(lines, end);
      // A trailing quote (optionally followed by a signature) is history; one in the middle stays.
      if (after >= lines.length || signatureStart(lines, lines.length) <= after) {
        return { keepEnd: i, from: i, to: lines.length };
      }
      i = end - 1;
      continue;
    }
    // Mobile clients put their footer right above the quoted mail, often with no header at all.
    if (isMobileFooter(line) && nextNonBlank(lines, i + 1) < lines.length) {
      return { keepEnd: i, from: i, to: lines.length };
    }
    const headerLength = wroteHeaderLength(lines, i);
    if (headerLength > 0) {
      const cut = cutAtWroteHeader(lines, i, headerLength);
      if (cut) return cut;
      return null;
    }
    if (isSeparatorLine(line) || isReplyAboveMarker(line) || isHeaderBlockAt(lines, i)) {
      const start = includeRuleAbove(lines, i);
      return { keepEnd: start, from: start, to: lines.length };
    }
  }
  return null;
}

function trimBlankLines(lines: readonly string[]): string {
  return lines
    .join('\n')
    .replace(/^\s*\n/, '')
    .trimEnd();
}

/**
 * The new words of `lines` once the history is cut: a trailing signature and trailing rules
 * ("***", "--", "ᐧ") go to `signature`. When an answer follows the quote (bottom-posting), the
 * signature is looked for under it.
 */
function splitSignature(keptTop: string[], keptBottom: string[]): { replyLines: string[]; signature: string[] } {
  const bottomPosted = keptBottom.some((line) => !isBlank(line));
  const part = bottomPosted ? keptBottom : keptTop;
  const sigStart = trailingOrnamentsStart(part, signatureStart(part, trailingOrnamentsStart(part, part.length)));
  const words = part.slice(0, sigStart);
  return { replyLines: bottomPosted ? [...keptTop, ...words] : words, signature: part.slice(sigStart) };
}

/**
 * Removes quoted history and signatures from a plain-text reply. Line-based and linear: each
 * line is tested against a fixed set of bounded patterns, at most three lines at a time.
 * A message that opens with a forward header keeps the forwarded body; a message that is only
 * quoted history yields an empty reply.
 * @publicApi
 */
export function extractReply(text: string): ReplyExtraction {
  const allLines = text.replace(/\r\n?/g, '\n').split('\n');
  const { header, body: lines } = forwardedBody(allLines);
  const cut = findCut(lines);
  const keptTop = cut ? lines.slice(0, cut.keepEnd) : lines;
  const keptBottom = cut ? lines.slice(cut.to) : [];
  const removed = cut ? lines.slice(cut.from, cut.to) : [];
  const { replyLines, signature } = splitSignature(keptTop, keptBottom);
  const reply = trimBlankLines(replyLines);
  if (!reply.trim()) {
    // Nothing but history: no reply. Anything else that left nothing: never lose the words.
    return isOnlyQuotes(allLines) ? { reply: '', elided: text.trim() } : { reply: text.trim(), elided: '' };
  }
  const forwardHeader = trimBlankLines(header);
  const elided = [forwardHeader, trimBlankLines(signature), trimBlankLines(removed)].filter(Boolean).join('\n\n');
  return { reply, elided };
}
