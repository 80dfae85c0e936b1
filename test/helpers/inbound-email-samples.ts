import { randomUUID } from 'node:crypto';

/** Raw emails in the formats real clients send, built per test so ids never collide. */
export interface SampleInput {
  from?: string;
  to?: string;
  cc?: string;
  subject?: string;
  messageId?: string;
  inReplyTo?: string;
  references?: string;
  body?: string;
  extraHeaders?: string[];
}

const CRLF = '\r\n';

export const newMessageId = (domain = 'mail.example.org'): string => `${randomUUID()}@${domain}`;

/** A plain-text email as Thunderbird writes it (format=flowed, 8bit UTF-8). */
export function plainEmail(input: SampleInput = {}): Buffer {
  const headers = [
    `From: ${input.from ?? 'Ann Customer <ann@example.org>'}`,
    `To: ${input.to ?? 'support@test.example'}`,
    ...(input.cc ? [`Cc: ${input.cc}`] : []),
    `Subject: ${input.subject ?? 'Question about my order'}`,
    `Date: Sun, 22 Nov 2026 10:00:00 +0100`,
    `Message-ID: <${input.messageId ?? newMessageId()}>`,
    ...(input.inReplyTo ? [`In-Reply-To: <${input.inReplyTo}>`] : []),
    ...(input.references ? [`References: ${input.references}`] : []),
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=UTF-8; format=flowed',
    'Content-Transfer-Encoding: 8bit',
    ...(input.extraHeaders ?? []),
  ];
  return Buffer.from(headers.join(CRLF) + CRLF + CRLF + (input.body ?? 'Hello, where is my order #1234?\r\n'));
}

/** A Gmail-style reply: multipart/alternative with a quoted history in both parts. */
export function gmailReply(input: SampleInput & { reply: string; quoted: string }): Buffer {
  const boundary = '000000000000a1b2c3d4e5f6';
  const headers = [
    'MIME-Version: 1.0',
    `Date: Sun, 22 Nov 2026 11:00:00 +0100`,
    `Message-ID: <${input.messageId ?? newMessageId('mail.gmail.com')}>`,
    ...(input.inReplyTo ? [`In-Reply-To: <${input.inReplyTo}>`] : []),
    ...(input.references ? [`References: ${input.references}`] : []),
    `Subject: ${input.subject ?? 'Re: Your question'}`,
    `From: ${input.from ?? 'Ann Customer <ann@example.org>'}`,
    `To: ${input.to ?? 'support@test.example'}`,
    `Content-Type: multipart/alternative; boundary="${boundary}"`,
  ];
  const text = `${input.reply}\r\n\r\nOn Sun, Nov 22, 2026 at 10:00 AM Support <support@test.example> wrote:\r\n\r\n> ${input.quoted}\r\n`;
  const html =
    `<div dir="ltr">${input.reply}</div><br><div class="gmail_quote"><div dir="ltr" class="gmail_attr">` +
    `On Sun, Nov 22, 2026 at 10:00 AM Support wrote:<br></div><blockquote class="gmail_quote">${input.quoted}</blockquote></div>`;
  return Buffer.from(
    headers.join(CRLF) +
      CRLF +
      CRLF +
      `--${boundary}\r\nContent-Type: text/plain; charset="UTF-8"\r\n\r\n${text}\r\n` +
      `--${boundary}\r\nContent-Type: text/html; charset="UTF-8"\r\n\r\n${html}\r\n` +
      `--${boundary}--\r\n`,
  );
}

/** An Outlook-style email with HTML and a PDF attachment. */
export function emailWithAttachment(
  input: SampleInput & { html: string; fileName: string; fileBytes: Buffer },
): Buffer {
  const outer = '_004_outer_';
  const inner = '_000_inner_';
  const headers = [
    `From: ${input.from ?? 'Bob Partner <bob@partner.example>'}`,
    `To: ${input.to ?? 'partnerships@test.example'}`,
    `Subject: ${input.subject ?? 'Contract draft'}`,
    `Message-ID: <${input.messageId ?? newMessageId('outlook.example')}>`,
    'MIME-Version: 1.0',
    `Content-Type: multipart/mixed; boundary="${outer}"`,
    ...(input.extraHeaders ?? []),
  ];
  const b64 = input.fileBytes.toString('base64').replace(/(.{76})/g, '$1\r\n');
  return Buffer.from(
    headers.join(CRLF) +
      CRLF +
      CRLF +
      `--${outer}\r\nContent-Type: multipart/alternative; boundary="${inner}"\r\n\r\n` +
      `--${inner}\r\nContent-Type: text/plain; charset="us-ascii"\r\n\r\n${input.body ?? 'Please find the draft attached.'}\r\n` +
      `--${inner}\r\nContent-Type: text/html; charset="us-ascii"\r\n\r\n${input.html}\r\n` +
      `--${inner}--\r\n\r\n` +
      `--${outer}\r\nContent-Type: application/pdf; name="${input.fileName}"\r\n` +
      `Content-Disposition: attachment; filename="${input.fileName}"\r\nContent-Transfer-Encoding: base64\r\n\r\n${b64}\r\n` +
      `--${outer}--\r\n`,
  );
}
