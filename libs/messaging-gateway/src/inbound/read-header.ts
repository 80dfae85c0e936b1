/** Header blocks longer than this are not scanned: RFC 5322 headers of real mail stay far below. */
const MAX_HEADER_SCAN_BYTES = 256 * 1024;

const LF = 0x0a;
const CR = 0x0d;

/**
 * The header block as text: only the bytes before the first empty line are decoded (a 1 MB
 * attachment below the headers is never turned into a string at accept time).
 */
function headerBlock(raw: Buffer): string {
  const scan = raw.subarray(0, MAX_HEADER_SCAN_BYTES);
  for (let at = scan.indexOf(LF); at !== -1; at = scan.indexOf(LF, at + 1)) {
    const next = scan[at + 1] === CR ? at + 2 : at + 1;
    if (scan[next] === LF) return scan.subarray(0, at).toString('latin1');
  }
  return scan.toString('latin1');
}

/**
 * Reads one header's first value from raw MIME without parsing the message: only the header
 * block is scanned, and folded lines (RFC 5322 2.2.3) are unfolded. Used at accept time, where
 * the full parse is deliberately deferred to the worker.
 */
function readHeader(raw: Buffer, name: string): string | undefined {
  const block = headerBlock(raw);
  const wanted = name.toLowerCase() + ':';
  const lines = block.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    if (!lines[i].toLowerCase().startsWith(wanted)) continue;
    let value = lines[i].slice(wanted.length);
    while (i + 1 < lines.length && /^[ \t]/.test(lines[i + 1])) value += ' ' + lines[++i].trim();
    return value.trim();
  }
  return undefined;
}

/** An addr-spec as it may stand in a header: no spaces, brackets or quotes, one @, a dotted domain. */
const ADDRESS = /^[^\s<>"(),;:@]{1,64}@[a-z0-9-]+(?:\.[a-z0-9-]+)+$/i;

/**
 * The From header's address, lower-cased, only when it stands literally in the header (the last
 * `<…>`, or a bare address): an encoded word never yields one, as in the parser's trusted
 * addresses. Read at accept time so that the row names its sender while it is processed (the
 * outbound echo guard's "creation in flight" looks for it); processing overwrites it with the
 * parsed sender.
 */
export function readSenderAddress(raw: Buffer): string | undefined {
  const value = readHeader(raw, 'From');
  if (!value) return undefined;
  const bracketed = [...value.matchAll(/<([^<>]*)>/g)].pop()?.[1].trim();
  const candidate = bracketed ?? value;
  return ADDRESS.test(candidate) && candidate.length <= 320 ? candidate.toLowerCase() : undefined;
}

/** The Message-ID without angle brackets, or undefined when absent or empty. */
export function readMessageId(raw: Buffer): string | undefined {
  const value = readHeader(raw, 'Message-ID');
  const match = value?.match(/<([^<>\s]{1,990})>/) ?? value?.match(/^([^<>\s]{1,990})$/);
  return match?.[1];
}
