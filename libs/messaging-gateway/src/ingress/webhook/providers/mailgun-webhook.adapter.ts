import { Injectable } from '@nestjs/common';
import { InjectGatewayOptions } from '../../../core/options/gateway-options.providers';
import type { GatewaySettings } from '../../../core/options/gateway-options.schema';
import type { InboundEnvelope } from '../../../inbound/inbound-accept.types';
import type { FormBody } from '../body/form-body';
import { formatVerdicts, providerVerdicts } from '../envelope-verdicts';
import { hmac } from '../hmac';
import { composeMime } from '../mime/compose-mime';
import { timingSafeEqual } from '../timing-safe-equal';
import type { WebhookAdapter, WebhookDelivery, WebhookReceipt } from '../webhook-adapter.types';
import { checkTimestampWindow, parseTimestamp, requireCredential } from '../webhook-checks';
import { malformedError, signatureError } from '../webhook-error';
import type { WebhookRequest } from '../webhook-request';

/**
 * Mailgun routes `forward()` (urlencoded, or multipart with attachments). Raw mode (a URL ending
 * in `mime`) posts `body-mime`; parsed mode is rebuilt from `message-headers`, `body-plain`,
 * `body-html` and `attachment-N`. Signature: hex HMAC-SHA256(MAILGUN_WEBHOOK_SIGNING_KEY,
 * timestamp + token), timestamp within EMAIL_WEBHOOK_MAX_AGE.
 *
 * The body is NOT signed, so a captured signature could carry another body: the token is
 * returned as the receipt's `replayKey`, claimed once in Redis for 10 minutes (longer than the
 * ±5-minute window, so it cannot expire while its timestamp is still accepted). A second
 * request with the same token is a replay and gets 401. A genuine redelivery of the same email
 * is a new signed POST with a fresh token and timestamp (that is why the token is not the
 * dedupe key): it passes the guard and InboundStore's Message-ID + SHA-256 dedupe answers it
 * 200 duplicate. If storing fails, the claim is released so that a retry of that very request
 * is not locked out.
 */
@Injectable()
export class MailgunWebhookAdapter implements WebhookAdapter {
  readonly provider = 'mailgun' as const;

  constructor(@InjectGatewayOptions('webhook') private readonly webhook: GatewaySettings<'webhook'>) {}

  async receive(request: WebhookRequest): Promise<WebhookReceipt> {
    const { mailgunSigningKey, allowUnsigned, maxAgeMs } = this.webhook;
    const key = requireCredential(mailgunSigningKey, 'MAILGUN_WEBHOOK_SIGNING_KEY', allowUnsigned);
    const form = await request.form();
    const token = form.text('token');
    if (key !== undefined) verifyMailgunSignature(form, request, key, maxAgeMs);
    return { deliveries: [await extractMailgun(form)], replayKey: token };
  }
}

function verifyMailgunSignature(form: FormBody, request: WebhookRequest, key: string, maxAgeMs: number): void {
  const timestamp = form.text('timestamp');
  const token = form.text('token');
  const signature = form.text('signature');
  if (!timestamp || !token || !signature) throw signatureError('timestamp, token and signature are required.');
  checkTimestampWindow(parseTimestamp(timestamp, 1000), request, maxAgeMs);
  const expected = hmac('sha256', key, timestamp, token).toString('hex');
  if (!timingSafeEqual(signature.toLowerCase(), expected))
    throw signatureError('The Mailgun signature does not match.');
}

async function extractMailgun(form: FormBody): Promise<WebhookDelivery> {
  const envelope: InboundEnvelope = {};
  const recipient = form.text('recipient');
  if (recipient)
    envelope.recipients = recipient
      .split(',')
      .map((r) => r.trim())
      .filter(Boolean);
  const sender = form.text('sender');
  if (sender) envelope.mailFrom = sender;
  // Mailgun's own checks, posted when the domain marks spam with MIME headers.
  const reported = { spf: form.text('X-Mailgun-Spf'), dkim: form.text('X-Mailgun-Dkim-Check-Result') };
  const results = formatVerdicts(reported);
  if (results) envelope.authenticationResults = results;
  const verdicts = providerVerdicts(reported);
  if (verdicts) envelope.verdicts = verdicts;
  const raw = form.bytes('body-mime');
  if (raw) return { raw, envelope };

  const headersJson = form.text('message-headers');
  if (!headersJson) throw malformedError('Neither "body-mime" (raw MIME route) nor "message-headers" was posted.');
  let pairs: unknown;
  try {
    pairs = JSON.parse(headersJson);
  } catch {
    throw malformedError('"message-headers" is not valid JSON.');
  }
  if (
    !Array.isArray(pairs) ||
    !pairs.every((p) => Array.isArray(p) && p.length === 2 && p.every((v) => typeof v === 'string'))
  ) {
    throw malformedError('"message-headers" must be a list of [name, value] pairs.');
  }
  const composed = await composeMime({
    headers: (pairs as [string, string][]).map(([name, value]) => ({ name, value })),
    text: form.text('body-plain'),
    html: form.text('body-html'),
    attachments: form.files
      .filter((file) => /^attachment-\d+$/.test(file.field))
      .map((file) => ({ filename: file.filename, contentType: file.contentType, content: file.content })),
  });
  return { raw: composed.raw, envelope, providerEventId: `parsed:${composed.contentKey}` };
}
