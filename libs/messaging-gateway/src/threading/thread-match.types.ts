/** Which strategy tied an email to its thread (stored as `match_strategy`). @publicApi */
export type MatchStrategy = 'token' | 'gateway_message_id' | 'message_id' | 'subject' | 'new_thread';

import type { SenderAuth } from './sender-auth.types';

/** Why a reply is held instead of posted. @publicApi */
export type HoldReason =
  'sender_mismatch' | 'token_expired' | 'sender_unknown' | 'sender_unauthenticated' | 'sender_ambiguous';

/** The matcher's decision. @publicApi */
export type ThreadMatch =
  | { kind: 'existing'; threadId: string; strategy: Exclude<MatchStrategy, 'new_thread'> }
  | { kind: 'new'; strategy: 'new_thread' }
  | { kind: 'held'; reason: HoldReason; strategy?: MatchStrategy; threadId?: string };

/** What the matcher reads of an email (a parsed inbound email is one). */
export interface MatchableEmail {
  /** The sender, or null when the From header names no trustworthy address. */
  from: { address: string } | null;
  /** How many addresses the From header(s) name: more than one leaves the author ambiguous. */
  senderCount: number;
  /** The sender authentication verdicts, or null when not checked (EMAIL_SENDER_AUTH=off). */
  auth: SenderAuth | null;
  /** An operator released this email's sender hold (replay): the sender checks of the policy are skipped. */
  senderReleased?: boolean;
  to: { address: string }[];
  cc: { address: string }[];
  /** Delivered-To, X-Original-To and Envelope-To addresses. */
  deliveredTo: string[];
  /** SMTP envelope recipients reported by the ingress. */
  envelopeRecipients: string[];
  /** In-Reply-To ids, oldest first. */
  inReplyTo: string[];
  /** References ids, oldest first. */
  references: string[];
  subject: string;
}
