/**
 * Why a relay request was refused before it was authenticated. These are counted in metrics
 * (`relay_requests_refused_total{reason}`) and never written to the delivery log: anyone can send
 * them, and the capped log must keep the real deliveries.
 */
export type RelayRefusalReason =
  | 'forbidden'
  | 'rate_limited'
  | 'body_too_large'
  | 'unreadable_body'
  | 'not_configured'
  | 'missing_signature'
  | 'missing_timestamp'
  | 'invalid_signature';

export interface RelayRefusal {
  status: number;
  /** The answer's `error`, part of the MAIL_API contract. */
  error: string;
  reason: RelayRefusalReason;
}

/** Emitted (EventEmitter2) with `{ reason }` for every refusal; MetricsService counts them. */
export const RELAY_REQUEST_REFUSED = 'relay.request.refused';
