import { Readable } from 'node:stream';
import { type EmailAddress, type ParsedMail, simpleParser } from 'mailparser';
import { ErrorCode } from '../../core/errors/error-codes';
import { MessagingGatewayError } from '../../core/errors/messaging-gateway.error';
import { parseMessageIdList } from '../../threading/message-id/parse-message-id-list';
import type { InboundEnvelope } from '../inbound-accept.types';
import { countMimeParts } from './count-mime-parts';
import type { InboundAttachmentMeta, ParsedInboundEmail } from './parsed-inbound-email.types';
import { sanitizeEmailHtml } from './sanitize-email-html';
import { stripNul } from './strip-nul';
import { headerAddresses, trustedAddresses } from './trusted-addresses';
import { safeFileName } from '../../storage/safe-file-name';

/** Limits of one parse (`inbound.maxMessageBytes`, `inbound.maxParts`, `inbound.parseTimeoutMs`). */
export interface ParseLimits {
  maxBytes: number;
  maxParts: number;
  timeoutMs: number;
}

/** A header field (RFC 5322 2.2: printable ASCII name, colon), or an mbox `From ` separator line. */
const HEADER_FIELD = /^(?:[\x21-\x39\x3b-\x7e]{1,200}[ \t]*:|From )/;

/** Texts longer than this are cut: a message body is for reading, not for archiving megabytes. */
const MAX_TEXT_CHARS = 1_000_000;

/**
 * Parses raw MIME under limits into a `ParsedInboundEmail`, together with mailparser's result
 * (classification reads it too, so the message is parsed once). Throws permanent
 * `MessagingGatewayError`s: EGW_MESSAGE_TOO_LARGE, EGW_TOO_MANY_PARTS, EGW_PARSE_TIMEOUT, EGW_PARSE.
 */
export async function parseInboundEmail(
  raw: Buffer,
  envelope: InboundEnvelope,
  limits: ParseLimits,
): Promise<{ email: ParsedInboundEmail; mail: ParsedMail }> {
  if (raw.length > limits.maxBytes) {
    throw new MessagingGatewayError(ErrorCode.MESSAGE_TOO_LARGE, `${raw.length} bytes, over inbound.maxMessageBytes`);
  }
  const parts = countMimeParts(raw, limits.maxParts);
  if (parts > limits.maxParts) {
    throw new MessagingGatewayError(
      ErrorCode.TOO_MANY_PARTS,
      `more than ${limits.maxParts} MIME parts (inbound.maxParts)`,
    );
  }
  const mail = await parseWithBudget(raw, limits.timeoutMs);
  // mailparser accepts anything; bytes that do not open with a header field are not an email (RFC 5322 2.1).
  if (!HEADER_FIELD.test(raw.subarray(0, 1000).toString('latin1'))) {
    throw new MessagingGatewayError(ErrorCode.PARSE, 'not an RFC 5322 message: no header fields before the body');
  }
  return { email: toInboundEmail(mail, envelope), mail };
}

function toInboundEmail(mail: ParsedMail, envelope: InboundEnvelope): ParsedInboundEmail {
  const raw = rawHeaders(mail);
  const first = (name: string): string => raw.get(name)?.[0] ?? '';
  const authentication = raw.get('authentication-results')?.[0] ?? envelope.authenticationResults;
  return {
    from: trustedAddresses(mail.from, first('from'))[0] ?? null,
    senderCount: Math.max(addressCount(mail.from), raw.get('from')?.length ?? 0),
    to: trustedAddresses(mail.to, (raw.get('to') ?? []).join(',')),
    cc: trustedAddresses(mail.cc, (raw.get('cc') ?? []).join(',')),
    deliveredTo: headerAddresses([
      ...(raw.get('delivered-to') ?? []),
      ...(raw.get('x-original-to') ?? []),
      ...(raw.get('envelope-to') ?? []),
    ]),
    envelopeRecipients: headerAddresses((envelope.recipients ?? []).filter((r) => typeof r === 'string')),
    subject: stripNul(mail.subject ?? '').slice(0, 998),
    text: stripNul(mail.text ?? '').slice(0, MAX_TEXT_CHARS),
    html: typeof mail.html === 'string' ? stripNul(sanitizeEmailHtml(mail.html)).slice(0, MAX_TEXT_CHARS) : null,
    messageId: parseMessageIdList(first('message-id'))[0] ?? null,
    inReplyTo: parseMessageIdList(first('in-reply-to')),
    references: parseMessageIdList((raw.get('references') ?? []).join(' ')),
    attachments: mail.attachments.map(attachmentMeta),
    authenticationResults: typeof authentication === 'string' ? stripNul(authentication).slice(0, 4000) : null,
    markedImportant: /^\s*high\b/i.test(first('importance')) || /^\s*[12]\b/.test(first('x-priority')),
  };
}

/** Every mailbox a From names, inside groups too, trusted or not: two authors are ambiguous either way. */
function addressCount(field: ParsedMail['from']): number {
  const count = (entries: EmailAddress[]): number =>
    entries.reduce((sum, entry) => sum + (entry.group ? count(entry.group) : entry.address ? 1 : 0), 0);
  return field ? count(field.value) : 0;
}

/** Header values by lower-cased name, unfolded, every occurrence kept, not decoded. */
function rawHeaders(mail: ParsedMail): Map<string, string[]> {
  const map = new Map<string, string[]>();
  for (const { key, line } of mail.headerLines) {
    const value = line
      .slice(line.indexOf(':') + 1)
      .replace(/\r?\n[ \t]+/g, ' ')
      .trim();
    const list = map.get(key);
    if (list) list.push(value);
    else map.set(key, [value]);
  }
  return map;
}

function attachmentMeta(attachment: ParsedMail['attachments'][number]): InboundAttachmentMeta {
  return {
    name: safeFileName(attachment.filename),
    type: stripNul(attachment.contentType || 'application/octet-stream').slice(0, 255),
    size: attachment.size ?? attachment.content?.length ?? 0,
    ...(attachment.contentId ? { contentId: stripNul(attachment.contentId).slice(0, 255) } : {}),
    inline: attachment.contentDisposition === 'inline',
  };
}

export { safeFileName } from '../../storage/safe-file-name';

/** Fed to mailparser in slices, so a parse past its budget can be stopped between two of them. */
const SLICE_BYTES = 256 * 1024;

/**
 * simpleParser under a time budget. The message is streamed in slices; at the deadline the
 * source is destroyed with an error, which makes simpleParser destroy its parser too, so an
 * abandoned parse stops consuming CPU instead of finishing in the background. `keepCidLinks`
 * leaves `cid:` images as they are (the sanitizer allows them) instead of inlining every image
 * as a base64 data: URL.
 */
function parseWithBudget(raw: Buffer, ms: number): Promise<ParsedMail> {
  const source = Readable.from(
    (function* slices() {
      for (let at = 0; at < raw.length; at += SLICE_BYTES) yield raw.subarray(at, at + SLICE_BYTES);
    })(),
  );
  const tooSlow = (): MessagingGatewayError =>
    new MessagingGatewayError(ErrorCode.PARSE_TIMEOUT, `parsing took longer than ${ms} ms (inbound.parseTimeoutMs)`);
  let timer: NodeJS.Timeout | undefined;
  // Rejects at the deadline even when the source was already fully read (the parser then works on alone).
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      source.destroy(tooSlow());
      reject(tooSlow());
    }, ms);
  });
  const options = { skipImageLinks: true, skipTextLinks: true, skipTextToHtml: true, keepCidLinks: true };
  const parsed = simpleParser(source, options).catch((error: Error) => {
    if (error instanceof MessagingGatewayError) throw error;
    throw new MessagingGatewayError(ErrorCode.PARSE, `the MIME could not be parsed: ${error.message}`.slice(0, 300));
  });
  return Promise.race([parsed, deadline]).finally(() => clearTimeout(timer));
}
