/** An email the dev capture server received, as the Dev mailbox shows it. */
export interface CapturedEmail {
  id: string;
  receivedAt: Date;
  /** SMTP envelope (MAIL FROM / RCPT TO), which may differ from the headers. */
  envelope: { from: string; to: string[] };
  from: string;
  to: string;
  replyTo: string | null;
  subject: string;
  /** Message-ID with its angle brackets. */
  messageId: string | null;
  references: string[];
  date: Date | null;
  text: string;
  /** Header lines worth showing (threading and automation headers), in order. */
  headers: { name: string; value: string }[];
  attachments: { filename: string; contentType: string; size: number }[];
  raw: Buffer;
}
