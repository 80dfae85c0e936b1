import { ErrorCode } from '../../core/errors/error-codes';
import { MessagingGatewayError } from '../../core/errors/messaging-gateway.error';
import { timingSafeEqual } from './timing-safe-equal';
import { signatureError } from './webhook-error';
import type { WebhookRequest } from './webhook-request';

/**
 * The secret a provider is verified with. Unset, requests are refused with 503 (an unsigned
 * endpoint must never be open by accident) unless `webhook.allowUnsigned`, which validation
 * refuses in production: then `undefined` tells the adapter to skip the check.
 */
export function requireCredential<T>(value: T | undefined, setting: string, allowUnsigned: boolean): T | undefined {
  if (value !== undefined && value !== '') return value;
  if (allowUnsigned) return undefined;
  throw new MessagingGatewayError(
    ErrorCode.WEBHOOK_NOT_CONFIGURED,
    `This provider is not configured: set ${setting} (or EMAIL_WEBHOOK_ALLOW_UNSIGNED=true in development).`,
  );
}

/**
 * A signed timestamp must lie within `maxAgeMs` of the arrival time, in both directions: a
 * future timestamp is as suspicious as an old one (Svix: "more than five minutes away (past or
 * future)").
 */
export function checkTimestampWindow(timestampMs: number, request: WebhookRequest, maxAgeMs: number): void {
  if (!Number.isFinite(timestampMs)) throw signatureError('The signature timestamp is missing or not a number.');
  const skew = request.receivedAt - timestampMs;
  if (Math.abs(skew) > maxAgeMs) {
    throw new MessagingGatewayError(
      ErrorCode.WEBHOOK_TIMESTAMP,
      `The signature timestamp is ${Math.round(Math.abs(skew) / 1000)} s ${skew > 0 ? 'old' : 'in the future'}, outside the ${maxAgeMs / 1000} s window (EMAIL_WEBHOOK_MAX_AGE); check the clocks (NTP).`,
    );
  }
}

/** A whole number of seconds or milliseconds as sent in a header or field; NaN otherwise. */
export function parseTimestamp(value: string | undefined, unitMs: 1 | 1000): number {
  return value !== undefined && /^\d{1,16}$/.test(value) ? Number(value) * unitMs : NaN;
}

/**
 * HTTP Basic credentials (RFC 7617) against `EMAIL_WEBHOOK_BASIC_AUTH` (`user:pass`), as
 * Postmark, SendGrid and Mailjet send them when the URL carries `https://user:pass@…`.
 */
export function checkBasicAuth(request: WebhookRequest, expected: string): void {
  const match = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(request.header('authorization') ?? '');
  const given = match ? Buffer.from(match[1], 'base64') : Buffer.alloc(0);
  if (!timingSafeEqual(given, expected)) {
    throw signatureError('Basic credentials are missing or wrong (EMAIL_WEBHOOK_BASIC_AUTH).');
  }
}
