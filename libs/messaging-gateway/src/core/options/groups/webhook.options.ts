import { createPublicKey } from 'node:crypto';
import { fromText, group, optional, withDefault } from '../option';
import { rules } from '../option-rules';

/** `POST /gateway/inbound`: secrets per provider, replay window, size and rate limits. */
export const webhookOptions = group({
  /** Generic HMAC secret, at least 32 characters (EMAIL_WEBHOOK_SECRET). Unset: generic requests get 503. */
  secret: optional<string>({ env: 'EMAIL_WEBHOOK_SECRET', check: rules.secret }),
  /** Largest accepted clock difference for signed timestamps, in ms (EMAIL_WEBHOOK_MAX_AGE). 5 minutes, as Stripe, Svix and Mailgun. @default 300000 */
  maxAgeMs: withDefault(5 * 60 * 1000, {
    env: 'EMAIL_WEBHOOK_MAX_AGE',
    parse: fromText.integer,
    check: rules.positiveInteger(),
  }),
  /** Largest accepted request body, in bytes (EMAIL_WEBHOOK_MAX_BYTES): a 25 MB message grows by a third as base64 in JSON. @default 31457280 */
  maxBodyBytes: withDefault(30 * 1024 * 1024, {
    env: 'EMAIL_WEBHOOK_MAX_BYTES',
    parse: fromText.integer,
    check: rules.positiveInteger(),
  }),
  /** Requests per minute per client IP. @default 600 */
  rateLimitPerMinute: withDefault(600, { check: rules.positiveInteger() }),
  /** Accept unsigned requests: development only, refused in production (EMAIL_WEBHOOK_ALLOW_UNSIGNED). @default false */
  allowUnsigned: withDefault(false, {
    env: 'EMAIL_WEBHOOK_ALLOW_UNSIGNED',
    parse: fromText.boolean,
    check: (value, fail, { root }) => {
      if (value && root.production) {
        fail('unsigned webhooks are refused in production', 'unset it and configure the provider secret');
      }
    },
  }),
  /** `user:pass` for Basic auth: Postmark, SendGrid, Mailjet style (EMAIL_WEBHOOK_BASIC_AUTH). */
  basicAuth: optional<string>({
    env: 'EMAIL_WEBHOOK_BASIC_AUTH',
    check: (value, fail) => {
      if (!/^[^:]+:.+$/.test(value)) fail('not in user:pass form', 'write it as user:password');
    },
  }),
  /** Mailgun HTTP webhook signing key (MAILGUN_WEBHOOK_SIGNING_KEY). */
  mailgunSigningKey: optional<string>({ env: 'MAILGUN_WEBHOOK_SIGNING_KEY' }),
  /** SendGrid signed-webhook public key, base64 DER as SendGrid shows it (SENDGRID_INBOUND_PUBLIC_KEY). */
  sendgridPublicKey: optional<string>({
    env: 'SENDGRID_INBOUND_PUBLIC_KEY',
    check: (value, fail) => {
      try {
        createPublicKey({ key: Buffer.from(value, 'base64'), format: 'der', type: 'spki' });
      } catch {
        fail('not a base64 DER public key', "paste the verification key exactly as SendGrid's settings page shows it");
      }
    },
  }),
  /** Resend (Svix) webhook secret `whsec_…` (RESEND_WEBHOOK_SECRET). */
  resendWebhookSecret: optional<string>({
    env: 'RESEND_WEBHOOK_SECRET',
    check: (value, fail) => {
      if (!value.startsWith('whsec_'))
        fail('does not start with whsec_', "copy the signing secret from Resend's webhook page");
    },
  }),
  /** Resend API key used to fetch the raw email (RESEND_API_KEY). */
  resendApiKey: optional<string>({ env: 'RESEND_API_KEY' }),
  /** Resend API base URL (RESEND_API_BASE_URL). @default 'https://api.resend.com' */
  resendApiBaseUrl: withDefault('https://api.resend.com', { env: 'RESEND_API_BASE_URL', check: rules.httpUrl }),
  /** Mandrill webhook key (MANDRILL_WEBHOOK_KEY). */
  mandrillWebhookKey: optional<string>({ env: 'MANDRILL_WEBHOOK_KEY' }),
  /** The exact URL registered at Mandrill, part of its signature (MANDRILL_WEBHOOK_URL). Required with the key. */
  mandrillWebhookUrl: optional<string>({
    env: 'MANDRILL_WEBHOOK_URL',
    requiredWhen: ({ resolved }) => resolved.mandrillWebhookKey !== undefined,
    missing: {
      problem: 'not set while MANDRILL_WEBHOOK_KEY is',
      fix: 'set it to the exact URL registered at Mandrill: it is part of the signature',
    },
    check: (value, fail, { resolved }) => resolved.mandrillWebhookKey !== undefined && rules.httpUrl(value, fail),
  }),
  /** SNS topics whose notifications are accepted (SES_SNS_TOPIC_ARNS, comma separated). Empty: SES refused. @default [] */
  sesTopicArns: withDefault<string[]>([], {
    env: 'SES_SNS_TOPIC_ARNS',
    parse: fromText.list,
    check: (arns, fail) => {
      for (const arn of arns) {
        if (!/^arn:aws(-[a-z]+)*:sns:[a-z0-9-]+:\d{12}:[\w-]+$/.test(arn)) {
          fail(
            `"${arn}" is not an SNS topic ARN`,
            'list ARNs like arn:aws:sns:us-east-1:123456789012:inbound, comma separated',
          );
        }
      }
    },
  }),
  /** Pattern the SNS SigningCertURL must match. @default /^https:\/\/sns\.[a-z0-9-]+\.amazonaws\.com(\.cn)?\/[^?#]+\.pem$/ */
  sesCertUrlPattern: withDefault<RegExp>(/^https:\/\/sns\.[a-z0-9-]+\.amazonaws\.com(\.cn)?\/[^?#]+\.pem$/, {}),
});
