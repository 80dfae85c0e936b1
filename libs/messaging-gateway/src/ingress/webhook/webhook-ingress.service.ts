import { Injectable, Logger } from '@nestjs/common';
import type { AcceptInboundResult } from '../../inbound/inbound-accept.types';
import { InboundStore } from '../../inbound/inbound.store';
import { detectProvider, providerFromPath } from './detect-provider';
import { GenericWebhookAdapter } from './providers/generic-webhook.adapter';
import { MailgunWebhookAdapter } from './providers/mailgun-webhook.adapter';
import { MandrillWebhookAdapter } from './providers/mandrill-webhook.adapter';
import { PostmarkWebhookAdapter } from './providers/postmark-webhook.adapter';
import { ResendWebhookAdapter } from './providers/resend-webhook.adapter';
import { SendgridWebhookAdapter } from './providers/sendgrid-webhook.adapter';
import { SesWebhookAdapter } from './providers/ses-webhook.adapter';
import type { WebhookAdapter, WebhookProviderName, WebhookReceipt } from './webhook-adapter.types';
import { WebhookReplayGuard } from './webhook.replay-guard';
import type { WebhookRequest } from './webhook-request';

/**
 * The 200 answer. One email: `{ok, id, duplicate}`. A Mandrill batch of several:
 * `id` of the first, `duplicate` true only if every one was already stored, and `results` with
 * each `{id, duplicate}` in event order. Nothing to store (SNS subscription, other event types):
 * `{ok, ignored}`.
 * @publicApi
 */
export interface WebhookAnswer {
  ok: true;
  id?: string;
  duplicate?: boolean;
  results?: AcceptInboundResult[];
  ignored?: string;
}

/**
 * The webhook ingress: pick the adapter (path, else detection), let it verify and extract, then
 * hand every email to the durable inbox. It only stores and enqueues (Action Mailbox's rule):
 * the 200 goes out once the rows are committed, processing happens in the worker.
 */
@Injectable()
export class WebhookIngressService {
  private readonly logger = new Logger('MessagingGateway:Webhook');
  private readonly adapters: ReadonlyMap<WebhookProviderName, WebhookAdapter>;

  constructor(
    private readonly store: InboundStore,
    private readonly replayGuard: WebhookReplayGuard,
    generic: GenericWebhookAdapter,
    sendgrid: SendgridWebhookAdapter,
    mailgun: MailgunWebhookAdapter,
    postmark: PostmarkWebhookAdapter,
    resend: ResendWebhookAdapter,
    ses: SesWebhookAdapter,
    mandrill: MandrillWebhookAdapter,
  ) {
    this.adapters = new Map(
      [generic, sendgrid, mailgun, postmark, resend, ses, mandrill].map((adapter) => [adapter.provider, adapter]),
    );
  }

  async receive(request: WebhookRequest, providerParam?: string): Promise<WebhookAnswer> {
    const provider = providerParam === undefined ? await detectProvider(request) : providerFromPath(providerParam);
    const receipt = await this.adapters.get(provider)!.receive(request);
    if (receipt.deliveries.length === 0) {
      this.logger.log(`provider=${provider} nothing stored: ${receipt.ignored ?? 'no email'}`);
      return { ok: true, ignored: receipt.ignored ?? 'no email' };
    }
    const results = await this.storeAll(provider, receipt);
    this.logger.debug(
      `provider=${provider} stored ${results.map((r) => `${r.id}${r.duplicate ? ' (duplicate)' : ''}`).join(', ')}`,
    );
    const [first] = results;
    if (results.length === 1) return { ok: true, id: first.id, duplicate: first.duplicate };
    return { ok: true, id: first.id, duplicate: results.every((r) => r.duplicate), results };
  }

  private async storeAll(provider: WebhookProviderName, receipt: WebhookReceipt): Promise<AcceptInboundResult[]> {
    const { replayKey } = receipt;
    if (replayKey !== undefined) await this.replayGuard.claim(provider, replayKey);
    try {
      const results: AcceptInboundResult[] = [];
      // In order: a batch that fails half way is retried whole, and the stored half dedupes.
      for (const delivery of receipt.deliveries) {
        results.push(
          await this.store.accept({
            raw: delivery.raw,
            source: 'webhook',
            provider,
            providerEventId: delivery.providerEventId,
            envelope: delivery.envelope,
          }),
        );
      }
      return results;
    } catch (error) {
      if (replayKey !== undefined) await this.replayGuard.release(provider, replayKey);
      throw error;
    }
  }
}
