import { Injectable } from '@nestjs/common';
import { InjectGatewayOptions } from '../../../core/options/gateway-options.providers';
import type { GatewaySettings } from '../../../core/options/gateway-options.schema';
import type { InboundEnvelope } from '../../../inbound/inbound-accept.types';
import { composeMime, type ParsedEmail } from '../mime/compose-mime';
import type { WebhookAdapter, WebhookDelivery, WebhookReceipt } from '../webhook-adapter.types';
import { checkBasicAuth, requireCredential } from '../webhook-checks';
import { malformedError } from '../webhook-error';
import type { JsonObject, WebhookRequest } from '../webhook-request';

/**
 * Postmark inbound (JSON). No signature: Basic auth in the URL (EMAIL_WEBHOOK_BASIC_AUTH).
 * `RawEmail` when "Include raw email content" is on, else a reconstruction from `Headers`,
 * `TextBody`, `HtmlBody` and the base64 `Attachments` (`Content`, or `Data` in test payloads).
 * `OriginalRecipient` is the envelope recipient, Postmark's `MessageID` the dedupe key.
 */
@Injectable()
export class PostmarkWebhookAdapter implements WebhookAdapter {
  readonly provider = 'postmark' as const;

  constructor(@InjectGatewayOptions('webhook') private readonly webhook: GatewaySettings<'webhook'>) {}

  async receive(request: WebhookRequest): Promise<WebhookReceipt> {
    const { basicAuth, allowUnsigned } = this.webhook;
    const credentials = requireCredential(basicAuth, 'EMAIL_WEBHOOK_BASIC_AUTH', allowUnsigned);
    if (credentials !== undefined) checkBasicAuth(request, credentials);
    return { deliveries: [await extractPostmark(request.jsonObject())] };
  }
}

const str = (body: JsonObject, key: string): string | undefined => {
  const value = body[key];
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value !== 'string') throw malformedError(`"${key}" must be a string.`);
  return value;
};

async function extractPostmark(body: JsonObject): Promise<WebhookDelivery> {
  const envelope: InboundEnvelope = {};
  const recipient = str(body, 'OriginalRecipient');
  if (recipient) envelope.recipients = [recipient];
  const providerEventId = str(body, 'MessageID');
  const rawEmail = str(body, 'RawEmail');
  if (rawEmail) return { raw: Buffer.from(rawEmail, 'utf8'), envelope, providerEventId };

  const email: ParsedEmail = { headers: [], text: str(body, 'TextBody'), html: str(body, 'HtmlBody') };
  // Postmark's own fields first; `Headers` lacks From/To/Subject/Date but may hold Message-ID.
  for (const [name, key] of [
    ['From', 'From'],
    ['To', 'To'],
    ['Cc', 'Cc'],
    ['Reply-To', 'ReplyTo'],
    ['Subject', 'Subject'],
    ['Date', 'Date'],
  ]) {
    const value = name === 'From' ? postmarkFrom(body) : str(body, key);
    if (value !== undefined) email.headers.push({ name, value });
  }
  const headers = body.Headers ?? [];
  if (!Array.isArray(headers)) throw malformedError('"Headers" must be a list.');
  for (const header of headers as JsonObject[]) {
    const name = str(header ?? {}, 'Name');
    const value = typeof header?.Value === 'string' ? header.Value : undefined;
    if (!name || value === undefined) continue;
    // Postmark prepends Return-Path, which the original message did not carry.
    if (/^(from|to|cc|reply-to|subject|date|return-path)$/i.test(name)) continue;
    email.headers.push({ name, value });
  }
  const attachments = body.Attachments ?? [];
  if (!Array.isArray(attachments)) throw malformedError('"Attachments" must be a list.');
  email.attachments = (attachments as JsonObject[]).map((attachment, index) => {
    const content = str(attachment ?? {}, 'Content') ?? str(attachment ?? {}, 'Data') ?? '';
    if (!/^[A-Za-z0-9+/=\s]*$/.test(content)) throw malformedError(`Attachments[${index}] is not base64.`);
    return {
      filename: str(attachment, 'Name'),
      contentType: str(attachment, 'ContentType'),
      contentId: str(attachment, 'ContentID'),
      content: Buffer.from(content, 'base64'),
    };
  });
  const composed = await composeMime(email);
  return { raw: composed.raw, envelope, providerEventId: providerEventId ?? `parsed:${composed.contentKey}` };
}

function postmarkFrom(body: JsonObject): string | undefined {
  const full = body.FromFull as JsonObject | undefined;
  if (full && typeof full.Email === 'string' && full.Email) {
    const name = typeof full.Name === 'string' ? full.Name.replace(/["\\]/g, '') : '';
    return name ? `"${name}" <${full.Email}>` : full.Email;
  }
  return str(body, 'From');
}
