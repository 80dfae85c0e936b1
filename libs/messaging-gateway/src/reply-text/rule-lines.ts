/**
 * Lines drawn rather than written: the long rule Outlook and Hotmail put above a quoted header
 * block, and the short rules and marks people and tools leave at the end of a reply ("--",
 * "***", "~~~~", Gmail's tracking dot "ᐧ"), which carry no words.
 */

/** Characters rules are drawn with, dashes of every width included. */
const RULE_CHARACTERS = /^[\s\-_=*#~+—–]+$/;
/** Gmail extensions (Mailtrack, Streak) append this mark, U+1427, alone on a line. */
const TRACKING_DOT = /^\s*ᐧ\s*$/;
/** A rule is at least this many marks; a lone "-" or "*" may be a list bullet or a footnote. */
const MIN_RULE_MARKS = 2;

/** True for a line made only of a rule Outlook and Hotmail put above the header block. */
export function isRuleLine(line: string): boolean {
  return /^\s*(?:_{8,}|-{8,}|—{4,}|={4,})\s*$/.test(line);
}

/** True for a line of rule characters only ("--", "***", "####", "~~~~", "====", "____", "++++") or "ᐧ". */
export function isOrnamentLine(line: string): boolean {
  if (line.length > 200) return false;
  if (TRACKING_DOT.test(line)) return true;
  return RULE_CHARACTERS.test(line) && line.replace(/\s/g, '').length >= MIN_RULE_MARKS;
}

/** Index where the trailing run of ornament and blank lines of `lines[0 .. end)` starts. */
export function trailingOrnamentsStart(lines: readonly string[], end: number): number {
  let start = end;
  while (start > 0 && (!lines[start - 1].trim() || isOrnamentLine(lines[start - 1]))) start--;
  return start;
}
