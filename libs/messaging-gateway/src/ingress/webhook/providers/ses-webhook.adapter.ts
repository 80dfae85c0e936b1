import { Injectable, Logger } from '@nestjs/common';
import { InjectGatewayOptions } from '../../../core/options/gateway-options.providers';
import type { GatewaySettings } from '../../../core/options/gateway-options.schema';
import type { InboundEnvelope } from '../../../inbound/inbound-accept.types';
import { formatVerdicts, providerVerdicts } from '../envelope-verdicts';
import { safeGet } from '../http/safe-get';
import type { WebhookAdapter, WebhookReceipt } from '../webhook-adapter.types';
import { requireCredential } from '../webhook-checks';
import { malformedError, signatureError, unsupportedError } from '../webhook-error';
import type { JsonObject, WebhookRequest } from '../webhook-request';
import { type SnsMessage, SnsMessageVerifier } from './sns-message.verifier';

/**
 * Amazon SES receipt rules → SNS (HTTPS subscription; JSON posted as text/plain). The topic
 * must be in SES_SNS_TOPIC_ARNS (anyone can point their own topic at this URL, and SNS signs
 * that too), then the SNS signature is verified. SubscriptionConfirmation is confirmed by
 * GETting SubscribeURL (same host rule as the certificate). A `Received` notification carries
 * the message in `content` (SNS action; UTF8 or BASE64). SNS `MessageId` is reused on retries,
 * so it is the dedupe key; `Timestamp` is not checked since retries keep the original one.
 */
@Injectable()
export class SesWebhookAdapter implements WebhookAdapter {
  readonly provider = 'ses' as const;
  private readonly logger = new Logger('MessagingGateway:SES');

  constructor(
    @InjectGatewayOptions('webhook') private readonly webhook: GatewaySettings<'webhook'>,
    private readonly verifier: SnsMessageVerifier,
  ) {}

  async receive(request: WebhookRequest): Promise<WebhookReceipt> {
    const { sesTopicArns, allowUnsigned } = this.webhook;
    const message: SnsMessage = request.jsonObject();
    if (typeof message.Type !== 'string' || typeof message.TopicArn !== 'string') {
      throw malformedError('Not an SNS message: Type and TopicArn are required.');
    }
    const topics = requireCredential(
      sesTopicArns.length ? sesTopicArns : undefined,
      'SES_SNS_TOPIC_ARNS',
      allowUnsigned,
    );
    if (topics !== undefined) {
      if (!topics.includes(message.TopicArn)) throw signatureError('The SNS topic is not in SES_SNS_TOPIC_ARNS.');
      await this.verifier.verify(message);
    }
    switch (message.Type) {
      case 'SubscriptionConfirmation':
        await this.confirmSubscription(message);
        return { deliveries: [], ignored: 'SNS subscription confirmed' };
      case 'UnsubscribeConfirmation':
        this.logger.warn(`SNS topic ${message.TopicArn} unsubscribed this endpoint`);
        return { deliveries: [], ignored: 'SNS unsubscribe confirmation' };
      case 'Notification':
        return this.notification(message);
      default:
        throw malformedError(`Unknown SNS message type "${message.Type}".`);
    }
  }

  private async confirmSubscription(message: SnsMessage): Promise<void> {
    const url = message.SubscribeURL;
    if (typeof url !== 'string' || !this.verifier.isAllowedAwsUrl(url, false)) {
      throw signatureError('SubscribeURL is not on an Amazon SNS host (webhook.sesCertUrlPattern).');
    }
    await safeGet(url, 'SNS SubscribeURL', { timeoutMs: 5_000, maxBytes: 64 * 1024 });
    this.logger.log(`SNS subscription to ${message.TopicArn as string} confirmed`);
  }

  private notification(message: SnsMessage): WebhookReceipt {
    let ses: JsonObject;
    try {
      ses = JSON.parse(String(message.Message)) as JsonObject;
    } catch {
      throw malformedError('The SNS Message is not SES JSON.');
    }
    if (ses.notificationType !== 'Received') {
      return { deliveries: [], ignored: `SES notification ${String(ses.notificationType)}` };
    }
    const mail = (ses.mail ?? {}) as JsonObject;
    const receipt = (ses.receipt ?? {}) as JsonObject;
    const action = (receipt.action ?? {}) as JsonObject;
    if (typeof ses.content !== 'string') {
      throw unsupportedError(
        `The SES ${String(action.type)} action carries no content; use an SNS action (encoding BASE64) in the receipt rule.`,
      );
    }
    // API spelling `Base64`, notifications `BASE64`: compare case-insensitively, dash removed.
    const base64 =
      String(action.encoding ?? '')
        .replace(/-/g, '')
        .toUpperCase() === 'BASE64';
    const raw = Buffer.from(ses.content, base64 ? 'base64' : 'utf8');
    return { deliveries: [{ raw, providerEventId: String(message.MessageId), envelope: sesEnvelope(mail, receipt) }] };
  }
}

function sesEnvelope(mail: JsonObject, receipt: JsonObject): InboundEnvelope {
  const strings = (value: unknown): string[] | undefined =>
    Array.isArray(value) && value.every((v) => typeof v === 'string') ? value : undefined;
  const status = (key: string): unknown => ((receipt[key] ?? {}) as JsonObject).status;
  const envelope: InboundEnvelope = {};
  const recipients = strings(receipt.recipients) ?? strings(mail.destination);
  if (recipients) envelope.recipients = recipients;
  if (typeof mail.source === 'string') envelope.mailFrom = mail.source;
  const results = formatVerdicts({
    spf: status('spfVerdict'),
    dkim: status('dkimVerdict'),
    dmarc: status('dmarcVerdict'),
  });
  if (results) envelope.authenticationResults = results;
  // SES signs its receipt verdicts with the notification: the sender check takes them as they are.
  const verdicts = providerVerdicts({
    spf: status('spfVerdict'),
    dkim: status('dkimVerdict'),
    dmarc: status('dmarcVerdict'),
    dmarcPolicy: receipt.dmarcPolicy,
  });
  if (verdicts) envelope.verdicts = verdicts;
  for (const key of ['spamVerdict', 'virusVerdict']) if (typeof status(key) === 'string') envelope[key] = status(key);
  return envelope;
}
