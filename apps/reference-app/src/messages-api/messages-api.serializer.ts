import type { AppMessage } from './entities/app-message.entity';
import type { AppThread } from './entities/app-thread.entity';

/** A thread as the Messages API answers it (INTEGRATION.md, "The Messages API"). */
export function serializeThread(thread: AppThread) {
  return {
    id: thread.id,
    sourceType: thread.sourceType,
    identityEmail: thread.identityEmail,
    mailbox: thread.mailbox,
    priority: thread.priority,
    subject: thread.subject,
    metadata: thread.metadata,
    unread: thread.unread,
    messageCount: thread.messageCount,
    lastMessageAt: thread.lastMessageAt?.toISOString() ?? null,
    createdAt: thread.createdAt.toISOString(),
    updatedAt: thread.updatedAt.toISOString(),
  };
}

/** A message as the Messages API answers it. */
export function serializeMessage(message: AppMessage) {
  return {
    id: message.id,
    threadId: message.threadId,
    direction: message.direction,
    text: message.text,
    html: message.html,
    authorEmail: message.authorEmail,
    authorName: message.authorName,
    senderProfile: message.senderProfile,
    metadata: message.metadata,
    createdAt: message.createdAt.toISOString(),
  };
}

export type ThreadView = ReturnType<typeof serializeThread>;
export type MessageView = ReturnType<typeof serializeMessage>;
