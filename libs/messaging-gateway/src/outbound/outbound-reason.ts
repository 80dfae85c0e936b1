/**
 * `reason_code` values of outbound rows and `email.outbound.failed` events. Stable: hosts match
 * on them.
 * @publicApi
 */
export const OutboundReason = {
  /** The recipient is in `messaging_gateway_suppressions` (hard bounce, complaint, manual). */
  SUPPRESSED: 'suppressed',
  /** Over `outbound.maxPerRecipientPerHour` or `outbound.maxPerThreadPerHour`. */
  RATE_LIMITED: 'rate_limited',
  /** Not delivered within `outbound.expiryHours`; the last server reply is in `smtp_response`. */
  EXPIRED: 'expired',
  /** Not exactly one valid bare address. */
  INVALID_RECIPIENT: 'invalid_recipient',
  /** One of our own addresses, or a no-reply / mailer-daemon address: sending would loop. */
  RECIPIENT_REFUSED: 'recipient_refused',
  /** A header value carried CR, LF or control characters. */
  HEADER_INJECTION: 'header_injection',
  /** The SMTP server refused the message permanently (5xx). */
  SMTP_REJECTED: 'smtp_rejected',
  /** The last attempt failed temporarily (4xx, network, TLS, login): the email waits for its next attempt. */
  SMTP_UNAVAILABLE: 'smtp_unavailable',
  /**
   * The message was created by the gateway from a customer's email: emailing it would send their
   * own words back to them (a host that emits `message.created` for every message).
   */
  ECHO: 'echo',
  /** The host's `emailQueueService` reported that it could not send the email. */
  HOST_QUEUE_FAILED: 'host_queue_failed',
  /** A file of the answer was erased (`forgetThread`) or is gone from the store before it was sent. */
  ATTACHMENT_UNAVAILABLE: 'attachment_unavailable',
  /** The `message.created` payload could not be turned into an email. */
  EVENT_REJECTED: 'event_rejected',
} as const;

/** @publicApi */
export type OutboundReason = (typeof OutboundReason)[keyof typeof OutboundReason];
