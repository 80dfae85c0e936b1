/**
 * The `message.created` payload the gateway consumes (`{threadId, messageId, messageText, threadMetadata, senderProfile}`, INTEGRATION.md). Only
 * threads whose `threadMetadata.sourceType` is `'email'` are answered by email, and never a
 * message with `direction: 'inbound'` or one the gateway itself created.
 * @publicApi
 */
export interface MessageCreatedEvent {
  threadId: string;
  messageId: string;
  messageText: string;
  threadMetadata?: {
    sourceType?: string;
    /** The customer's address: the recipient of the answer. */
    emailFrom?: string;
    emailSubject?: string;
    /** Message-ID of the last email in the thread: the answer's In-Reply-To. */
    lastEmailMessageId?: string;
    [key: string]: unknown;
  };
  senderProfile?: { displayName?: string; [key: string]: unknown };
  direction?: 'inbound' | 'outbound';
  /** Optional HTML of the answer; sanitized before it is sent. */
  html?: string;
  /**
   * Files to send with the answer: a stored attachment's id (`AttachmentsService`), or the
   * content itself. Together at most `attachments.maxOutboundBytes`.
   */
  attachments?: ({ id: string } | { name: string; type: string; contentBase64: string })[];
  /** Message metadata; the gateway's own messages carry `inboundEmailId` or `source: 'email-gateway'`. */
  metadata?: Record<string, unknown>;
}
