/**
 * The catalogue of stable error and reason codes. Codes never change meaning once released:
 * hosts match on them, the webhook answers carry them, and inbound/outbound rows store them
 * as `reason_code`. Add new codes here, never inline.
 * @publicApi
 */
export const ErrorCode = {
  /** A setting is missing or invalid at boot. */
  CONFIG: 'EGW_CONFIG',
  /** The raw message exceeds `inbound.maxMessageBytes`. */
  MESSAGE_TOO_LARGE: 'EGW_MESSAGE_TOO_LARGE',
  /** The MIME could not be parsed. */
  PARSE: 'EGW_PARSE',
  /** Parsing took longer than `inbound.parseTimeoutMs`. */
  PARSE_TIMEOUT: 'EGW_PARSE_TIMEOUT',
  /** More MIME parts than `inbound.maxParts`. */
  TOO_MANY_PARTS: 'EGW_TOO_MANY_PARTS',
  /** A reply token failed verification. */
  REPLY_TOKEN_INVALID: 'EGW_REPLY_TOKEN_INVALID',
  /** A reply token is past its expiry. */
  REPLY_TOKEN_EXPIRED: 'EGW_REPLY_TOKEN_EXPIRED',
  /** A reply token or gateway Message-ID was asked for with an empty or unusable thread id, recipient or domain. */
  REPLY_TOKEN_INPUT: 'EGW_REPLY_TOKEN_INPUT',
  /** The sender of a matched reply is neither the token's recipient nor a participant. */
  SENDER_MISMATCH: 'EGW_SENDER_MISMATCH',
  /** The Messages API did not answer in time. */
  HTTP_TIMEOUT: 'EGW_HTTP_TIMEOUT',
  /** The Messages API answered with an error status. */
  HTTP_STATUS: 'EGW_HTTP_STATUS',
  /** A webhook signature or credential is missing or wrong. */
  WEBHOOK_SIGNATURE: 'EGW_WEBHOOK_SIGNATURE',
  /** A webhook body is malformed. */
  WEBHOOK_MALFORMED: 'EGW_WEBHOOK_MALFORMED',
  /** A webhook provider has no secret configured. */
  WEBHOOK_NOT_CONFIGURED: 'EGW_WEBHOOK_NOT_CONFIGURED',
  /** IMAP login failed. */
  IMAP_AUTH: 'EGW_IMAP_AUTH',
  /** IMAP connection failed or dropped. */
  IMAP_CONNECTION: 'EGW_IMAP_CONNECTION',
  /** SMTP refused the message permanently (5xx). */
  SMTP_PERMANENT: 'EGW_SMTP_PERMANENT',
  /** SMTP failed temporarily (4xx, network). */
  SMTP_TRANSIENT: 'EGW_SMTP_TRANSIENT',
  /** A header value or address contains CR, LF or control characters. */
  HEADER_INJECTION: 'EGW_HEADER_INJECTION',
  /** An outbound recipient address is invalid. */
  INVALID_RECIPIENT: 'EGW_INVALID_RECIPIENT',
  /** An outbound recipient is one of the gateway's own addresses or a no-reply / mailer-daemon address. */
  RECIPIENT_REFUSED: 'EGW_RECIPIENT_REFUSED',
  /** Outbound email is switched off (EMAIL_OUTBOUND_ENABLED=false). */
  OUTBOUND_DISABLED: 'EGW_OUTBOUND_DISABLED',
} as const;

/** @publicApi */
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];
