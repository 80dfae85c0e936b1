import { type MiddlewareConsumer, Module, type NestModule } from '@nestjs/common';
import { InboundModule } from '../../inbound/inbound.module';
import { GenericWebhookAdapter } from './providers/generic-webhook.adapter';
import { MailgunWebhookAdapter } from './providers/mailgun-webhook.adapter';
import { MandrillWebhookAdapter } from './providers/mandrill-webhook.adapter';
import { PostmarkWebhookAdapter } from './providers/postmark-webhook.adapter';
import { ResendWebhookAdapter } from './providers/resend-webhook.adapter';
import { SendgridWebhookAdapter } from './providers/sendgrid-webhook.adapter';
import { SesWebhookAdapter } from './providers/ses-webhook.adapter';
import { SnsMessageVerifier } from './providers/sns-message.verifier';
import { WebhookBodyMiddleware } from './webhook-body.middleware';
import { WebhookIngressService } from './webhook-ingress.service';
import { WebhookController } from './webhook.controller';
import { WebhookRateLimiter } from './webhook.rate-limiter';
import { WebhookReplayGuard } from './webhook.replay-guard';

/**
 * `POST /gateway/inbound[/:provider]`, built only in `webhook` and `both` modes: the raw-body
 * middleware, the controller, and one adapter per provider. Exports nothing.
 */
@Module({
  imports: [InboundModule],
  controllers: [WebhookController],
  providers: [
    WebhookIngressService,
    WebhookReplayGuard,
    WebhookRateLimiter,
    WebhookBodyMiddleware,
    SnsMessageVerifier,
    GenericWebhookAdapter,
    SendgridWebhookAdapter,
    MailgunWebhookAdapter,
    PostmarkWebhookAdapter,
    ResendWebhookAdapter,
    SesWebhookAdapter,
    MandrillWebhookAdapter,
  ],
})
export class WebhookIngressModule implements NestModule {
  /** The webhook routes read their raw body (and rate limit) before any controller code runs. */
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(WebhookBodyMiddleware).forRoutes(WebhookController);
  }
}
