import { Injectable, Logger, Optional } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { DataSource, type EntityManager } from 'typeorm';
import { InjectGatewayOptions } from '../core/options/gateway-options.providers';
import type { GatewaySettings } from '../core/options/gateway-options.schema';
import type { ClassificationResult } from './classify/classification-result';
import { ErrorCode } from '../core/errors/error-codes';
import { MessagingGatewayError } from '../core/errors/messaging-gateway.error';
import { GatewayEvents } from '../core/gateway-events';
import { ReplyTokenService } from '../threading/reply-token/reply-token.service';
import type { AutomaticMailInput, AutomaticMailOutcome } from './automatic-mail.types';
import type { EmailAutoReplyEvent, EmailBouncedEvent, EmailComplaintEvent } from './automatic-mail.events';
import { findOriginalOutbound, type OriginalOutbound } from './original-outbound';
import { isOwnAddress } from '../threading/own-address';
import { bounceOutcome, recordFailedRecipients, unreadableFailure } from './record-bounce';
import { OutboundStatusRepository } from '../outbound/outbox/outbound-status.repository';
import { suppress } from './suppression-ledger';
import { InjectGatewayDataSource, InjectGatewayEvents } from '../core/host-prerequisites.providers';

const ignored = (reasonCode: AutomaticMailOutcome['reasonCode']): AutomaticMailOutcome => ({
  status: 'ignored',
  reasonCode,
});

/**
 * Acts on automatic mail the inbound pipeline classified: bounces mark the original outbound
 * email bounced and feed the suppression list, complaints suppress, auto-replies are announced.
 * It never sends anything: automatic mail is never answered (RFC 3834 section 2). The caller
 * owns the inbound row's status and stores the returned reason code.
 * @publicApi
 */
@Injectable()
export class AutomaticMailService {
  private readonly logger = new Logger(AutomaticMailService.name);

  constructor(
    @InjectGatewayOptions('outbound') private readonly outbound: GatewaySettings<'outbound'>,
    @InjectGatewayOptions('replyTokens') private readonly replyTokenSettings: GatewaySettings<'replyTokens'>,
    @InjectGatewayDataSource() private readonly dataSource: DataSource,
    @InjectGatewayEvents() private readonly events: EventEmitter2,
    private readonly outboundStatus: OutboundStatusRepository,
    @Optional() private readonly replyTokens?: ReplyTokenService,
  ) {}

  /** True for SMTP_FROM and any address at EMAIL_REPLY_DOMAIN: mail from them is a loop. */
  isOwnAddress(address: string | null | undefined): boolean {
    return isOwnAddress(address, { from: this.outbound.from, replyDomain: this.replyTokenSettings.domain });
  }

  async handle(input: AutomaticMailInput): Promise<AutomaticMailOutcome> {
    const { classification } = input;
    // Reports are acted on even when our own domain's MTA wrote them; anything else from us is a loop.
    if (classification.kind === 'bounce') return this.handleBounce(input);
    if (classification.kind === 'feedback_report') return this.handleComplaint(input);
    if (classification.kind === 'delivery_success') return ignored('delivery_success');
    if (this.isOwnAddress(input.senderEmail)) {
      this.logger.log(`inbound ${input.inboundEmailId} ignored: sent by the gateway itself (loop)`);
      return ignored('loop');
    }
    if (classification.kind === 'auto_reply') return this.handleAutoReply(input);
    throw new MessagingGatewayError(
      ErrorCode.NOT_AUTOMATIC_MAIL,
      `inbound ${input.inboundEmailId} is a person's email from a foreign address: deliver it instead ` +
        '(call handle only for automatic mail, or when isOwnAddress(sender) is true)',
      false,
      { inboundEmailId: input.inboundEmailId },
    );
  }

  private async handleBounce(input: AutomaticMailInput): Promise<AutomaticMailOutcome> {
    const { classification } = input;
    const reported = classification.bounce?.recipients ?? [];
    // A delay warning ("will retry") is not a failure: nothing changes and nothing is announced.
    if (reported.length > 0 && reported.every((recipient) => recipient.action === 'delayed')) return ignored('bounce');
    const event = await this.dataSource.transaction(async (manager) => {
      let failed = reported.filter((recipient) => recipient.action === 'failed');
      const originals = await this.originals(
        manager,
        classification,
        failed.map((r) => r.address),
      );
      // A bounce whose recipients could not be read still failed its original's recipient.
      if (reported.length === 0) failed = originals.map((original) => unreadableFailure(original.recipient));
      const recipients = await recordFailedRecipients(
        manager,
        failed,
        this.outbound.softBounceThreshold,
        input.inboundEmailId,
      );
      if (failed.length > 0 && originals.length > 0) {
        const { reasonCode, diagnostic } = bounceOutcome(failed);
        await this.outboundStatus.markBounced(
          manager,
          originals.map((original) => original.id),
          reasonCode,
          diagnostic,
        );
      }
      return this.eventOf<EmailBouncedEvent>(input, originals, { recipients });
    });
    const hard = event.recipients.filter((r) => r.hard).length;
    this.logger.log(
      `inbound ${input.inboundEmailId}: bounce for ${event.outboundEmailIds.length} outbound email(s), ` +
        `${hard} hard / ${event.recipients.length - hard} soft`,
    );
    this.events.emit(GatewayEvents.EMAIL_BOUNCED, event);
    return ignored('bounce');
  }

  private async handleComplaint(input: AutomaticMailInput): Promise<AutomaticMailOutcome> {
    const feedback = input.classification.feedback ?? { type: 'other', recipients: [] };
    const event = await this.dataSource.transaction(async (manager) => {
      const originals = await this.originals(manager, input.classification, feedback.recipients);
      const addresses =
        feedback.recipients.length > 0 ? feedback.recipients : originals.map((o) => o.recipient.toLowerCase());
      for (const address of addresses) {
        await suppress(manager, address, 'complaint', `${feedback.type} (inbound ${input.inboundEmailId})`);
      }
      return this.eventOf<EmailComplaintEvent>(input, originals, {
        feedbackType: feedback.type,
        recipients: addresses,
      });
    });
    this.logger.log(
      `inbound ${input.inboundEmailId}: ${feedback.type} report, ${event.recipients.length} address(es) suppressed`,
    );
    this.events.emit(GatewayEvents.EMAIL_COMPLAINT_RECEIVED, event);
    return ignored('feedback_report');
  }

  private async handleAutoReply(input: AutomaticMailInput): Promise<AutomaticMailOutcome> {
    const originals = await this.originals(
      this.dataSource.manager,
      input.classification,
      input.senderEmail ? [input.senderEmail] : [],
    );
    this.events.emit(GatewayEvents.EMAIL_AUTO_REPLY_RECEIVED, this.eventOf<EmailAutoReplyEvent>(input, originals, {}));
    return ignored('auto_reply');
  }

  private originals(
    manager: EntityManager,
    classification: ClassificationResult,
    recipients: string[],
  ): Promise<OriginalOutbound[]> {
    return findOriginalOutbound(manager, {
      originalMessageId: classification.originalMessageId,
      relatedAddresses: classification.relatedAddresses,
      recipients: recipients.map((address) => address.toLowerCase()),
      replyDomain: this.replyTokenSettings.domain,
      replyTokens: this.replyTokens,
    });
  }

  private eventOf<E>(input: AutomaticMailInput, originals: OriginalOutbound[], rest: Omit<E, keyof BaseEvent>): E {
    const base: BaseEvent = {
      inboundEmailId: input.inboundEmailId,
      outboundEmailIds: originals.map((original) => original.id),
      threadIds: [...new Set(originals.map((original) => original.threadId))],
      originalMessageId: input.classification.originalMessageId ?? null,
    };
    return { ...base, ...rest } as E;
  }
}

interface BaseEvent {
  inboundEmailId: string;
  outboundEmailIds: string[];
  threadIds: string[];
  originalMessageId: string | null;
}
