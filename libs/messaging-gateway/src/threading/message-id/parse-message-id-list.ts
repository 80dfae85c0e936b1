/** Only the last ids of a References header count for threading (the parent is last). */
export const MAX_PARSED_MESSAGE_IDS = 100;
/** RFC 5322 2.1.1 line limit: no real id is longer. */
const MAX_ID_LENGTH = 998;

/**
 * Message-IDs of an In-Reply-To or References value, without angle brackets, oldest first, the
 * last occurrence of a repeated id kept, at most the last 100. One pass, linear in the input:
 * - folding (CRLF + WSP) and whitespace inside brackets are removed;
 * - comments `( … )` are skipped, nested and with `\` escapes (RFC 5322 3.2.2 CFWS);
 * - ids without brackets (`a@b`, as Exchange and iOS sometimes write them) are words with an `@`
 *   inside (neither first nor last); stray `>` and `)` separate words;
 * - comma separators (RFC 2822 obs-references) are accepted; an unclosed `<` ends at the next `<`.
 * @publicApi
 */
export function parseMessageIdList(headerValue: string | null | undefined): string[] {
  if (typeof headerValue !== 'string') return [];
  const value = headerValue;
  const ids: string[] = [];
  const keep = (id: string) => {
    const at = id.lastIndexOf('@');
    if (id.length > MAX_ID_LENGTH || id.indexOf('@') < 1 || at === id.length - 1) return;
    ids.push(id);
    // Amortised trim keeps memory bounded on a hostile header with millions of ids.
    if (ids.length >= MAX_PARSED_MESSAGE_IDS * 2) ids.splice(0, ids.length - MAX_PARSED_MESSAGE_IDS);
  };
  let i = 0;
  while (i < value.length) {
    const char = value[i];
    if (char === '(') {
      i = skipComment(value, i);
    } else if (char === '<') {
      const close = readBracketed(value, i + 1);
      keep(close.id);
      i = close.next;
    } else if (isSeparator(char)) {
      i++;
    } else {
      let end = i;
      while (end < value.length && !isSeparator(value[end]) && value[end] !== '<' && value[end] !== '(') end++;
      keep(value.slice(i, end));
      i = end;
    }
  }
  return lastUnique(ids);
}

/** Between ids: whitespace, commas, and stray closing brackets or parentheses. */
function isSeparator(char: string): boolean {
  return (
    char === ' ' || char === ',' || char === '\t' || char === '\r' || char === '\n' || char === '>' || char === ')'
  );
}

/** Index after the comment that opens at `start`. */
function skipComment(value: string, start: number): number {
  let depth = 0;
  for (let i = start; i < value.length; i++) {
    const char = value[i];
    if (char === '\\') i++;
    else if (char === '(') depth++;
    else if (char === ')' && --depth === 0) return i + 1;
  }
  return value.length;
}

/** The id from `start` up to `>` (or up to a new `<`, or the end), whitespace removed. */
function readBracketed(value: string, start: number): { id: string; next: number } {
  let end = start;
  while (end < value.length && value[end] !== '>' && value[end] !== '<') end++;
  const id = value.slice(start, end).replace(/\s+/g, '');
  return { id, next: value[end] === '>' ? end + 1 : end };
}

function lastUnique(ids: string[]): string[] {
  const recent = ids.slice(-MAX_PARSED_MESSAGE_IDS * 2);
  const seen = new Set<string>();
  const unique: string[] = [];
  for (let i = recent.length - 1; i >= 0; i--) {
    if (seen.has(recent[i])) continue;
    seen.add(recent[i]);
    unique.push(recent[i]);
  }
  return unique.slice(0, MAX_PARSED_MESSAGE_IDS).reverse();
}
