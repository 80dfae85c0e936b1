import type { GatewaySettings } from '../../core/options/gateway-options.schema';
import type { ReplyTokenFormat } from '../../core/options/groups/reply-tokens.options';

type ReplyTokenSettings = GatewaySettings<'replyTokens'>;

/** What `ReplyTokenService` needs: the resolved `replyTokens` options fit. @publicApi */
export type ReplyTokenServiceOptions = Pick<ReplyTokenSettings, 'domain' | 'secrets'> &
  Partial<Pick<ReplyTokenSettings, 'maxAgeDays' | 'format'>>;

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
