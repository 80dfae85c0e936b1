/** Which strategy tied an email to its thread (stored as `match_strategy`). @publicApi */
export type MatchStrategy = 'token' | 'gateway_message_id' | 'message_id' | 'subject' | 'new_thread';

/** Why a reply is held instead of posted. @publicApi */
export type HoldReason = 'sender_mismatch' | 'token_expired' | 'sender_unknown';

/** The matcher's decision. @publicApi */
export type ThreadMatch =
  | { kind: 'existing'; threadId: string; strategy: Exclude<MatchStrategy, 'new_thread'> }
  | { kind: 'new'; strategy: 'new_thread' }
  | { kind: 'held'; reason: HoldReason; strategy?: MatchStrategy; threadId?: string };
