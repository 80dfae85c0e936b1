import type { Provider, Type } from '@nestjs/common';
import { GenericWebhookAdapter } from './providers/generic.adapter';
import { MailgunWebhookAdapter } from './providers/mailgun.adapter';
import { MandrillWebhookAdapter } from './providers/mandrill.adapter';
import { PostmarkWebhookAdapter } from './providers/postmark.adapter';
import { ResendWebhookAdapter } from './providers/resend.adapter';
import { SendgridWebhookAdapter } from './providers/sendgrid.adapter';
import { SesWebhookAdapter } from './providers/ses.adapter';
import { SnsMessageVerifier } from './providers/sns-message-verifier';
import { WebhookBodyMiddleware } from './webhook-body.middleware';
import { WebhookController } from './webhook.controller';
import { WebhookIngressService } from './webhook-ingress.service';
import { WebhookRateLimiter } from './webhook-rate-limiter.service';
import { WebhookReplayGuard } from './webhook-replay-guard.service';

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
