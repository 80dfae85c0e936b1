import { Controller, Head, HttpCode, Param, Post, Req, UseFilters } from '@nestjs/common';
import { InjectGatewayOptions } from '../../core/options/gateway-options.providers';
import type { GatewaySettings } from '../../core/options/gateway-options.schema';
import { ErrorCode } from '../../core/errors/error-codes';
import { MessagingGatewayConfigError } from '../../core/errors/messaging-gateway-config.error';
import { MessagingGatewayError } from '../../core/errors/messaging-gateway.error';
import { WEBHOOK_BODY, type RequestWithWebhookBody } from './webhook-body.middleware';
import { WebhookExceptionFilter } from './webhook-exception.filter';
import { type WebhookAnswer, WebhookIngressService } from './webhook-ingress.service';
import { WebhookRequest } from './webhook-request';

/**
 * `POST /gateway/inbound` (provider detected) and `POST /gateway/inbound/:provider`
 * plus `/gateway/inbound/mailgun/mime`; `HEAD` answers 200 for Mandrill's
 * probe before it saves a webhook.
 */
@Controller('gateway/inbound')
@UseFilters(WebhookExceptionFilter)
export class WebhookController {
  constructor(
    private readonly ingress: WebhookIngressService,
    @InjectGatewayOptions('webhook') private readonly webhook: GatewaySettings<'webhook'>,
  ) {}

  @Post()
  @HttpCode(200)
  receive(@Req() req: RequestWithWebhookBody): Promise<WebhookAnswer> {
    return this.ingress.receive(this.toWebhookRequest(req));
  }

  /** Mailgun posts raw MIME (`body-mime`) only to URLs ending in `mime`. */
  @Post('mailgun/mime')
  @HttpCode(200)
  receiveMailgunMime(@Req() req: RequestWithWebhookBody): Promise<WebhookAnswer> {
    return this.ingress.receive(this.toWebhookRequest(req), 'mailgun');
  }

  @Post(':provider')
  @HttpCode(200)
  receiveFrom(@Param('provider') provider: string, @Req() req: RequestWithWebhookBody): Promise<WebhookAnswer> {
    return this.ingress.receive(this.toWebhookRequest(req), provider);
  }

  @Head(['', ':provider'])
  @HttpCode(200)
  probe(): void {}

  private toWebhookRequest(req: RequestWithWebhookBody): WebhookRequest {
    const state = req[WEBHOOK_BODY];
    if (!state) {
      throw new MessagingGatewayConfigError(
        'MessagingGatewayModule',
        'the webhook body middleware did not run for this route',
        'import MessagingGatewayModule (not only its controller) so that it can read the raw request body',
      );
    }
    if (state.error !== undefined) throw state.error;
    if (!state.body || state.body.length === 0) {
      throw new MessagingGatewayError(ErrorCode.WEBHOOK_MALFORMED, 'The request body is empty.');
    }
    const { maxBodyBytes } = this.webhook;
    return new WebhookRequest(state.body, req.headers, { maxBytes: maxBodyBytes });
  }
}
