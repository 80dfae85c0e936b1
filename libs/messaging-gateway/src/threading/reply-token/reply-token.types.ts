import type { ReplyTokenFormat, ReplyTokenOptions } from '../../core/options/messaging-gateway-options.types';

/** What `ReplyTokenService` needs: `ResolvedMessagingGatewayOptions.replyTokens` fits. @publicApi */
export type ReplyTokenServiceOptions = ReplyTokenOptions;

/** Why a token was refused. Stable: the matcher maps them to reason codes. @publicApi */
export type ReplyTokenFailureReason = 'malformed' | 'unknown_key' | 'expired' | 'bad_signature' | 'recipient_mismatch';

/** Result of `ReplyTokenService.inspect`. @publicApi */
export type ReplyTokenInspection =
  | {
      ok: true;
      format: ReplyTokenFormat;
      kid: string;
      expiresAt: Date;
      /** Only legacy tokens carry their thread id (already checked against its signature). */
      threadId?: string;
    }
  | { ok: false; reason: Extract<ReplyTokenFailureReason, 'malformed' | 'unknown_key' | 'expired'> };

/** Result of `ReplyTokenService.verify`. @publicApi */
export type ReplyTokenVerification =
  { ok: true; kid: string; format: ReplyTokenFormat } | { ok: false; reason: ReplyTokenFailureReason };

/** What a token must be bound to. @publicApi */
export interface ReplyTokenBinding {
  /** The thread the token was stored for. */
  threadId: string;
  /**
   * The sender to check against the recipient the token was sent to (v2 only). Omitted: only the
   * thread binding is checked.
   */
  recipient?: string;
}
