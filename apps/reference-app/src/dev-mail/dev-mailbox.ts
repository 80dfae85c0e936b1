import { randomUUID } from 'node:crypto';
import { simpleParser, type AddressObject } from 'mailparser';
import type { CapturedEmail } from './captured-email';

/** Kept in memory: the newest 200 emails, or 20 MB of raw MIME, whichever is reached first. */
const MAX_EMAILS = 200;
const MAX_BYTES = 20 * 1024 * 1024;
const SHOWN_HEADERS = ['message-id', 'in-reply-to', 'references', 'reply-to', 'auto-submitted', 'list-unsubscribe'];

/**
 * The dev capture's store: bounded memory, newest first. Development mail is disposable, and
 * keeping it out of PostgreSQL keeps the capture free of any schema.
 */
export class DevMailbox {
  private readonly emails: CapturedEmail[] = [];
  private bytes = 0;

  constructor(readonly enabled: boolean) {}

  async add(raw: Buffer, envelope: { from: string; to: string[] }): Promise<CapturedEmail> {
    const parsed = await simpleParser(raw, { skipHtmlToText: false });
    const email: CapturedEmail = {
      id: randomUUID(),
      receivedAt: new Date(),
      envelope,
      from: addressText(parsed.from),
      to: addressText(parsed.to),
      replyTo: addressText(parsed.replyTo) || null,
      subject: parsed.subject ?? '',
      messageId: parsed.messageId ?? null,
      references: toArray(parsed.references),
      date: parsed.date ?? null,
      text: parsed.text ?? '',
      headers: parsed.headerLines
        .filter((line) => SHOWN_HEADERS.includes(line.key))
        .map((line) => ({
          name: line.line.slice(0, line.line.indexOf(':')),
          value: line.line.slice(line.line.indexOf(':') + 1).trim(),
        })),
      attachments: parsed.attachments.map((a) => ({
        filename: a.filename ?? 'attachment',
        contentType: a.contentType,
        size: a.size,
      })),
      raw,
    };
    this.emails.unshift(email);
    this.bytes += raw.length;
    while (this.emails.length > MAX_EMAILS || (this.bytes > MAX_BYTES && this.emails.length > 1)) {
      this.bytes -= this.emails.pop()!.raw.length;
    }
    return email;
  }

  list(): CapturedEmail[] {
    return [...this.emails];
  }

  get(id: string): CapturedEmail | undefined {
    return this.emails.find((email) => email.id === id);
  }

  clear(): void {
    this.emails.length = 0;
    this.bytes = 0;
  }
}

function addressText(address: AddressObject | AddressObject[] | undefined): string {
  if (!address) return '';
  return (Array.isArray(address) ? address : [address]).map((item) => item.text).join(', ');
}

function toArray(value: string | string[] | undefined): string[] {
  if (!value) return [];
  return Array.isArray(value) ? value : value.split(/\s+/).filter(Boolean);
}
