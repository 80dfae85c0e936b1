import { Injectable } from '@nestjs/common';
import { InjectGatewayOptions } from '../../../core/options/gateway-options.providers';
import type { GatewaySettings } from '../../../core/options/gateway-options.schema';
import { hmac } from '../hmac';
import { safeGet } from '../http/safe-get';
import { timingSafeEqual } from '../timing-safe-equal';
import type { WebhookAdapter, WebhookReceipt } from '../webhook-adapter.types';
import { checkTimestampWindow, parseTimestamp, requireCredential } from '../webhook-checks';
import { malformedError, signatureError, unsupportedError } from '../webhook-error';
import type { WebhookRequest } from '../webhook-request';

/** Svix answers must come within 15 s; two fetches of 6 s leave room for storing. */
const FETCH_TIMEOUT_MS = 6_000;

/**
 * Resend `email.received` (JSON, signed by Svix). The webhook carries metadata only: the raw
 * message is fetched with RESEND_API_KEY from `GET {RESEND_API_BASE_URL}/emails/receiving/{id}`,
 * whose `raw.download_url` (a signed CloudFront URL) is then downloaded without credentials.
 * `svix-id` is the same on every retry, so it is the dedupe key.
 */
@Injectable()
export class ResendWebhookAdapter implements WebhookAdapter {
  readonly provider = 'resend' as const;

  constructor(
    @InjectGatewayOptions('webhook') private readonly webhook: GatewaySettings<'webhook'>,
    @InjectGatewayOptions('inbound') private readonly inbound: GatewaySettings<'inbound'>,
  ) {}

  async receive(request: WebhookRequest): Promise<WebhookReceipt> {
    const { resendWebhookSecret, resendApiKey, allowUnsigned, maxAgeMs } = this.webhook;
    const secret = requireCredential(resendWebhookSecret, 'RESEND_WEBHOOK_SECRET', allowUnsigned);
    if (secret !== undefined) verifySvixSignature(request, secret, maxAgeMs);
    const event = request.jsonObject();
    if (event.type !== 'email.received') return { deliveries: [], ignored: `event type ${String(event.type)}` };
    const data = (event.data ?? {}) as Record<string, unknown>;
    if (typeof data.email_id !== 'string' || !data.email_id) throw malformedError('"data.email_id" is missing.');
    const apiKey = requireCredential(resendApiKey, 'RESEND_API_KEY (needed to fetch the raw email)', false) as string;
    const raw = await this.fetchRaw(data.email_id, apiKey);
    const recipients = [data.received_for, data.to].find(
      (list): list is string[] => Array.isArray(list) && list.length > 0 && list.every((to) => typeof to === 'string'),
    );
    return {
      deliveries: [{ raw, providerEventId: svixHeader(request, 'id'), envelope: recipients ? { recipients } : {} }],
    };
  }

  private async fetchRaw(emailId: string, apiKey: string): Promise<Buffer> {
    const base = this.webhook.resendApiBaseUrl.replace(/\/+$/, '');
    const maxBytes = this.inbound.maxMessageBytes;
    const { body } = await safeGet(`${base}/emails/receiving/${encodeURIComponent(emailId)}`, 'Resend API', {
      timeoutMs: FETCH_TIMEOUT_MS,
      maxBytes: maxBytes * 3,
      headers: { authorization: `Bearer ${apiKey}`, accept: 'application/json' },
    });
    let downloadUrl: unknown;
    try {
      downloadUrl = (JSON.parse(body.toString('utf8')) as { raw?: { download_url?: unknown } }).raw?.download_url;
    } catch {
      throw unsupportedError('The Resend API answered with something that is not JSON.');
    }
    if (typeof downloadUrl !== 'string')
      throw unsupportedError('The Resend API gave no raw.download_url for this email.');
    // The URL comes from Resend's authenticated answer; it must still be https (or on the
    // configured API origin, which is how tests point it at a local server).
    const url = new URL(downloadUrl, `${base}/`);
    if (url.protocol !== 'https:' && url.origin !== new URL(base).origin) {
      throw unsupportedError('The Resend raw.download_url is not https.');
    }
    return (await safeGet(url.toString(), 'Resend raw email', { timeoutMs: FETCH_TIMEOUT_MS, maxBytes })).body;
  }
}

/** Svix / Standard Webhooks send `svix-*` headers, or `webhook-*` ones. */
const svixHeader = (request: WebhookRequest, name: 'id' | 'timestamp' | 'signature'): string | undefined =>
  request.header(`svix-${name}`) ?? request.header(`webhook-${name}`);

/**
 * `svix-signature` holds space-separated `v1,<base64>` entries (several during key rotation):
 * one matching HMAC-SHA256(base64decode(secret minus whsec_), `${id}.${timestamp}.${body}`)
 * suffices. The timestamp (seconds) must be within EMAIL_WEBHOOK_MAX_AGE both ways.
 */
export function verifySvixSignature(request: WebhookRequest, secret: string, maxAgeMs: number): void {
  const id = svixHeader(request, 'id');
  const timestamp = svixHeader(request, 'timestamp');
  const header = svixHeader(request, 'signature');
  if (!id || !timestamp || !header) throw signatureError('svix-id, svix-timestamp and svix-signature are required.');
  checkTimestampWindow(parseTimestamp(timestamp, 1000), request, maxAgeMs);
  const key = Buffer.from(secret.replace(/^whsec_/, ''), 'base64');
  const expected = hmac('sha256', key, `${id}.${timestamp}.`, request.rawBody).toString('base64');
  const matches = header
    .split(' ')
    .filter((entry) => entry.startsWith('v1,'))
    .some((entry) => timingSafeEqual(entry.slice(3), expected));
  if (!matches) throw signatureError('No v1 signature in svix-signature matches the body.');
}
