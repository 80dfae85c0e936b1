import { Injectable } from '@nestjs/common';
import { InjectGatewayOptions } from '../../../core/options/gateway-options.providers';
import type { GatewaySettings } from '../../../core/options/gateway-options.schema';
import type { InboundEnvelope } from '../../../inbound/inbound-accept.types';
import type { FormBody } from '../body/form-body';
import { formatVerdicts, providerVerdicts } from '../envelope-verdicts';
import { hmac } from '../hmac';
import { timingSafeEqual } from '../timing-safe-equal';
import type { WebhookAdapter, WebhookDelivery, WebhookReceipt } from '../webhook-adapter.types';
import { requireCredential } from '../webhook-checks';
import { malformedError, signatureError } from '../webhook-error';
import type { JsonObject, WebhookRequest } from '../webhook-request';

/**
 * Mandrill (Mailchimp Transactional) inbound: one urlencoded `mandrill_events` JSON array, each
 * `inbound` event with the full message in `msg.raw_msg`; every inbound event of a batch is
 * stored. `X-Mandrill-Signature` = base64 HMAC-SHA1(MANDRILL_WEBHOOK_KEY, MANDRILL_WEBHOOK_URL +
 * each POST field sorted by name as name+value). The URL is configured, not rebuilt from the
 * request: behind a proxy the gateway cannot know what Mandrill signed. Nothing time-based is
 * signed; a replay stores nothing new (InboundStore dedupes the same raw message).
 */
@Injectable()
export class MandrillWebhookAdapter implements WebhookAdapter {
  readonly provider = 'mandrill' as const;

  constructor(@InjectGatewayOptions('webhook') private readonly webhook: GatewaySettings<'webhook'>) {}

  async receive(request: WebhookRequest): Promise<WebhookReceipt> {
    const { mandrillWebhookKey, mandrillWebhookUrl, allowUnsigned } = this.webhook;
    const key = requireCredential(mandrillWebhookKey, 'MANDRILL_WEBHOOK_KEY and MANDRILL_WEBHOOK_URL', allowUnsigned);
    const form = await request.form();
    if (key !== undefined) verifyMandrillSignature(request, form, key, mandrillWebhookUrl ?? '');
    const deliveries = extractMandrill(form);
    return deliveries.length ? { deliveries } : { deliveries, ignored: 'no inbound events' };
  }
}

function verifyMandrillSignature(request: WebhookRequest, form: FormBody, key: string, url: string): void {
  const given = request.header('x-mandrill-signature');
  if (!given) throw signatureError('X-Mandrill-Signature is required.');
  const signed = [...form.fields]
    .map(([name, value]) => [name, value.toString('utf8')] as const)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([name, value]) => name + value);
  const expected = hmac('sha1', key, url, ...signed).toString('base64');
  if (!timingSafeEqual(given, expected))
    throw signatureError('X-Mandrill-Signature does not match (check MANDRILL_WEBHOOK_URL).');
}

function extractMandrill(form: FormBody): WebhookDelivery[] {
  let events: unknown;
  try {
    events = JSON.parse(form.text('mandrill_events') ?? '');
  } catch {
    throw malformedError('"mandrill_events" is missing or not JSON.');
  }
  if (!Array.isArray(events)) throw malformedError('"mandrill_events" must be an array.');
  return events
    .filter((event: JsonObject) => event?.event === 'inbound')
    .map((event: JsonObject, index) => {
      const msg = (event.msg ?? {}) as JsonObject;
      if (typeof msg.raw_msg !== 'string') throw malformedError(`Inbound event ${index} has no msg.raw_msg.`);
      return { raw: Buffer.from(msg.raw_msg, 'utf8'), envelope: mandrillEnvelope(msg) };
    });
}

function mandrillEnvelope(msg: JsonObject): InboundEnvelope {
  const envelope: InboundEnvelope = {};
  if (typeof msg.email === 'string') envelope.recipients = [msg.email];
  if (typeof msg.sender === 'string') envelope.mailFrom = msg.sender;
  const dkim = (msg.dkim ?? {}) as JsonObject;
  const reported = {
    spf: ((msg.spf ?? {}) as JsonObject).result,
    dkim: dkim.valid === true ? 'pass' : dkim.signed === true ? 'fail' : dkim.signed === false ? 'none' : undefined,
  };
  const results = formatVerdicts(reported);
  if (results) envelope.authenticationResults = results;
  const verdicts = providerVerdicts(reported);
  if (verdicts) envelope.verdicts = verdicts;
  return envelope;
}
