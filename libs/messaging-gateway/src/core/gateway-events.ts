/**
 * Events the host emits and the gateway consumes (EventEmitter2 names).
 * @publicApi
 */
export const HostEvents = {
  /** The host created a message; an agent's answer on an email thread is emailed. */
  MESSAGE_CREATED: 'message.created',
} as const;

/**
 * Every event the gateway emits, in one place; each key is its name in upper snake case.
 * Payloads carry ids, never bodies: listeners fetch what they need.
 * @publicApi
 */
export const GatewayEvents = {
  /** A new email created a thread. */
  EMAIL_THREAD_CREATED: 'email.thread.created',
  /** An email became a message in a thread. */
  EMAIL_MESSAGE_CREATED: 'email.message.created',
  /** An inbound email reached a final status (delivered, ignored, rejected, failed). */
  EMAIL_PROCESSED: 'email.processed',
  /** An inbound email was held or refused (sender mismatch, loop …). */
  EMAIL_REJECTED: 'email.rejected',
  /** A bounce marked outbound emails bounced and fed the suppression list. */
  EMAIL_BOUNCED: 'email.bounced',
  /** An RFC 5965 feedback report (spam complaint, unsubscribe) suppressed its recipient(s). */
  EMAIL_COMPLAINT_RECEIVED: 'email.complaint.received',
  /** An auto-reply (out of office, vacation) arrived; it is recorded, never answered. */
  EMAIL_AUTO_REPLY_RECEIVED: 'email.auto_reply.received',
  /** An answer or transactional email is stored in the outbox and queued. */
  EMAIL_OUTBOUND_QUEUED: 'email.outbound.queued',
  /** The SMTP server accepted an outbound email. */
  EMAIL_OUTBOUND_SENT: 'email.outbound.sent',
  /** An outbound email reached a final failure, or an answer could not be queued. */
  EMAIL_OUTBOUND_FAILED: 'email.outbound.failed',
} as const;
