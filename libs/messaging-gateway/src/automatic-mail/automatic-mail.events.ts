import type { BouncedRecipient } from './classify/classification-result';

/** A failed recipient after the suppression list was updated. @publicApi */
export interface BouncedRecipientOutcome extends Pick<
  BouncedRecipient,
  'address' | 'status' | 'action' | 'hard' | 'reason'
> {
  /** True when the address is now suppressed (hard bounce, or soft bounces past the threshold). */
  suppressed: boolean;
  softBounceCount: number;
}

/** Payload of `email.bounced`. @publicApi */
export interface EmailBouncedEvent {
  inboundEmailId: string;
  /** Outbound rows marked `bounced` (empty when the original could not be found). */
  outboundEmailIds: string[];
  threadIds: string[];
  originalMessageId: string | null;
  recipients: BouncedRecipientOutcome[];
}

/** Payload of `email.complaint.received`. @publicApi */
export interface EmailComplaintEvent {
  inboundEmailId: string;
  feedbackType: string;
  /** Addresses now suppressed with reason `complaint`. */
  recipients: string[];
  outboundEmailIds: string[];
  threadIds: string[];
  originalMessageId: string | null;
}

/** Payload of `email.auto_reply.received`. @publicApi */
export interface EmailAutoReplyEvent {
  inboundEmailId: string;
  originalMessageId: string | null;
  /** Outbound emails the auto-reply answers, and their threads, when they could be found. */
  outboundEmailIds: string[];
  threadIds: string[];
}
