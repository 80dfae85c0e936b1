import { Injectable } from '@nestjs/common';
import { InjectGatewayOptions } from '../../../core/options/gateway-options.providers';
import type { GatewaySettings } from '../../../core/options/gateway-options.schema';
import { hmac } from '../hmac';
import { timingSafeEqual } from '../timing-safe-equal';
import type { WebhookAdapter, WebhookReceipt } from '../webhook-adapter.types';
import { checkTimestampWindow, parseTimestamp, requireCredential } from '../webhook-checks';
import { signatureError } from '../webhook-error';
import type { WebhookRequest } from '../webhook-request';
import { parseGenericJson } from './generic-json';
import { smtpEnvelopeOf } from '../smtp-envelope-fields';

/**
 * The generic scheme: `X-Webhook-Signature` = hex HMAC-SHA256(EMAIL_WEBHOOK_SECRET,
 * `${X-Webhook-Timestamp}.${rawBody}`), optionally `sha256=`-prefixed, timestamp in unix ms within
 * EMAIL_WEBHOOK_MAX_AGE both ways. The body is raw MIME (message/rfc822, text/plain,
 * application/octet-stream) or the generic JSON. The SMTP session (client IP, HELO, MAIL FROM),
 * when the sender passes it, lets the gateway check SPF itself; without it SPF is `none`.
 */
@Injectable()
export class GenericWebhookAdapter implements WebhookAdapter {
  readonly provider = 'generic' as const;

  constructor(@InjectGatewayOptions('webhook') private readonly webhook: GatewaySettings<'webhook'>) {}

  async receive(request: WebhookRequest): Promise<WebhookReceipt> {
    const { secret, allowUnsigned, maxAgeMs } = this.webhook;
    const key = requireCredential(secret, 'EMAIL_WEBHOOK_SECRET', allowUnsigned);
    if (key !== undefined) verifyGenericSignature(request, key, maxAgeMs);
    if (request.mediaType === 'application/json') {
      const { raw, contentKey, envelope } = await parseGenericJson(request.jsonObject());
      // A converted body has no stable bytes of its own (Date, boundaries), so the same JSON
      // content is the same email: a sender retrying with a fresh signature stays one row.
      return { deliveries: [{ raw, envelope, providerEventId: contentKey && `json:${contentKey}` }] };
    }
    const envelope = smtpEnvelopeOf({
      clientIp: request.header('x-envelope-client-ip'),
      helo: request.header('x-envelope-helo'),
      mailFrom: request.header('x-envelope-mail-from'),
    });
    return { deliveries: [{ raw: request.rawBody, ...(Object.keys(envelope).length ? { envelope } : {}) }] };
  }
}

/** Exported for the unit tests and the benchmark's signer. */
function verifyGenericSignature(request: WebhookRequest, secret: string, maxAgeMs: number): void {
  const timestamp = request.header('x-webhook-timestamp');
  const given = request
    .header('x-webhook-signature')
    ?.replace(/^sha256=/i, '')
    .toLowerCase();
  if (!timestamp || !given) throw signatureError('X-Webhook-Timestamp and X-Webhook-Signature are required.');
  checkTimestampWindow(parseTimestamp(timestamp, 1), request, maxAgeMs);
  const expected = hmac('sha256', secret, `${timestamp}.`, request.rawBody).toString('hex');
  if (!timingSafeEqual(given, expected)) throw signatureError('X-Webhook-Signature does not match the body.');
}
