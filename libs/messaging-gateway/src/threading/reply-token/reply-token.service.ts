import type { KeyObject } from 'node:crypto';
import { REPLY_TOKEN_DEFAULTS, type ReplyTokenFormat } from '../../core/options/groups/reply-tokens.options';
import { ErrorCode } from '../../core/errors/error-codes';
import { MessagingGatewayError } from '../../core/errors/messaging-gateway.error';
import { findReplyTokenCandidates } from './find-reply-tokens';
import {
  decodeLegacyToken,
  encodeLegacyToken,
  LEGACY_MAX_LENGTH,
  legacySignatureMatches,
} from './reply-token-legacy.format';
import { loadReplyTokenKeys } from './reply-token-keys';
import { hasReplyTokenSyntax } from './reply-token-syntax';
import type {
  ReplyTokenBinding,
  ReplyTokenInspection,
  ReplyTokenServiceOptions,
  ReplyTokenVerification,
} from './reply-token.types';
import {
  DAY_MS,
  decodeV2Token,
  encodeV2Token,
  V2_TOKEN_PATTERN,
  v2RecipientMatches,
  v2ThreadMacMatches,
} from './reply-token-v2.format';

/**
 * Signs and verifies the TOKEN of `reply+TOKEN@domain` (ARCHITECTURE.md, "Reply tokens"; wire formats in
 * reply-token-v2.format.ts and reply-token-legacy.format.ts). The first secret signs, every
 * configured secret verifies by key id, so secrets rotate by prepending a new key. Pure code:
 * `new ReplyTokenService(options.replyTokens)` works outside Nest; in the module it is a provider.
 * `verify` and `inspect` never throw and take time independent of where a MAC differs.
 * @publicApi
 */
export class ReplyTokenService {
  private readonly keys: Map<string, KeyObject>;
  private readonly signingKid: string;
  private readonly maxAgeMs: number;
  private readonly format: ReplyTokenFormat;
  private readonly domain: string;

  constructor(
    options: ReplyTokenServiceOptions,
    private readonly clock: () => number = Date.now,
  ) {
    this.keys = loadReplyTokenKeys(options);
    this.signingKid = options.secrets[0].kid;
    this.domain = options.domain.toLowerCase();
    this.maxAgeMs = (options.maxAgeDays ?? REPLY_TOKEN_DEFAULTS.maxAgeDays) * DAY_MS;
    this.format = options.format ?? REPLY_TOKEN_DEFAULTS.format;
  }

  /** A new token for (threadId, recipient) in the configured format, signed with the first secret. */
  generate(input: { threadId: string; recipient: string }): string {
    const threadId = input?.threadId;
    if (typeof threadId !== 'string' || threadId.length === 0) {
      throw new MessagingGatewayError(ErrorCode.REPLY_TOKEN_INPUT, 'generate() needs a non-empty threadId');
    }
    const key = this.keys.get(this.signingKid)!;
    const now = this.clock();
    if (this.format === 'legacy') {
      const token = encodeLegacyToken(key, threadId, now);
      if (token.length > LEGACY_MAX_LENGTH) {
        throw new MessagingGatewayError(ErrorCode.REPLY_TOKEN_INPUT, 'threadId is too long for a legacy token; use v2');
      }
      return token;
    }
    if (typeof input.recipient !== 'string' || input.recipient.trim().length === 0) {
      throw new MessagingGatewayError(
        ErrorCode.REPLY_TOKEN_INPUT,
        'generate() needs the recipient the token is sent to',
      );
    }
    return encodeV2Token(key, this.signingKid, now + this.maxAgeMs, threadId, input.recipient);
  }

  /** `reply+TOKEN@domain`. Throws `EGW_REPLY_TOKEN_INPUT` for anything not spelled like a token (header safety). */
  replyAddress(token: string): string {
    if (typeof token !== 'string' || !hasReplyTokenSyntax(token)) {
      throw new MessagingGatewayError(ErrorCode.REPLY_TOKEN_INPUT, 'replyAddress() needs a token from generate()');
    }
    return `reply+${token}@${this.domain}`;
  }

  /** Structure, key id and expiry, without the binding (legacy tokens: signature too). Never throws. */
  inspect(token: string): ReplyTokenInspection {
    if (typeof token !== 'string') return { ok: false, reason: 'malformed' };
    const v2 = decodeV2Token(token);
    if (v2) {
      if (!this.keys.has(v2.kid)) return { ok: false, reason: 'unknown_key' };
      const expiresAtMs = v2.expiryDays * DAY_MS;
      if (this.clock() >= expiresAtMs) return { ok: false, reason: 'expired' };
      return { ok: true, format: 'v2', kid: v2.kid, expiresAt: new Date(expiresAtMs) };
    }
    const legacy = decodeLegacyToken(token);
    if (!legacy) return { ok: false, reason: 'malformed' };
    const kid = this.legacyKid(legacy);
    if (kid === undefined) return { ok: false, reason: 'unknown_key' };
    const expiresAtMs = legacy.timestampMs + this.maxAgeMs;
    if (this.clock() >= expiresAtMs) return { ok: false, reason: 'expired' };
    return { ok: true, format: 'legacy', kid, expiresAt: new Date(expiresAtMs), threadId: legacy.threadId };
  }

  /**
   * Full check: structure, key, MAC over the thread, the recipient (v2, when given), expiry. The
   * signature is checked before the expiry so a forgery is never answered as merely expired, and
   * the recipient before the expiry so a stranger never gets the "expired" notice. Never throws.
   */
  verify(token: string, binding: ReplyTokenBinding): ReplyTokenVerification {
    if (typeof token !== 'string') return { ok: false, reason: 'malformed' };
    const threadId = binding?.threadId;
    const v2 = decodeV2Token(token);
    if (v2) {
      const key = this.keys.get(v2.kid);
      if (!key) return { ok: false, reason: 'unknown_key' };
      if (typeof threadId !== 'string' || !v2ThreadMacMatches(key, v2, threadId)) {
        return { ok: false, reason: 'bad_signature' };
      }
      const recipient = binding.recipient;
      if (recipient !== undefined && !v2RecipientMatches(key, v2, String(recipient))) {
        return { ok: false, reason: 'recipient_mismatch' };
      }
      if (this.clock() >= v2.expiryDays * DAY_MS) return { ok: false, reason: 'expired' };
      return { ok: true, kid: v2.kid, format: 'v2' };
    }
    const legacy = decodeLegacyToken(token);
    if (!legacy) return { ok: false, reason: 'malformed' };
    const kid = this.legacyKid(legacy);
    // Legacy tokens embed their thread and are bound to nothing else.
    if (kid === undefined || legacy.threadId !== threadId) return { ok: false, reason: 'bad_signature' };
    if (this.clock() >= legacy.timestampMs + this.maxAgeMs) return { ok: false, reason: 'expired' };
    return { ok: true, kid, format: 'legacy' };
  }

  /** Tokens of `reply+TOKEN@<our domain>` in To, Cc, Delivered-To, X-Original-To or envelope values, normalized. */
  findTokens(addresses: Iterable<string>): string[] {
    const tokens = findReplyTokenCandidates(addresses, this.domain, hasReplyTokenSyntax).map((candidate) =>
      this.normalize(candidate),
    );
    return [...new Set(tokens)];
  }

  /** Canonical storage form: lowercase for v2 (case-insensitive), unchanged for legacy (case-sensitive). */
  normalize(token: string): string {
    return typeof token === 'string' && V2_TOKEN_PATTERN.test(token) ? token.toLowerCase() : token;
  }

  /** Legacy tokens carry no key id: the kid is the first configured secret whose signature matches. */
  private legacyKid(legacy: NonNullable<ReturnType<typeof decodeLegacyToken>>): string | undefined {
    let matched: string | undefined;
    // Every key is tried, even after a match, so the time spent does not reveal which one signed.
    for (const [kid, key] of this.keys) {
      if (legacySignatureMatches(key, legacy) && matched === undefined) matched = kid;
    }
    return matched;
  }
}
