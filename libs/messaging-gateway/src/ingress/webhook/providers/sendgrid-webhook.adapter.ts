import { createPublicKey, type KeyObject, verify } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectGatewayOptions } from '../../../core/options/gateway-options.providers';
import type { GatewaySettings } from '../../../core/options/gateway-options.schema';
import type { InboundEnvelope } from '../../../inbound/inbound-accept.types';
import type { FormBody } from '../body/form-body';
import { formatVerdicts, providerVerdicts, sendgridDkim } from '../envelope-verdicts';
import { composeMime } from '../mime/compose-mime';
import { parseHeaderBlock } from '../mime/parse-header-block';
import type { WebhookAdapter, WebhookDelivery, WebhookReceipt } from '../webhook-adapter.types';
import { checkBasicAuth, checkTimestampWindow, parseTimestamp, requireCredential } from '../webhook-checks';
import { malformedError, signatureError } from '../webhook-error';
import type { WebhookRequest } from '../webhook-request';

const SIGNATURE_HEADER = 'x-twilio-email-event-webhook-signature';
const TIMESTAMP_HEADER = 'x-twilio-email-event-webhook-timestamp';

/**
 * SendGrid Inbound Parse (multipart/form-data). Raw mode ("POST the raw, full MIME message")
 * sends the message in `email`; parsed mode is rebuilt from `headers`, `text`, `html` and the
 * `attachmentN` files. Authentication: with SENDGRID_INBOUND_PUBLIC_KEY, the security policy's
 * ECDSA P-256 signature over timestamp + raw body (verified with `crypto.verify` on the raw
 * Buffer, not the SDK, which stringifies binary bodies); otherwise EMAIL_WEBHOOK_BASIC_AUTH.
 */
@Injectable()
export class SendgridWebhookAdapter implements WebhookAdapter {
  readonly provider = 'sendgrid' as const;
  private publicKey?: KeyObject;

  constructor(@InjectGatewayOptions('webhook') private readonly webhook: GatewaySettings<'webhook'>) {}

  async receive(request: WebhookRequest): Promise<WebhookReceipt> {
    const { sendgridPublicKey, basicAuth, allowUnsigned, maxAgeMs } = this.webhook;
    if (sendgridPublicKey) {
      this.publicKey ??= createPublicKey({
        key: Buffer.from(sendgridPublicKey, 'base64'),
        format: 'der',
        type: 'spki',
      });
      verifySendgridSignature(request, this.publicKey, maxAgeMs);
    } else {
      const credentials = requireCredential(
        basicAuth,
        'SENDGRID_INBOUND_PUBLIC_KEY or EMAIL_WEBHOOK_BASIC_AUTH',
        allowUnsigned,
      );
      if (credentials !== undefined) checkBasicAuth(request, credentials);
    }
    const form = await request.form();
    return { deliveries: [await extractSendgrid(form)] };
  }
}

export function verifySendgridSignature(request: WebhookRequest, key: KeyObject, maxAgeMs: number): void {
  const signature = request.header(SIGNATURE_HEADER);
  const timestamp = request.header(TIMESTAMP_HEADER);
  if (!signature || !timestamp) throw signatureError(`${SIGNATURE_HEADER} and ${TIMESTAMP_HEADER} are required.`);
  checkTimestampWindow(parseTimestamp(timestamp, 1000), request, maxAgeMs);
  const signed = Buffer.concat([Buffer.from(timestamp, 'utf8'), request.rawBody]);
  let valid = false;
  try {
    valid = verify('sha256', signed, key, Buffer.from(signature, 'base64'));
  } catch {
    valid = false;
  }
  if (!valid) throw signatureError('The SendGrid signature does not match the body.');
}

async function extractSendgrid(form: FormBody): Promise<WebhookDelivery> {
  const envelope = sendgridEnvelope(form);
  const raw = form.bytes('email');
  if (raw) return { raw, envelope };
  const headerBlock = form.text('headers');
  if (!headerBlock) throw malformedError('Neither "email" (raw mode) nor "headers" (parsed mode) was posted.');
  const info = parseJsonField(form, 'attachment-info') as Record<string, Record<string, string>> | undefined;
  const attachments = form.files
    .filter((file) => /^attachment\d+$/.test(file.field))
    .map((file) => ({
      filename: info?.[file.field]?.filename ?? file.filename,
      contentType: info?.[file.field]?.type ?? file.contentType,
      contentId: info?.[file.field]?.['content-id'],
      content: file.content,
    }));
  const composed = await composeMime({
    headers: parseHeaderBlock(headerBlock),
    text: form.text('text'),
    html: form.text('html'),
    attachments,
  });
  return { raw: composed.raw, envelope, providerEventId: `parsed:${composed.contentKey}` };
}

function sendgridEnvelope(form: FormBody): InboundEnvelope {
  const parsed = parseJsonField(form, 'envelope') as { to?: unknown; from?: unknown } | undefined;
  const envelope: InboundEnvelope = {};
  if (parsed) {
    if (!Array.isArray(parsed.to) || !parsed.to.every((to) => typeof to === 'string')) {
      throw malformedError('"envelope.to" must be an array of addresses.');
    }
    envelope.recipients = parsed.to;
    if (typeof parsed.from === 'string') envelope.mailFrom = parsed.from;
  }
  // `dkim` is SendGrid's own notation ("{@example.com : pass}"), kept as reported.
  const authenticationResults = formatVerdicts({ spf: form.text('SPF'), dkim: form.text('dkim') });
  if (authenticationResults) envelope.authenticationResults = authenticationResults;
  const verdicts = providerVerdicts({ spf: form.text('SPF'), ...sendgridDkim(form.text('dkim')) });
  if (verdicts) envelope.verdicts = verdicts;
  return envelope;
}

function parseJsonField(form: FormBody, name: string): unknown {
  const text = form.text(name);
  if (text === undefined) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    throw malformedError(`The "${name}" field is not valid JSON.`);
  }
}
