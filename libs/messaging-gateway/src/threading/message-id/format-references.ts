import { unwrapMessageId } from './gateway-message-id';

/** RFC 5322 2.1.1: lines SHOULD be at most 78 characters. */
const MAX_LINE = 78;
const HEADER_NAME = 'References: ';
const SAFE_ID = /^[^\s<>()\\,]+@[^\s<>()\\,]+$/;

/**
 * A References value: the root (first id) plus the most recent `max - 1` ids, each `<id>`,
 * folded with CRLF + space so no line exceeds 78 characters counting "References: " on the first
 * (an id longer than a line gets a line of its own). Ids with or without brackets are accepted;
 * anything that could break the header (whitespace, CR/LF, brackets) is dropped, as are repeats.
 * Trimming keeps the root and the parent, which is what threading clients use (RFC 5322 3.6.4).
 * @publicApi
 */
export function formatReferences(ids: Iterable<string>, max = 20): string {
  const limit = Math.max(2, Math.floor(max));
  const unique = [...new Set([...ids].filter((id) => typeof id === 'string').map(unwrapMessageId))].filter((id) =>
    SAFE_ID.test(id),
  );
  const kept = unique.length > limit ? [unique[0], ...unique.slice(unique.length - (limit - 1))] : unique;
  let out = '';
  let lineLength = HEADER_NAME.length;
  for (const id of kept) {
    const item = `<${id}>`;
    if (out === '') {
      out = item;
      lineLength += item.length;
    } else if (lineLength + 1 + item.length > MAX_LINE) {
      out += `\r\n ${item}`;
      lineLength = 1 + item.length;
    } else {
      out += ` ${item}`;
      lineLength += 1 + item.length;
    }
  }
  return out;
}
