import { randomBytes } from 'node:crypto';
import { newMessageId } from './inbound-email-samples';

const CRLF = '\r\n';
const b64 = (bytes: Buffer): string => bytes.toString('base64').replace(/(.{76})/g, `$1${CRLF}`);

/** A file of an email under test: its MIME headers say how it is attached. */
export interface MimeFile {
  name: string;
  type: string;
  bytes: Buffer;
  contentId?: string;
  inline?: boolean;
  /** Sent as 8bit text instead of base64 (so its words appear literally in the raw MIME). */
  literal?: boolean;
}

export const pdfBytes = (): Buffer => Buffer.concat([Buffer.from('%PDF-1.4\n'), randomBytes(40_000)]);
/** A 1×1 PNG. */
export const pngBytes = (): Buffer =>
  Buffer.from(
    'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
    'base64',
  );

/** multipart/related with an HTML body and its files, as mail clients send an image pasted in the text. */
export function emailWithFiles(files: MimeFile[], options: { from?: string; subject?: string; text?: string } = {}) {
  const boundary = `b_${randomBytes(6).toString('hex')}`;
  const parts = files.map((file) => {
    const disposition = `${file.inline ? 'inline' : 'attachment'}; filename="${file.name}"`;
    return [
      `--${boundary}`,
      `Content-Type: ${file.type}; name="${file.name}"`,
      `Content-Disposition: ${disposition}`,
      ...(file.contentId ? [`Content-ID: <${file.contentId}>`] : []),
      `Content-Transfer-Encoding: ${file.literal ? '8bit' : 'base64'}`,
      '',
      file.literal ? file.bytes.toString('utf8') : b64(file.bytes),
    ].join(CRLF);
  });
  const cid = files.find((file) => file.contentId)?.contentId;
  const html = `<p>${options.text ?? 'See attached.'}</p>${cid ? `<img src="cid:${cid}">` : ''}`;
  return Buffer.from(
    [
      `From: ${options.from ?? 'Carol Customer <carol@customer.example>'}`,
      'To: support@test.example',
      `Subject: ${options.subject ?? 'Files for you'}`,
      `Message-ID: <${newMessageId()}>`,
      'MIME-Version: 1.0',
      `Content-Type: multipart/mixed; boundary="${boundary}"`,
      '',
      `--${boundary}`,
      'Content-Type: text/html; charset=utf-8',
      '',
      html,
      ...parts,
      `--${boundary}--`,
      '',
    ].join(CRLF),
  );
}
