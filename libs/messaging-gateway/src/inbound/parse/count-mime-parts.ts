const BOUNDARY_PARAM = /boundary\s*=\s*(?:"([^"\r\n]{1,200})"|([^\s;"\r\n]{1,200}))/gi;

/**
 * Counts the MIME parts of a raw message without parsing it, so a message with a million parts
 * is refused before mailparser builds a tree of them. Every declared multipart boundary is
 * collected, then every delimiter line (`--boundary`, RFC 2046 5.1.1) is counted in one pass.
 * Counting stops at `limit + 1`: the caller only needs to know whether the limit is passed.
 */
export function countMimeParts(raw: Buffer, limit: number): number {
  const text = raw.toString('latin1');
  const boundaries = new Set<string>();
  for (const match of text.matchAll(BOUNDARY_PARAM)) boundaries.add(match[1] ?? match[2]);
  if (boundaries.size === 0) return 1;
  let parts = 1;
  let at = text.startsWith('--') ? 0 : text.indexOf('\n--');
  while (at !== -1) {
    const start = text[at] === '\n' ? at + 3 : at + 2;
    let end = text.indexOf('\n', start);
    if (end === -1) end = text.length;
    const line = text.slice(start, end).replace(/\r$/, '').trimEnd();
    // A closing delimiter (`--boundary--`) ends a multipart and opens no part.
    if (boundaries.has(line) && !(line.endsWith('--') && boundaries.has(line.slice(0, -2)))) {
      if (++parts > limit) return parts;
    }
    at = text.indexOf('\n--', end);
  }
  return parts;
}
