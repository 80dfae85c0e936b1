/**
 * A raw RFC 5322 header block (SendGrid's `headers` field) as name/value pairs in order,
 * continuation lines unfolded (RFC 5322 2.2.3). Lines that are not fields are skipped.
 */
export function parseHeaderBlock(block: string): Array<{ name: string; value: string }> {
  const fields: Array<{ name: string; value: string }> = [];
  for (const line of block.split(/\r?\n/)) {
    if (line === '') break;
    if (/^[ \t]/.test(line) && fields.length > 0) {
      fields[fields.length - 1].value += ` ${line.trim()}`;
      continue;
    }
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    fields.push({ name: line.slice(0, colon).trim(), value: line.slice(colon + 1).trim() });
  }
  return fields;
}
