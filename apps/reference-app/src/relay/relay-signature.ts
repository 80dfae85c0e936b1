import { createHmac, timingSafeEqual } from 'node:crypto';

/** The MAIL_API replay window: a signed timestamp older or newer than 5 minutes is refused. */
export const RELAY_MAX_SKEW_MS = 5 * 60 * 1000;

/**
 * `X-TransLife-Signature` = hex HMAC-SHA256(secret, timestamp + "." + rawBody) when
 * `X-TransLife-Timestamp` (ISO 8601) is sent, else HMAC over the raw body alone (reached only
 * with RELAY_REQUIRE_TIMESTAMP=false: such a signature never expires). Compared in constant time
 * after a length check.
 */
export function verifyRelaySignature(
  secret: string,
  rawBody: Buffer,
  signature: string,
  timestamp: string | undefined,
  now = Date.now(),
): boolean {
  if (timestamp !== undefined) {
    const at = Date.parse(timestamp);
    if (Number.isNaN(at) || Math.abs(now - at) > RELAY_MAX_SKEW_MS) return false;
  }
  const mac = createHmac('sha256', secret);
  if (timestamp !== undefined) mac.update(`${timestamp}.`);
  const expected = mac.update(rawBody).digest();
  const given = Buffer.from(signature.trim().replace(/^sha256=/i, ''), 'hex');
  return given.length === expected.length && timingSafeEqual(given, expected);
}
