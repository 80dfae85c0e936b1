import { createHash } from 'node:crypto';
import MailComposer from 'nodemailer/lib/mail-composer';
import type Mail from 'nodemailer/lib/mailer';
import { ErrorCode } from '../../../core/errors/error-codes';
import { MessagingGatewayError } from '../../../core/errors/messaging-gateway.error';

/** A provider's parsed email (generic JSON, Postmark without RawEmail, SendGrid parsed mode). */
export interface ParsedEmail {
  /** Header fields in order; address, subject and threading headers among them are honoured. */
  headers: Array<{ name: string; value: string }>;
  text?: string;
  html?: string;
  attachments?: Array<{ filename?: string; contentType?: string; content: Buffer; contentId?: string }>;
}

/** The composed message and a key that is the same for the same parsed content (a dedupe key). */
export interface ComposedMime {
  raw: Buffer;
  contentKey: string;
}

/** Headers MailComposer writes itself from the body; a provider's copies would contradict it. */
const BODY_HEADERS = new Set(['content-type', 'content-transfer-encoding', 'mime-version', 'content-disposition']);
/** RFC 5322 3.6.8: a field name is printable US-ASCII except colon. */
const FIELD_NAME = /^[\x21-\x39\x3b-\x7e]+$/;

/**
 * Rebuilds RFC 5322 MIME from a parsed email with nodemailer's MailComposer: headers in their
 * order, Message-ID / In-Reply-To / References kept exactly (threading depends on them), text
 * and html as alternatives, attachments byte for byte. A CR or LF inside a value would forge
 * headers, so it is refused (EGW_HEADER_INJECTION) rather than cleaned.
 */
export async function composeMime(email: ParsedEmail): Promise<ComposedMime> {
  const headers: Mail.Headers = [];
  const mail: Mail.Options = { headers, disableFileAccess: true, disableUrlAccess: true };
  for (const { name, value } of email.headers) {
    refuseInjection(name, value);
    if (!FIELD_NAME.test(name)) throw injection(name);
    const key = name.toLowerCase();
    if (BODY_HEADERS.has(key)) continue;
    // Prepared: emitted as given (threading needs the exact ids). References is a structured
    // header for MailComposer, which keeps each <id> and only normalizes the spaces between them.
    if (key === 'message-id' || key === 'in-reply-to') {
      if (/^[\x20-\x7e\t]*$/.test(value)) {
        headers.push({ key: canonicalName(key), value: { prepared: true, value } as unknown as string });
        continue;
      }
    }
    headers.push({ key: name, value });
  }
  const attachments = (email.attachments ?? []).map((attachment) => {
    for (const value of [attachment.filename, attachment.contentType, attachment.contentId]) {
      refuseInjection('attachment', value ?? '');
    }
    return {
      filename: attachment.filename,
      contentType: attachment.contentType,
      content: attachment.content,
      cid: attachment.contentId,
    };
  });
  const contentKey = createHash('sha256')
    .update(
      JSON.stringify([
        email.headers,
        email.text ?? null,
        email.html ?? null,
        attachments.map((a) => [
          a.filename,
          a.contentType,
          a.cid,
          createHash('sha256').update(a.content).digest('hex'),
        ]),
      ]),
    )
    .digest('hex');
  // The same content gets the same boundaries, so a redelivery composes the same bytes.
  Object.assign(mail, { text: email.text, html: email.html, attachments, baseBoundary: contentKey.slice(0, 24) });
  const raw = await new MailComposer(mail).compile().build();
  return { raw, contentKey };
}

const canonicalName = (key: string): string => (key === 'message-id' ? 'Message-ID' : 'In-Reply-To');

const injection = (name: string): MessagingGatewayError =>
  new MessagingGatewayError(
    ErrorCode.HEADER_INJECTION,
    `The header "${name.slice(0, 40)}" has an invalid name or a CR/LF in its value; send single-line header values.`,
  );

function refuseInjection(name: string, value: string): void {
  if (/[\r\n\0]/.test(value)) throw injection(name);
}
