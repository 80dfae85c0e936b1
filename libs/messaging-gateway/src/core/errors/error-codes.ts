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
  /** A signed webhook timestamp is outside `webhook.maxAgeMs` (too old or in the future): check the clocks (NTP). */
  WEBHOOK_TIMESTAMP: 'EGW_WEBHOOK_TIMESTAMP',
  /** A one-time webhook token (Mailgun) was presented again: a replayed request. */
  WEBHOOK_REPLAY: 'EGW_WEBHOOK_REPLAY',
  /** The webhook request body exceeds `webhook.maxBodyBytes`. */
  WEBHOOK_TOO_LARGE: 'EGW_WEBHOOK_TOO_LARGE',
  /** Too many webhook requests from one client IP (`webhook.rateLimitPerMinute`). */
  WEBHOOK_RATE_LIMITED: 'EGW_WEBHOOK_RATE_LIMITED',
  /** `/gateway/inbound/:provider` names a provider the gateway does not know, or none could be detected. */
  WEBHOOK_UNKNOWN_PROVIDER: 'EGW_WEBHOOK_UNKNOWN_PROVIDER',
  /** A well-formed delivery the gateway cannot take (SES S3 action, a Resend email without raw MIME). */
  WEBHOOK_UNSUPPORTED: 'EGW_WEBHOOK_UNSUPPORTED',
  /** Fetching from the provider (Resend API, SNS certificate or subscription URL) failed. */
  WEBHOOK_FETCH: 'EGW_WEBHOOK_FETCH',
  /** A dependency of the webhook checks (Redis replay cache, rate limiter) is unavailable; the provider should retry. */
  WEBHOOK_UNAVAILABLE: 'EGW_WEBHOOK_UNAVAILABLE',
  /** An unexpected failure; details are in the server log, never in the answer. */
  INTERNAL: 'EGW_INTERNAL',
  /** IMAP login failed: the server refused the password or OAuth2 token, or the token endpoint refused the client. */
  IMAP_AUTH: 'EGW_IMAP_AUTH',
  /** No OAuth2 access token for IMAP: the token endpoint (or the host's `imap.accessToken`) failed, timed out or answered unusably; retried. */
  IMAP_OAUTH_TOKEN: 'EGW_IMAP_OAUTH_TOKEN',
  /** IMAP connection failed or dropped. */
  IMAP_CONNECTION: 'EGW_IMAP_CONNECTION',
  /** The configured IMAP mailbox (or processed mailbox) cannot be opened or created. */
  IMAP_MAILBOX: 'EGW_IMAP_MAILBOX',
  /** PostgreSQL could not be reached or refused a write the gateway needs (retried). */
  DATABASE: 'EGW_DATABASE',
  /** An IMAP message could not be stored after repeated attempts; it was recorded and skipped. */
  IMAP_STORE_FAILED: 'EGW_IMAP_STORE_FAILED',
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
  /** A `message.created` for a message the gateway created from an email: not emailed back (it would echo). */
  OUTBOUND_ECHO: 'EGW_OUTBOUND_ECHO',
  /** No outbound email has this id. */
  OUTBOUND_NOT_FOUND: 'EGW_OUTBOUND_NOT_FOUND',
  /** `resend()` was asked for an outbound email that is not failed, or can never be sent (its recipient is invalid or refused). */
  OUTBOUND_NOT_RESENDABLE: 'EGW_OUTBOUND_NOT_RESENDABLE',
  /** `reportOutcome()` was given an email that is not waiting in a host `emailQueueService`. */
  OUTBOUND_NOT_HANDED_OVER: 'EGW_OUTBOUND_NOT_HANDED_OVER',
  /** Outbound email is switched off (EMAIL_OUTBOUND_ENABLED=false). */
  OUTBOUND_DISABLED: 'EGW_OUTBOUND_DISABLED',
  /** `AutomaticMailService.handle` was given a person's email (kind `message`) from a foreign address. */
  NOT_AUTOMATIC_MAIL: 'EGW_NOT_AUTOMATIC_MAIL',
  /** `replay()` was asked for an inbound email that is not failed (a delivered email is never replayed). */
  INBOUND_NOT_REPLAYABLE: 'EGW_INBOUND_NOT_REPLAYABLE',
  /** No inbound email has this id. */
  INBOUND_NOT_FOUND: 'EGW_INBOUND_NOT_FOUND',
  /** The raw MIME of the inbound email was purged by the retention policy, so it cannot be processed. */
  INBOUND_RAW_PURGED: 'EGW_INBOUND_RAW_PURGED',
  /** The inbound email is being processed by another worker; the queue retries later. */
  INBOUND_BUSY: 'EGW_INBOUND_BUSY',
  /** Processing an inbound email failed for an unexpected reason (a database error, a bug). */
  INBOUND_PROCESSING: 'EGW_INBOUND_PROCESSING',
  /** The Messages API could not be reached (network error, refused connection). */
  HTTP_NETWORK: 'EGW_HTTP_NETWORK',
  /** The attachment store could not be written or read (disk full, S3 unreachable); transient: the email retries. */
  ATTACHMENT_STORE: 'EGW_ATTACHMENT_STORE',
  /** No attachment has this id. */
  ATTACHMENT_NOT_FOUND: 'EGW_ATTACHMENT_NOT_FOUND',
  /** The bytes were erased with their thread (`forgetThread`): the record stays, the content is gone for good. */
  DATA_ERASED: 'EGW_DATA_ERASED',
  /** The files of one answer exceed `attachments.maxOutboundBytes`: send fewer or smaller files, or share a link. */
  ATTACHMENTS_TOO_LARGE: 'EGW_ATTACHMENTS_TOO_LARGE',
  /** An attachment of an answer is malformed: it needs a name, a type, and base64 content (or a stored id). */
  ATTACHMENT_INVALID: 'EGW_ATTACHMENT_INVALID',
} as const;

/** @publicApi */
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];
