import type { Provider, Type } from '@nestjs/common';
import { GenericWebhookAdapter } from './providers/generic-webhook.adapter';
import { MailgunWebhookAdapter } from './providers/mailgun-webhook.adapter';
import { MandrillWebhookAdapter } from './providers/mandrill-webhook.adapter';
import { PostmarkWebhookAdapter } from './providers/postmark-webhook.adapter';
import { ResendWebhookAdapter } from './providers/resend-webhook.adapter';
import { SendgridWebhookAdapter } from './providers/sendgrid-webhook.adapter';
import { SesWebhookAdapter } from './providers/ses-webhook.adapter';
import { SnsMessageVerifier } from './providers/sns-message.verifier';
import { WebhookBodyMiddleware } from './webhook-body.middleware';
import { WebhookController } from './webhook.controller';
import { WebhookIngressService } from './webhook-ingress.service';
import { WebhookRateLimiter } from './webhook.rate-limiter';
import { WebhookReplayGuard } from './webhook.replay-guard';

/** Providers and the controller of `POST /gateway/inbound`. */
export const webhookProviders: Provider[] = [
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
];
export const webhookControllers: Type[] = [WebhookController];
/** Middleware the module applies to `webhookControllers` (raw body, rate limit). */
export const webhookMiddleware: Type[] = [WebhookBodyMiddleware];
