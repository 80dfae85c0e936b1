import { hmac } from '../hmac';

/**
 * Signs a generic delivery: the headers a sender (or a test) attaches, `X-Webhook-Timestamp` (unix
 * ms) and `X-Webhook-Signature` = `sha256=` + hex HMAC-SHA256(secret, `${timestamp}.${body}`).
 * @publicApi
 */
export function signGenericWebhook(
  secret: string,
  body: Buffer | string,
  timestampMs = Date.now(),
): Record<string, string> {
  const timestamp = String(timestampMs);
  return {
    'x-webhook-timestamp': timestamp,
    'x-webhook-signature': `sha256=${hmac('sha256', secret, `${timestamp}.`, body).toString('hex')}`,
  };
}
