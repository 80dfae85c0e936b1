import type { IncomingMessage, ServerResponse } from 'node:http';
import { Injectable, type NestMiddleware } from '@nestjs/common';
import { InjectGatewayOptions } from '../../core/options/gateway-options.providers';
import type { GatewaySettings } from '../../core/options/gateway-options.schema';
import { readRawBody } from './body/read-raw-body';
import { WebhookRateLimiter } from './webhook.rate-limiter';

/** What the middleware leaves on the request for the controller. */
export interface WebhookBodyState {
  body?: Buffer;
  error?: unknown;
}
export const WEBHOOK_BODY = Symbol('messaging-gateway:webhook-body');
export type RequestWithWebhookBody = IncomingMessage & { [WEBHOOK_BODY]?: WebhookBodyState; ip?: string };

/**
 * Runs before the webhook controller (applied by MessagingGatewayModule.configure): the per-IP
 * rate limit first, then the exact body bytes, whatever the host's body parsers did (see
 * `readRawBody`). It never answers itself: the outcome, or the error, is left on the request so
 * that the controller's exception filter is the one place that turns errors into statuses.
 */
@Injectable()
export class WebhookBodyMiddleware implements NestMiddleware<RequestWithWebhookBody, ServerResponse> {
  constructor(
    @InjectGatewayOptions('webhook') private readonly webhook: GatewaySettings<'webhook'>,
    private readonly rateLimiter: WebhookRateLimiter,
  ) {}

  async use(req: RequestWithWebhookBody, _res: ServerResponse, next: () => void): Promise<void> {
    if (req.method !== 'POST') return next();
    try {
      await this.rateLimiter.hit(req.ip ?? req.socket.remoteAddress ?? 'unknown');
      req[WEBHOOK_BODY] = { body: await readRawBody(req, this.webhook.maxBodyBytes) };
    } catch (error) {
      req[WEBHOOK_BODY] = { error };
    }
    next();
  }
}
