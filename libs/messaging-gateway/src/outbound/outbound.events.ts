/** Payload of `email.outbound.queued`. @publicApi */
export interface OutboundQueuedEvent {
  outboundEmailId: string;
  threadId: string | null;
  /** The host's message id (null for transactional mail). */
  messageId: string | null;
  /** Null only when the hand-over to a host queue failed; the sweeper retries it. */
  jobId: string | null;
}

/** Payload of `email.outbound.sent`: the SMTP server accepted the email. @publicApi */
export interface OutboundSentEvent {
  outboundEmailId: string;
  threadId: string | null;
  messageId: string | null;
  /** Our Message-ID, without angle brackets. */
  emailMessageId: string;
}

/** Payload of `email.outbound.failed`; `reasonCode` is an `OutboundReason`. @publicApi */
export interface OutboundFailedEvent {
  /** Null when no outbox row could be written (e.g. a `message.created` without ids). */
  outboundEmailId: string | null;
  threadId: string | null;
  messageId?: string | null;
  reasonCode: string;
}
