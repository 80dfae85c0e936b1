/** Payload of `email.processed`: an inbound email reached a final status. @publicApi */
export interface EmailProcessedEvent {
  inboundEmailId: string;
  status: 'delivered' | 'ignored' | 'rejected' | 'failed';
  reasonCode: string | null;
  threadId?: string;
  messageId?: string;
}

/** Payload of `email.rejected`: an inbound email was held (sender mismatch, expired token …). @publicApi */
export interface EmailRejectedEvent {
  inboundEmailId: string;
  reasonCode: string;
  /** The thread the email pointed at, when it pointed at one. */
  threadId?: string;
}

/** Payload of `email.thread.created`. @publicApi */
export interface EmailThreadCreatedEvent {
  threadId: string;
  inboundEmailId: string;
}

/** Payload of `email.message.created`. @publicApi */
export interface EmailMessageCreatedEvent {
  threadId: string;
  messageId: string;
  inboundEmailId: string;
}
