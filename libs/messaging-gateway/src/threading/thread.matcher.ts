import { Injectable } from '@nestjs/common';
import { InjectGatewayOptions } from '../core/options/gateway-options.providers';
import type { GatewaySettings } from '../core/options/gateway-options.schema';
import { parseGatewayMessageId } from './message-id/gateway-message-id';
import { subjectKey } from './subject/normalize-subject';
import { ReplyTokenService } from './reply-token/reply-token.service';
import { ThreadMappingsRepository } from './thread-mappings.repository';
import { senderAuthFails } from './sender-auth.types';
import type { MatchableEmail, MatchStrategy, ThreadMatch } from './thread-match.types';
import { TokenThreadCache } from './token-thread.cache';

type TokenCheck = 'attach' | 'mismatch' | 'expired' | 'unknown';
type Found = { threadId: string; check: TokenCheck };

/**
 * Finds the thread of an inbound email with an ordered chain (ARCHITECTURE.md "Matching"):
 * token in a recipient → gateway Message-ID in In-Reply-To/References → any stored Message-ID →
 * (optional) sender + subject → new thread. A reply found by the first three is attached only
 * when its sender is the token's recipient or already a participant of the thread; otherwise it
 * is held (`sender_mismatch`), whatever later strategies say: a stranger must not be able to
 * steer a reply into a thread by quoting its headers (Alga PSA #3241). The From header itself is
 * only believed as far as EMAIL_SENDER_AUTH says: every policy but `off` holds a From with two
 * addresses (`sender_ambiguous`), and `enforce` holds a reply to an existing thread whose From
 * fails DMARC (`sender_unauthenticated`), since a participant's address is easy to forge.
 */
@Injectable()
export class ThreadMatcher {
  constructor(
    @InjectGatewayOptions('replyTokens') private readonly replyTokens: GatewaySettings<'replyTokens'>,
    @InjectGatewayOptions('routing') private readonly routing: GatewaySettings<'routing'>,
    @InjectGatewayOptions('senderAuth') private readonly senderAuth: GatewaySettings<'senderAuth'>,
    private readonly tokens: ReplyTokenService,
    private readonly tokenCache: TokenThreadCache,
    private readonly mappings: ThreadMappingsRepository,
  ) {}

  async match(email: MatchableEmail): Promise<ThreadMatch> {
    const { policy } = this.senderAuth;
    if (policy !== 'off' && email.senderCount > 1 && !email.senderReleased) {
      return { kind: 'held', reason: 'sender_ambiguous' };
    }
    const found = await this.find(email);
    if (found.kind !== 'existing' || policy !== 'enforce' || !email.auth || email.senderReleased) return found;
    return senderAuthFails(email.auth)
      ? { kind: 'held', reason: 'sender_unauthenticated', strategy: found.strategy, threadId: found.threadId }
      : found;
  }

  private async find(email: MatchableEmail): Promise<ThreadMatch> {
    const sender = email.from?.address ?? null;
    const holds: { mismatch?: Found & { strategy: MatchStrategy }; expired?: boolean } = {};
    const settle = (found: Found | null, strategy: Exclude<MatchStrategy, 'new_thread'>): ThreadMatch | null => {
      if (!found) return null;
      if (found.check === 'attach') return { kind: 'existing', threadId: found.threadId, strategy };
      if (found.check === 'mismatch') holds.mismatch ??= { ...found, strategy };
      if (found.check === 'expired') holds.expired = true;
      return null;
    };

    const recipients = [
      ...email.to.map((a) => a.address),
      ...email.cc.map((a) => a.address),
      ...email.deliveredTo,
      ...email.envelopeRecipients,
    ];
    for (const token of this.tokens.findTokens(recipients)) {
      const matched = settle(await this.checkToken(token, sender), 'token');
      if (matched) return matched;
    }
    // Newest reference first: In-Reply-To, then References from the end (RFC 5322 3.6.4).
    const referenced = [...new Set([...email.inReplyTo.slice().reverse(), ...email.references.slice().reverse()])];
    for (const id of referenced) {
      const parsed = parseGatewayMessageId(id, this.replyTokens.domain);
      if (!parsed) continue;
      const matched = settle(await this.checkToken(parsed.token, sender), 'gateway_message_id');
      if (matched) return matched;
    }
    const byMessageId = await this.mappings.threadsByMessageIds(referenced);
    const newestKnown = referenced.find((id) => byMessageId.has(id));
    if (newestKnown) {
      const threadId = byMessageId.get(newestKnown)!;
      const participant = sender !== null && (await this.mappings.isParticipant(threadId, sender));
      const matched = settle({ threadId, check: participant ? 'attach' : 'mismatch' }, 'message_id');
      if (matched) return matched;
    }

    if (holds.mismatch) {
      return {
        kind: 'held',
        reason: 'sender_mismatch',
        strategy: holds.mismatch.strategy,
        threadId: holds.mismatch.threadId,
      };
    }
    if (sender === null) return { kind: 'held', reason: 'sender_unknown' };
    const bySubject = await this.matchSubject(sender, email.subject);
    if (bySubject) return { kind: 'existing', threadId: bySubject, strategy: 'subject' };
    if (holds.expired) return { kind: 'held', reason: 'token_expired', strategy: 'token' };
    return { kind: 'new', strategy: 'new_thread' };
  }

  /** Verifies a token against the thread it was stored for, and its sender against the thread. */
  private async checkToken(token: string, sender: string | null): Promise<Found | null> {
    const mapping = await this.tokenCache.find(this.tokens.normalize(token));
    if (!mapping) return null;
    const { threadId } = mapping;
    const verdict = this.tokens.verify(token, sender ? { threadId, recipient: sender } : { threadId });
    if (verdict.ok) {
      // v2 checked the recipient tag; a legacy token binds the thread only, so ask the mapping.
      const bound = sender !== null && (verdict.format === 'v2' || mapping.recipient === sender);
      if (bound || (sender !== null && (await this.mappings.isParticipant(threadId, sender)))) {
        return { threadId, check: 'attach' };
      }
      return { threadId, check: 'mismatch' };
    }
    if (verdict.reason === 'recipient_mismatch') {
      const participant = sender !== null && (await this.mappings.isParticipant(threadId, sender));
      return { threadId, check: participant ? 'attach' : 'mismatch' };
    }
    if (verdict.reason === 'expired') return { threadId, check: 'expired' };
    return null; // malformed, unknown key, bad signature: a forgery, never a match
  }

  /** Off by default; never on an empty key, and never when the sender has two candidate threads. */
  private async matchSubject(sender: string, subject: string): Promise<string | null> {
    const { subjectFallback, subjectFallbackHours } = this.routing;
    const key = subjectKey(subject);
    if (!subjectFallback || !key) return null;
    const threads = await this.mappings.threadsBySenderSubject(sender, key, subjectFallbackHours);
    return threads.length === 1 ? threads[0] : null;
  }
}
