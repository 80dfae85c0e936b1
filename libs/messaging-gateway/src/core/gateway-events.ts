/**
 * Every event the gateway emits or consumes, in one place (EventEmitter2 names, DESIGN.md 4.4).
 * Payloads carry ids, never bodies: listeners fetch what they need.
 * @publicApi
 */
export const GatewayEvents = {
  /** Consumed: the host created a message; outbound answers are emailed. */
  MESSAGE_CREATED: 'message.created',
  /** A new email created a thread. */
  THREAD_CREATED: 'email.thread.created',
  /** An email became a message in a thread. */
  MESSAGE_CREATED_FROM_EMAIL: 'email.message.created',
  /** An inbound email reached a final status (delivered, ignored, rejected, failed). */
  PROCESSED: 'email.processed',
  OUTBOUND_QUEUED: 'email.outbound.queued',
  OUTBOUND_SENT: 'email.outbound.sent',
  OUTBOUND_FAILED: 'email.outbound.failed',
  /** An inbound email was held or refused (sender mismatch, loop …). */
  REJECTED: 'email.rejected',
  BOUNCED: 'email.bounced',
  /** An RFC 5965 feedback report (spam complaint, unsubscribe) suppressed its recipient(s). */
  COMPLAINT_RECEIVED: 'email.complaint.received',
  AUTO_REPLY_RECEIVED: 'email.auto_reply.received',
} as const;

/** @publicApi */
export type GatewayEventName = (typeof GatewayEvents)[keyof typeof GatewayEvents];
