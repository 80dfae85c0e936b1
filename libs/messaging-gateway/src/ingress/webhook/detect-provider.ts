import { ErrorCode } from '../../core/errors/error-codes';
import { MessagingGatewayError } from '../../core/errors/messaging-gateway.error';
import { WEBHOOK_PROVIDERS, type WebhookProviderName } from './webhook-adapter.types';
import type { WebhookRequest } from './webhook-request';

/** Headers only one provider sends, checked first (provider-webhooks.md 9.2). */
const SIGNATURE_HEADERS: Array<[string, WebhookProviderName]> = [
  ['svix-id', 'resend'],
  ['webhook-id', 'resend'],
  ['x-amz-sns-message-type', 'ses'],
  ['x-mandrill-signature', 'mandrill'],
  ['x-twilio-email-event-webhook-signature', 'sendgrid'],
  ['x-webhook-signature', 'generic'],
];

/** The `:provider` path parameter, checked against the known names. */
export function providerFromPath(name: string): WebhookProviderName {
  const lower = name.toLowerCase();
  if ((WEBHOOK_PROVIDERS as readonly string[]).includes(lower)) return lower as WebhookProviderName;
  throw unknownProvider(`Unknown provider "${name.slice(0, 40)}"; use one of ${WEBHOOK_PROVIDERS.join(', ')}.`);
}

/**
 * `POST /gateway/inbound` without a provider: a provider-specific header, else the body's shape.
 * Content type alone does not identify a provider (SendGrid and Mailgun both post forms), so the
 * per-provider path is the recommended setup; detection only chooses which checks to run, and
 * every provider's own verification still applies.
 */
export async function detectProvider(request: WebhookRequest): Promise<WebhookProviderName> {
  for (const [header, provider] of SIGNATURE_HEADERS) if (request.header(header)) return provider;
  if (request.isForm) {
    const form = await request.form();
    if (form.has('mandrill_events')) return 'mandrill';
    if (form.has('body-mime') || (form.has('token') && form.has('signature'))) return 'mailgun';
    if (form.has('email') || form.has('envelope') || form.has('headers')) return 'sendgrid';
    throw unknownProvider('This form matches no known provider; post to /gateway/inbound/<provider>.');
  }
  const type = request.mediaType;
  if (
    type === 'application/json' ||
    (type === 'text/plain' && request.rawBody.subarray(0, 64).toString().trimStart().startsWith('{'))
  ) {
    const body = request.jsonObject();
    if (typeof body.Type === 'string' && typeof body.TopicArn === 'string') return 'ses';
    if ('RawEmail' in body || 'FromFull' in body || 'OriginalRecipient' in body) return 'postmark';
    if (body.type === 'email.received') return 'resend';
  }
  return 'generic';
}

const unknownProvider = (message: string): MessagingGatewayError =>
  new MessagingGatewayError(ErrorCode.WEBHOOK_UNKNOWN_PROVIDER, message);
