import { isIP } from 'node:net';

/** What SPF needs of the SMTP session that brought the email in. */
export interface SmtpClient {
  ip: string;
  helo?: string;
}

const FROM_CLAUSE = /^received:\s*from\s+(\S+)[^;]*?\[(?:ipv6:)?([0-9a-f:.]+)\]/i;

/**
 * The client of the hop where the email entered the receiving side, read from the Received
 * headers the receiving servers prepended (RFC 5321 4.4: every relay adds one on top). The
 * topmost header with a public client address is taken: hops inside the receiving network
 * (loopback, private, link-local addresses: the MX handing over to the mailbox store) are
 * skipped, and anything below that hop was written by the sender and is never read. Used for
 * IMAP and for provider webhooks that forward the message as their MX received it; the generic
 * webhook names its client explicitly instead.
 */
export function receivingHopClient(headerLines: { key: string; line: string }[]): SmtpClient | null {
  for (const { key, line } of headerLines) {
    if (key !== 'received') continue;
    const match = FROM_CLAUSE.exec(line.replace(/\r?\n[ \t]+/g, ' '));
    if (!match || !isIP(match[2])) continue;
    if (isInternal(match[2])) continue;
    return { ip: match[2], helo: match[1].replace(/[()]/g, '') };
  }
  return null;
}

function isInternal(ip: string): boolean {
  if (isIP(ip) === 6) {
    const lower = ip.toLowerCase();
    const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(lower);
    if (mapped) return isInternal(mapped[1]);
    return lower === '::1' || /^f[cd]/.test(lower) || /^fe[89ab]/.test(lower);
  }
  const [a, b] = ip.split('.').map(Number);
  return (
    a === 10 ||
    a === 127 ||
    (a === 172 && b >= 16 && b <= 31) ||
    (a === 192 && b === 168) ||
    (a === 169 && b === 254) ||
    (a === 100 && b >= 64 && b <= 127) ||
    a === 0
  );
}
