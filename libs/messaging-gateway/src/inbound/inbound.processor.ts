import { Injectable, Logger } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import type { ParsedMail } from 'mailparser';
import { AutomaticMailService } from '../automatic-mail/automatic-mail.service';
import { InjectGatewayOptions } from '../core/options/gateway-options.providers';
import type { GatewaySettings } from '../core/options/gateway-options.schema';
import { classifyParsedEmail } from '../automatic-mail/classify/classify-email';
import { ErrorCode } from '../core/errors/error-codes';
import { MessagingGatewayError } from '../core/errors/messaging-gateway.error';
import type { MatchStrategy } from '../threading/thread-match.types';
import { ThreadMatcher } from '../threading/thread.matcher';
import { MessageCreatorService } from '../messages-api/message-creator.service';
import { subjectKey } from '../threading/subject/normalize-subject';
import { announceDelivery } from './announce-outcome';
import { InboundReason, inboundFailureOf } from './inbound-reason';
import type { ClaimedInbound, InboundOutcome } from './inbound-outcome.types';
import { InboundStatusService } from './inbound-status.service';
import { parseInboundEmail } from './parse/parse-inbound-email';
import type { ParsedInboundEmail } from './parse/parsed-inbound-email.types';
import { messageContentOf } from './message-content';
import { InjectGatewayEvents } from '../core/host-prerequisites.providers';
import type { SenderAuth } from '../threading/sender-auth.types';
import { SenderAuthVerifier } from './sender-auth/sender-auth.verifier';
import { AttachmentsService } from '../storage/attachments.service';
import { incomingFilesOf } from './parse/incoming-files';

/** How a processing attempt ended, for the caller (queue worker or inline runner). */
export type ProcessResult = 'processed' | 'not_claimable';

/**
 * The inbound pipeline for one stored email (ARCHITECTURE.md, "An inbound email"): claim → parse under limits →
 * classify (automatic mail is handed to AutomaticMailService) → loop check → sender authentication →
 * match the thread (which holds by sender) → extract the reply and its safety signals → Messages API →
 * mapping and final status. Throws a `MessagingGatewayError`
 * on failure: transient ones leave the email pending for the queue's next attempt (unless this
 * is the last one), permanent ones mark it failed at once.
 */
@Injectable()
export class InboundProcessor {
  private readonly logger = new Logger(InboundProcessor.name);

  constructor(
    @InjectGatewayOptions('inbound') private readonly inbound: GatewaySettings<'inbound'>,
    @InjectGatewayOptions('senderAuth') private readonly senderAuth: GatewaySettings<'senderAuth'>,
    private readonly verifier: SenderAuthVerifier,
    private readonly status: InboundStatusService,
    private readonly automaticMail: AutomaticMailService,
    private readonly matcher: ThreadMatcher,
    private readonly creator: MessageCreatorService,
    @InjectGatewayEvents() private readonly events: EventEmitter2,
    private readonly attachments: AttachmentsService,
  ) {}

  /** `raw`: the bytes the accepting request holds (inline), so the claim need not read them back. */
  async process(id: string, attempt: { final: boolean }, raw?: Buffer): Promise<ProcessResult> {
    const claimed = await this.status.claim(id, raw);
    if (!claimed) {
      if ((await this.status.statusOf(id)) !== 'processing') return 'not_claimable';
      // Someone else holds it (inline run, or a worker not yet known dead): ask the queue to come back.
      throw new MessagingGatewayError(ErrorCode.INBOUND_BUSY, `inbound ${id} is being processed elsewhere`, true);
    }
    const seen: Pick<InboundOutcome, 'parsed'> = {};
    // A slow Messages API must not make a live claim look abandoned: renew it while it runs.
    const heartbeat = setInterval(() => {
      this.status.renew(id, claimed.lease).catch(() => undefined);
    }, this.inbound.stuckAfterMs / 3);
    try {
      const outcome = await this.run(id, claimed, seen);
      await this.status.finish(id, claimed.lease, outcome);
      this.logger.log(`inbound ${id}: ${outcome.status}${outcome.reasonCode ? ` (${outcome.reasonCode})` : ''}`);
      return 'processed';
    } catch (error) {
      const failure = inboundFailureOf(error);
      // A message the Messages API created before a later call failed: recorded, so it is never emailed back.
      const createdMessageId = error instanceof MessagingGatewayError ? error.context.messageId : undefined;
      if (failure.transient && !attempt.final) {
        await this.status.release(id, claimed.lease, failure.reasonCode, failure.detail, createdMessageId);
        this.logger.warn(`inbound ${id}: ${failure.reasonCode}, will retry (${failure.detail})`);
      } else {
        await this.status.finish(id, claimed.lease, {
          status: 'failed',
          reasonCode: failure.reasonCode,
          reasonDetail: failure.detail,
          parsed: seen.parsed,
          // A thread the Messages API created before refusing the message: the record points at it.
          threadId: error instanceof MessagingGatewayError ? error.context.threadId : undefined,
          messageId: createdMessageId,
        });
        this.logger.warn(`inbound ${id}: failed (${failure.reasonCode}) ${failure.detail}`);
      }
      throw error instanceof MessagingGatewayError
        ? error
        : new MessagingGatewayError(ErrorCode.INBOUND_PROCESSING, failure.detail, failure.transient, { cause: error });
    } finally {
      clearInterval(heartbeat);
    }
  }

  /** `seen` keeps what parsing learnt for the failure record when a later step throws. */
  private async run(
    id: string,
    claimed: ClaimedInbound,
    seen: Pick<InboundOutcome, 'parsed'>,
  ): Promise<InboundOutcome> {
    if (!claimed.raw) {
      throw new MessagingGatewayError(
        ErrorCode.INBOUND_RAW_PURGED,
        'the raw MIME was purged (inbound.rawRetentionDays)',
      );
    }
    const inbound = this.inbound;
    const { email, mail } = await parseInboundEmail(claimed.raw, claimed.envelope, {
      maxBytes: inbound.maxMessageBytes,
      maxParts: inbound.maxParts,
      timeoutMs: inbound.parseTimeoutMs,
    });
    const sender = email.from?.address ?? null;
    const classification = classifyParsedEmail(mail, claimed.raw);
    const parsed = { senderEmail: sender, subject: email.subject, kind: classification.kind };
    seen.parsed = parsed;

    const automatic =
      classification.kind !== 'message' && !(classification.kind === 'auto_reply' && inbound.postAutoReplies);
    if (automatic) {
      const outcome = await this.automaticMail.handle({ inboundEmailId: id, classification, senderEmail: sender });
      return { status: outcome.status, reasonCode: outcome.reasonCode, parsed };
    }
    if (this.automaticMail.isOwnAddress(sender)) return { status: 'ignored', reasonCode: InboundReason.LOOP, parsed };

    const auth = await this.authenticate(id, claimed);
    const match = await this.matcher.match({ ...email, auth, senderReleased: claimed.senderReleased });
    if (match.kind === 'held') {
      return {
        status: 'rejected',
        reasonCode: match.reason,
        threadId: match.threadId,
        matchStrategy: match.strategy,
        parsed,
        senderAuth: auth,
      };
    }
    const threadId = match.kind === 'existing' ? match.threadId : undefined;
    return { ...(await this.deliver(id, email, mail, threadId, match.strategy, auth)), parsed, senderAuth: auth };
  }

  /**
   * The sender's DKIM/SPF/DMARC/ARC verdicts (null under EMAIL_SENDER_AUTH=off). mailauth turns
   * DNS and crypto failures into results; anything it still throws is a bug of ours or its own,
   * and must not cost the email: it goes on unverified, as under `off`.
   */
  private async authenticate(id: string, claimed: ClaimedInbound): Promise<SenderAuth | null> {
    if (this.senderAuth.policy === 'off' || !claimed.raw) return null;
    try {
      return await this.verifier.verify({ raw: claimed.raw, envelope: claimed.envelope, provider: claimed.provider });
    } catch (error) {
      this.logger.warn(`inbound ${id}: sender authentication failed (${(error as Error).name}); continuing unverified`);
      return null;
    }
  }

  private async deliver(
    id: string,
    email: ParsedInboundEmail,
    mail: ParsedMail,
    threadId: string | undefined,
    strategy: MatchStrategy,
    auth: SenderAuth | null,
  ): Promise<InboundOutcome> {
    const content = messageContentOf(email, mail, this.inbound.postFullText);
    // Kept before the message is posted: its metadata names only files already in the store.
    const attachments = await this.attachments.keepInbound(id, incomingFilesOf(mail));
    const posted = await this.creator.post({
      inboundEmailId: id,
      email: { ...email, attachments },
      threadId,
      strategy,
      auth,
      ...content,
    });
    return {
      status: 'delivered',
      threadId: posted.threadId,
      messageId: posted.messageId,
      matchStrategy: strategy,
      mapping: {
        threadId: posted.threadId,
        emailMessageId: email.messageId,
        senderEmail: email.from?.address ?? null,
        subjectKey: subjectKey(email.subject),
      },
      afterCommit: () => announceDelivery(this.events, id, posted),
    };
  }
}
