import { createHmac } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { AppConfig } from '../config/app-config';

export interface WebhookAnswer {
  status: number;
  body: string;
}

/**
 * Posts raw MIME to this app's own `POST /gateway/inbound` the way a generic provider does:
 * `X-Webhook-Timestamp` in ms and `X-Webhook-Signature` = hex HMAC-SHA256(EMAIL_WEBHOOK_SECRET,
 * `${timestamp}.${rawBody}`). The same request `curl` would send.
 */
@Injectable()
export class InboundWebhookClient {
  constructor(private readonly config: AppConfig) {}

  async post(raw: Buffer): Promise<WebhookAnswer> {
    const secret = this.config.webhookSecret;
    if (!secret) return { status: 503, body: 'EMAIL_WEBHOOK_SECRET is not set' };
    const timestamp = String(Date.now());
    const signature = signGenericWebhook(secret, timestamp, raw);
    const response = await fetch(`http://127.0.0.1:${this.config.port}/gateway/inbound`, {
      method: 'POST',
      headers: {
        'content-type': 'message/rfc822',
        'x-webhook-timestamp': timestamp,
        'x-webhook-signature': signature,
      },
      body: raw,
    });
    return { status: response.status, body: await response.text() };
  }
}

export function signGenericWebhook(secret: string, timestamp: string, raw: Buffer): string {
  return createHmac('sha256', secret).update(`${timestamp}.`).update(raw).digest('hex');
}
