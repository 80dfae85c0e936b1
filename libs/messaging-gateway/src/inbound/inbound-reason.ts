import { ErrorCode } from '../core/errors/error-codes';
import { MessagingGatewayError } from '../core/errors/messaging-gateway.error';
import { stripNul } from './parse/strip-nul';

/**
 * Reason codes stored in `reason_code` of an inbound row (stable: hosts filter on them).
 * Automatic mail adds `bounce`, `delivery_success`, `feedback_report`, `auto_reply` and `loop`.
 * @publicApi
 */
export const InboundReason = {
  SENDER_MISMATCH: 'sender_mismatch',
  SENDER_UNKNOWN: 'sender_unknown',
  TOKEN_EXPIRED: 'token_expired',
  /** EMAIL_SENDER_AUTH=enforce: a reply to an existing thread whose From fails DMARC; an operator may replay it. */
  SENDER_UNAUTHENTICATED: 'sender_unauthenticated',
  /** The From header names more than one address: whose reply it is cannot be told; an operator may replay it. */
  SENDER_AMBIGUOUS: 'sender_ambiguous',
  LOOP: 'loop',
  PARSE_ERROR: 'parse_error',
  PARSE_TIMEOUT: 'parse_timeout',
  TOO_MANY_PARTS: 'too_many_parts',
  MESSAGE_TOO_LARGE: 'message_too_large',
  RAW_PURGED: 'raw_purged',
  /** The Messages API refused the call (4xx other than 408/409/425/429). */
  API_REJECTED: 'api_rejected',
  /** The Messages API was unreachable, slow or answered 429/5xx (retried with backoff). */
  API_UNAVAILABLE: 'api_unavailable',
  /** Another worker holds the email (processing); retried later. */
  BUSY: 'busy',
  INTERNAL_ERROR: 'internal_error',
} as const;

/** How a processing error is recorded: its reason code, a detail for operators, and whether a retry can help. */
export interface InboundFailure {
  reasonCode: string;
  detail: string;
  transient: boolean;
}

const REASON_BY_ERROR: Partial<Record<string, string>> = {
  [ErrorCode.PARSE]: InboundReason.PARSE_ERROR,
  [ErrorCode.PARSE_TIMEOUT]: InboundReason.PARSE_TIMEOUT,
  [ErrorCode.TOO_MANY_PARTS]: InboundReason.TOO_MANY_PARTS,
  [ErrorCode.MESSAGE_TOO_LARGE]: InboundReason.MESSAGE_TOO_LARGE,
  [ErrorCode.INBOUND_RAW_PURGED]: InboundReason.RAW_PURGED,
};

/**
 * Classifies any error thrown while processing. Gateway errors carry their own transient flag;
 * anything else (a database hiccup, a bug) is treated as transient so that the queue's backoff
 * gets a chance, and becomes `failed` once retries are exhausted.
 */
export function inboundFailureOf(error: unknown): InboundFailure {
  if (error instanceof MessagingGatewayError) {
    const http =
      error.code === ErrorCode.HTTP_STATUS ||
      error.code === ErrorCode.HTTP_TIMEOUT ||
      error.code === ErrorCode.HTTP_NETWORK;
    const reasonCode =
      REASON_BY_ERROR[error.code] ??
      (http
        ? error.transient
          ? InboundReason.API_UNAVAILABLE
          : InboundReason.API_REJECTED
        : InboundReason.INTERNAL_ERROR);
    return {
      reasonCode,
      detail: stripNul(`${error.code}: ${error.message}`).slice(0, 1000),
      transient: error.transient,
    };
  }
  const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return { reasonCode: InboundReason.INTERNAL_ERROR, detail: stripNul(message).slice(0, 1000), transient: true };
}
