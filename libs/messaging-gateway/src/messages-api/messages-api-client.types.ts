/** Body of `POST {base}/threads` (the Messages API contract, INTEGRATION.md). @publicApi */
export interface CreateThreadInput {
  sourceType: 'email';
  identityEmail: string;
  mailbox: string;
  priority: string;
  subject: string;
  metadata: ThreadEmailMetadata & Record<string, unknown>;
}

/** What thread metadata carries at least. @publicApi */
export interface ThreadEmailMetadata {
  emailFrom: string;
  emailSubject: string;
  lastEmailMessageId: string;
}

/** Body of `POST {base}/threads/:id/messages`. @publicApi */
export interface CreateMessageInput {
  direction: 'inbound' | 'outbound';
  text: string;
  html?: string;
  authorEmail?: string;
  authorName?: string;
  senderProfile?: Record<string, unknown>;
  metadata: Record<string, unknown>;
}

/** A thread as the Messages API returns it. @publicApi */
export interface ThreadRecord {
  id: string;
  sourceType?: string;
  identityEmail?: string;
  mailbox?: string;
  priority?: string;
  subject?: string;
  metadata?: Record<string, unknown>;
  createdAt?: string;
  [key: string]: unknown;
}

/** A message as the Messages API returns it. @publicApi */
export interface MessageRecord {
  id: string;
  [key: string]: unknown;
}

/**
 * The Messages API as the gateway uses it. The default implementation speaks HTTP
 * (INTEGRATION.md, "The Messages API"); a host may provide its own class with `messagesApiClient`.
 * Implementations must make a repeated call with the same idempotency key return the
 * first result instead of creating a second record.
 * @publicApi
 */
export interface MessagesApiClient {
  createThread(input: CreateThreadInput, idempotencyKey: string): Promise<ThreadRecord>;
  createMessage(threadId: string, input: CreateMessageInput, idempotencyKey: string): Promise<MessageRecord>;
  updateThread(threadId: string, patch: { metadata: Record<string, unknown> }): Promise<ThreadRecord>;
  /** Resolves null when the thread does not exist. */
  getThread(threadId: string): Promise<ThreadRecord | null>;
}
