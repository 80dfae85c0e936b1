import { type ParsedMail, simpleParser } from 'mailparser';

/** The pieces of an email classification looks at, decoded (charsets, transfer encodings). */
export interface ParsedReport {
  headers: Map<string, string>;
  subject: string;
  /** "Name <address>" of the sender, for bounce-sender heuristics. */
  from: string;
  /** Lower-cased addresses of To and From (never a failed recipient). */
  ownAddresses: Set<string>;
  /** `report-type` parameter of a multipart/report, lower-cased. */
  reportType: string;
  text: string;
  /**
   * The raw body below the top-level header (first 2 MB, as latin1): mailparser renders an
   * inline message/rfc822 part as text without its Message-ID, so embedded headers are read here.
   */
  rawBody: string;
  /** Decoded MIME parts mailparser keeps apart (message/*, text/rfc822-headers …) by content type. */
  parts: Array<{ contentType: string; content: string }>;
}

/** Raw header values by lower-cased name, unfolded (first occurrence wins). */
function headerMap(mail: ParsedMail): Map<string, string> {
  const headers = new Map<string, string>();
  for (const { key, line } of mail.headerLines) {
    if (headers.has(key)) continue;
    const colon = line.indexOf(':');
    headers.set(
      key,
      line
        .slice(colon + 1)
        .replace(/\r?\n[ \t]+/g, ' ')
        .trim(),
    );
  }
  return headers;
}

function addresses(mail: ParsedMail): Set<string> {
  const found = new Set<string>();
  for (const field of [mail.from, mail.to, mail.cc].flat()) {
    for (const entry of field?.value ?? []) if (entry.address) found.add(entry.address.toLowerCase());
  }
  return found;
}

const REPORT_PART = /^(?:message\/|text\/rfc822)/i;

const RAW_BODY_LIMIT = 2 * 1024 * 1024;
/** Classification reads the first 200 KB of a text at most; more of a raw body is never looked at. */
const RAW_TEXT_LIMIT = 200 * 1024;

function rawBodyOf(raw: Buffer | string): string {
  const head =
    typeof raw === 'string' ? raw.slice(0, RAW_BODY_LIMIT) : raw.subarray(0, RAW_BODY_LIMIT).toString('latin1');
  const end = /\r?\n\r?\n/.exec(head);
  return end ? head.slice(end.index + end[0].length) : '';
}

export async function parseReport(raw: Buffer | string): Promise<ParsedReport> {
  const mail = await simpleParser(raw, { skipImageLinks: true, skipTextLinks: true, skipTextToHtml: true });
  return reportFromParsed(mail, raw);
}

/** The same from a message already parsed by mailparser, so the inbound pipeline parses once. */
export function reportFromParsed(mail: ParsedMail, raw: Buffer | string): ParsedReport {
  const headers = headerMap(mail);
  const contentType = mail.headers.get('content-type') as { params?: Record<string, string> } | undefined;
  const rawBody = rawBodyOf(raw);
  return {
    headers,
    subject: mail.subject ?? '',
    from: mail.from?.text ?? '',
    ownAddresses: addresses(mail),
    reportType: (contentType?.params?.['report-type'] ?? '').toLowerCase(),
    // A nested part with a broken boundary leaves mailparser without any text (Verizon's
    // multipart/alternative puts `boundary=` on an unindented line): read the raw body then.
    text: mail.text ?? (typeof mail.html === 'string' ? '' : rawBody.slice(0, RAW_TEXT_LIMIT)),
    rawBody,
    // Only report parts are read (message/*, text/rfc822*): decoding a 300 KB PDF to text is waste.
    parts: mail.attachments
      .filter((attachment) => REPORT_PART.test(attachment.contentType))
      .map((attachment) => ({
        contentType: attachment.contentType.toLowerCase(),
        content: attachment.content.toString('utf8'),
      })),
  };
}
