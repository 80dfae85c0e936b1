/*
 * Reply and forward prefixes as mail clients write them, lowercase (compared after NFC and
 * lowercasing, with the Turkish dotted capital İ read as i). A prefix counts only when a colon
 * follows, optionally after a counter (Re[2]:, Re(3):, Re^2:) and spaces (French "RE :"), so
 * "Reply needed", "Really?" or "TRUE" are never touched.
 */
const PREFIXES = new Set([
  // English and international
  're', 'fwd', 'fw',
  // German, Dutch
  'aw', 'wg', 'antw', 'antwort', 'doorst',
  // Scandinavian, Finnish: svar, videresend / vidarebefordrat, vastaus, välitetty
  'sv', 'vs', 'vb', 'vl',
  // Italian: riferimento / R, inoltrato; French: réf, transféré; Spanish: RV; Portuguese: RES, ENC
  'rif', 'r', 'i', 'réf', 'ref', 'ré', 'tr', 'rv', 'res', 'enc',
  // Polish, Czech, Slovak; Hungarian; Turkish; Baltic
  'odp', 'pd', 'vá', 'tov', 'ynt', 'ilt', 'atb', 'pārs', 'ats', 'pers',
  // Greek, Cyrillic
  'απ', 'σχετ', 'πρθ', 'отв', 'ответ', 'пересл', 'відп',
  // Chinese, Japanese, Korean
  '回复', '回覆', '转发', '轉寄', '答复', '答覆', '返信', '転送', '회신', '전달',
  // Hebrew, Arabic
  'השב', 'הועבר', 'رد',
]); // prettier-ignore
/** Longest prefix word in code units, so a scan never reads far into ordinary words. */
const MAX_PREFIX_LENGTH = 8;
/** Longest `[list tag]` stripped; a longer bracket is part of the subject. */
const MAX_TAG_LENGTH = 64;
const LETTER = /[\p{L}\p{M}]/u;
const WHITESPACE_AND_CONTROLS = /[\s\u0000-\u001f\u007f]+/g;

/**
 * The subject without reply/forward prefixes (any language, repeated, mixed, with counters,
 * full-width colons and the old `[Fwd: …]` wrapping) and without leading list tags such as
 * `[support]` or `[Ticket #123]`. Whitespace is collapsed and trimmed; the rest is kept as written.
 * Idempotent, linear in the length (every step consumes input; each look-ahead is bounded).
 * A subject that is only prefixes and tags normalizes to "".
 * @publicApi
 */
export function normalizeSubject(subject: string | null | undefined): string {
  if (typeof subject !== 'string') return '';
  const text = subject.replace(WHITESPACE_AND_CONTROLS, ' ').trim();
  let start = 0;
  let end = text.length;
  for (;;) {
    if (text[start] === ' ') start++;
    if (start >= end) break;
    if (text[start] === '[') {
      const wrapped = prefixLength(text, start + 1, end);
      if (wrapped > 0) {
        // "[Fwd: original subject]": the wrapper goes with its closing bracket.
        start += 1 + wrapped;
        if (text[end - 1] === ']') end--;
        continue;
      }
      const close = listTagEnd(text, start, end);
      if (close < 0) break;
      start = close;
      continue;
    }
    const length = prefixLength(text, start, end);
    if (length === 0) break;
    start += length;
  }
  return text.slice(start, end).trim();
}

/** The lowercased normalized subject (NFKC folds full-width letters): the key subjects match on. @publicApi */
export function subjectKey(subject: string | null | undefined): string {
  return normalizeSubject(subject).normalize('NFKC').toLowerCase();
}

/** Length of the prefix ("Re:", "AW[2] :", "回复：") at `start`, or 0 when there is none. */
function prefixLength(text: string, start: number, end: number): number {
  let i = start;
  while (i < end && i - start <= MAX_PREFIX_LENGTH && LETTER.test(text[i])) i++;
  if (i === start || i - start > MAX_PREFIX_LENGTH) return 0;
  const word = text
    .slice(start, i)
    .normalize('NFC')
    .toLowerCase()
    .replace(/\u0307/g, '');
  if (!PREFIXES.has(word)) return 0;
  const counterStart = text[i] === ' ' ? i + 1 : i;
  const counterEnd = skipCounter(text, counterStart, end);
  if (counterEnd > counterStart) i = counterEnd;
  if (text[i] === ' ') i++;
  return i < end && (text[i] === ':' || text[i] === '\uff1a') ? i + 1 - start : 0;
}

/** Index after a counter `[n]`, `(n)` or `^n` at `i` (at most 4 digits), or `i` itself. */
function skipCounter(text: string, i: number, end: number): number {
  const open = text[i];
  const close = open === '[' ? ']' : open === '(' ? ')' : open === '^' ? '' : undefined;
  if (close === undefined) return i;
  let j = i + 1;
  while (j < end && j - i <= 4 && text[j] >= '0' && text[j] <= '9') j++;
  if (j === i + 1) return i;
  if (close === '') return j;
  return text[j] === close ? j + 1 : i;
}

/** Index after the `[tag]` opening at `start`, or -1 when it is not a short, closed tag. */
function listTagEnd(text: string, start: number, end: number): number {
  const limit = Math.min(end, start + MAX_TAG_LENGTH);
  for (let i = start + 1; i < limit; i++) {
    if (text[i] === ']') return i > start + 1 ? i + 1 : -1;
    if (text[i] === '[') return -1;
  }
  return -1;
}
