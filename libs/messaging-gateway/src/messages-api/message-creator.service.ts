import { Inject, Injectable } from '@nestjs/common';
import { InjectGatewayOptions } from '../core/options/gateway-options.providers';
import type { GatewaySettings } from '../core/options/gateway-options.schema';
import type { MessagesApiClient } from './messages-api-client.types';
import type { MatchStrategy } from '../threading/thread-match.types';
import { MESSAGES_API_CLIENT } from '../core/gateway.constants';
import { MessagingGatewayError } from '../core/errors/messaging-gateway.error';
import { normalizeSubject } from '../threading/subject/normalize-subject';
import { routeThread } from './thread-routing';
import type { SenderAuth } from '../threading/sender-auth.types';
import type { SafetySignal } from './safety-signal.types';
import type { AttachmentMeta } from '../storage/attachment-meta.types';

/** What the Messages API calls read of an email (a parsed inbound email is one). */
export interface EmailToPost {
  /** The sender, or null when the From header names no trustworthy address. */
  from: { address: string; name: string } | null;
  to: { address: string }[];
  cc: { address: string }[];
  deliveredTo: string[];
  envelopeRecipients: string[];
  subject: string;
  /** Message-ID without angle brackets, or null. */
  messageId: string | null;
  /** `metadata.attachments[]` as posted: kept files with their id and hash, skipped ones with the reason. */
  attachments: AttachmentMeta[];
  authenticationResults: string | null;
  /** `Importance: high` or `X-Priority: 1|2`. */
  markedImportant: boolean;
}

/** What to post for one inbound email. */
export interface InboundPost {
  inboundEmailId: string;
  email: EmailToPost;
  /** The thread found by the matcher; absent: a new conversation. */
  threadId?: string;
  strategy: MatchStrategy;
  /** Text and HTML to post (the extracted reply, or the full text with `inbound.postFullText`). */
  text: string;
  html: string | null;
  elidedText: string;
  /** The sender check's verdicts; null when not checked (EMAIL_SENDER_AUTH=off). */
  auth: SenderAuth | null;
  /** What a reader should know about the content (hidden text, misleading links, injection phrasing). */
  signals: SafetySignal[];
}

export interface InboundPostResult {
  threadId: string;
  messageId: string;
  threadCreated: boolean;
}

/**
 * Turns an inbound email into Messages API calls (the contract in INTEGRATION.md): a thread when it starts a
 * conversation, then the message. Idempotency keys derive from the inbound row id, so a retried
 * or replayed job gets the same thread and message back instead of new ones.
 * @publicApi
 */
@Injectable()
export class MessageCreatorService {
  constructor(
    @InjectGatewayOptions('routing') private readonly routing: GatewaySettings<'routing'>,
    @InjectGatewayOptions('replyTokens') private readonly replyTokens: GatewaySettings<'replyTokens'>,
    @Inject(MESSAGES_API_CLIENT) private readonly api: MessagesApiClient,
  ) {}

  async post(post: InboundPost): Promise<InboundPostResult> {
    const { email, inboundEmailId } = post;
    const sender = email.from?.address ?? '';
    let threadId = post.threadId;
    const threadCreated = threadId === undefined;
    if (threadId === undefined) {
      const route = routeThread(
        {
          recipients: [...email.to, ...email.cc]
            .map((a) => a.address)
            .concat(email.deliveredTo, email.envelopeRecipients),
          sender,
          subject: email.subject,
          markedImportant: email.markedImportant,
        },
        this.routing,
        this.replyTokens.domain,
      );
      const thread = await this.api.createThread(
        {
          sourceType: 'email',
          identityEmail: sender,
          mailbox: route.mailbox,
          priority: route.priority,
          subject: normalizeSubject(email.subject) || '(no subject)',
          metadata: {
            emailFrom: sender,
            emailSubject: email.subject,
            lastEmailMessageId: email.messageId ?? '',
            inboundEmailId,
          },
        },
        `inbound:${inboundEmailId}:thread`,
      );
      threadId = thread.id;
    }
    const message = await this.api
      .createMessage(
        threadId,
        {
          direction: 'inbound',
          text: post.text,
          ...(post.html ? { html: post.html } : {}),
          authorEmail: sender,
          ...(email.from?.name ? { authorName: email.from.name } : {}),
          metadata: {
            emailMessageId: email.messageId,
            matchStrategy: post.strategy,
            elidedText: post.elidedText,
            attachments: email.attachments,
            inboundEmailId,
            ...(email.authenticationResults ? { authenticationResults: email.authenticationResults } : {}),
            ...(post.auth ? { auth: post.auth } : {}),
            signals: post.signals,
          },
        },
        `inbound:${inboundEmailId}:message`,
      )
      .catch((error: unknown) => {
        // The thread exists now: the email's record keeps it, and a replay posts into the same
        // thread (its idempotency key finds it again) instead of leaving it empty for good.
        if (error instanceof MessagingGatewayError) error.context.threadId ??= threadId;
        throw error;
      });
    if (!threadCreated && email.messageId) {
      // Outbound answers thread under the latest email (In-Reply-To); a PATCH repeated by a retry is harmless.
      await this.api.updateThread(threadId, { metadata: { lastEmailMessageId: email.messageId } }).catch((error) => {
        // The message exists: the email's record keeps its id, so the echo guard refuses it meanwhile.
        if (error instanceof MessagingGatewayError) error.context.messageId ??= message.id;
        throw error;
      });
    }
    return { threadId, messageId: message.id, threadCreated };
  }
}
