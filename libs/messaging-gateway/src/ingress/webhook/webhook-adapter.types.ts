import type { InboundEnvelope } from '../../inbound/inbound-accept.types';
import type { WebhookRequest } from './webhook-request';

/** The providers of `POST /gateway/inbound/:provider`. @publicApi */
export const WEBHOOK_PROVIDERS = ['generic', 'sendgrid', 'mailgun', 'postmark', 'resend', 'ses', 'mandrill'] as const;
/** @publicApi */
export type WebhookProviderName = (typeof WEBHOOK_PROVIDERS)[number];

/** One email a verified request carries, ready for `InboundStore.accept`. */
export interface WebhookDelivery {
  raw: Buffer;
  providerEventId?: string;
  envelope?: InboundEnvelope;
}

/** What an adapter found in a verified request. */
export interface WebhookReceipt {
  /** The emails to store; empty for requests that carry none (an SNS subscription, a non-email event). */
  deliveries: WebhookDelivery[];
  /**
   * A single-use value whose second presentation is a replay (Mailgun's token, whose signature
   * does not cover the body): the ingress claims it before storing and frees it if storing fails.
   */
  replayKey?: string;
  /** Why a request without deliveries was still answered 200 (logged and returned as `ignored`). */
  ignored?: string;
}

/**
 * One provider: verifies a request (throwing `MessagingGatewayError`s, never HTTP exceptions)
 * and extracts the raw MIME and envelope of what it carries.
 */
export interface WebhookAdapter {
  readonly provider: WebhookProviderName;
  receive(request: WebhookRequest): Promise<WebhookReceipt>;
}
