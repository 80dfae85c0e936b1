/** Usenet-style quoting ("> ", ">>"), what every client writes. */
export function isQuotedLine(line: string): boolean {
  return /^\s{0,3}>/.test(line);
}

/**
 * Either quote mark: ">" or the "| " some clients quote a notification with. A Markdown table
 * row starts with "|" too, so any pipe line counts only right below a quote header.
 */
export function isQuoteMarked(line: string): boolean {
  return /^\s{0,3}(?:>|\|(?:\s|$))/.test(line);
}

/** "| text" with no other pipe: a pipe-quoted line, never a table row ("| a | b |"). */
export function isPipeQuotedLine(line: string): boolean {
  return /^\s{0,3}\|(?:[ \t][^|]*)?$/.test(line);
}

export function isBlank(line: string): boolean {
  return line.trim().length === 0;
}

/**
 * A line a client hard-wrapped out of the quote above it: unquoted, right under a long quoted
 * line, starting in lower case ("> … Nullam pharetra d" / "ignissim odio?").
 */
function isWrappedQuoteTail(lines: readonly string[], index: number): boolean {
  if (index === 0) return false;
  const previous = lines[index - 1];
  return isQuotedLine(previous) && previous.length >= 50 && /^\p{Ll}/u.test(lines[index]);
}

/**
 * Index just past the run of quoted (and blank) lines starting at `index`, trailing blanks
 * excluded. `isQuote` is `isQuoteMarked` below a quote header, where "| " quotes too.
 */
export function quotedRunEnd(lines: readonly string[], index: number, isQuote = isQuotedLine): number {
  let end = index;
  for (let i = index; i < lines.length; i++) {
    if (isQuote(lines[i]) || (end === i && isWrappedQuoteTail(lines, i))) end = i + 1;
    else if (!isBlank(lines[i])) break;
  }
  return end;
}

/** Next non-blank line at or after `index`, or `lines.length`. */
export function nextNonBlank(lines: readonly string[], index: number): number {
  let i = index;
  while (i < lines.length && isBlank(lines[i])) i++;
  return i;
}
