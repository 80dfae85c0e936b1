/** The direct call for hosts that do not emit events: `queueOutbound({...})` resolves with the job id. @publicApi */
export interface QueueOutboundInput {
  threadId: string;
  body: string;
  recipientEmail: string;
  /** The thread's subject; sent as `Re: <normalized subject>`. */
  subject: string;
  senderName?: string;
  html?: string;
  /** In-Reply-To; defaults to the last Message-ID stored for the thread. */
  lastEmailMessageId?: string;
  /** Makes a retried call a no-op; defaults to a hash of thread, recipient, subject and body. */
  messageId?: string;
}

/**
 * Transactional mail through the same outbox, queue and SMTP settings
 * (`OutboundEmailService.send`, used by the reference app's relay and "Test SMTP").
 * @publicApi
 */
export interface OutboundSendInput {
  /** One bare address. */
  to: string;
  /** One line; CR, LF and control characters are refused (`EGW_HEADER_INJECTION`). */
  subject: string;
  text: string;
  html?: string;
  /** Given: replies to this email come back to the thread (Reply-To reply+TOKEN, threading headers). */
  threadId?: string;
  /** True for machine mail (relay, notifications): adds Auto-Submitted and X-Auto-Response-Suppress. */
  automatic: boolean;
  /** Local part of the From address at SMTP_FROM's domain (e.g. `no-reply`); default SMTP_FROM itself. */
  fromLocalPart?: string;
  /** Extra headers (`X-…` and List-* only); structural headers are refused. */
  headers?: Record<string, string>;
  /** Makes a retried call a no-op (same outbox row, same job); default: every call is a new email. */
  idempotencyKey?: string;
}

/** @publicApi */
export interface OutboundSendResult {
  outboundEmailId: string;
  jobId: string;
  /** True when the idempotency key had already been used: nothing new was queued. */
  duplicate: boolean;
}

/** What the outbox needs to create one email to one recipient. */
export interface OutboundRequest {
  dedupeKey: string;
  threadId: string | null;
  hostMessageId: string | null;
  recipient: string;
  subject: string;
  text: string;
  html?: string;
  senderName?: string;
  automatic: boolean;
  inReplyTo?: string;
  fromLocalPart?: string;
  headers?: Record<string, string>;
  /** Stored attachments sent with the email (ids, never bytes). */
  attachments?: { id: string }[];
}

/** Stored in `outbound_emails.payload`: enough to compose the same email on every attempt. */
export interface OutboundPayload {
  text: string;
  html?: string;
  senderName?: string;
  fromLocalPart?: string;
  headers?: Record<string, string>;
  /** In-Reply-To and References as computed before the chain was stored (rows stored before the chain was). */
  inReplyTo?: string;
  references?: string[];
  /**
   * The thread's stored Message-IDs when the row was inserted (root and latest 40, oldest first),
   * read by the INSERT itself; In-Reply-To and References derive from them and `parentMessageId`.
   */
  threadMessageIds?: string[];
  /** The thread's `lastEmailMessageId` as the host gave it: the parent of the answer. */
  parentMessageId?: string;
  attachments?: { id: string }[];
}

/** Job data of the `outbound` queue: the row id; the worker reads the rest from Postgres. */
export interface OutboundJobData {
  outboundEmailId: string;
}

/** Which configured SMTP server: `SMTP_HOST` or `SMTP_BACKUP_HOST`. */
export type SmtpServerRole = 'primary' | 'backup';

/** Result of "Test SMTP". @publicApi */
export type SmtpTestResult =
  | { ok: true; server: SmtpServerRole; host: string; port: number }
  | { ok: false; server: SmtpServerRole; host: string; port: number; code: string; response: string };
