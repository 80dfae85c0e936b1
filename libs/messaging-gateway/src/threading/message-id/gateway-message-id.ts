import { randomBytes } from 'node:crypto';
import { ErrorCode } from '../../core/errors/error-codes';
import { MessagingGatewayError } from '../../core/errors/messaging-gateway.error';
import { base32Encode } from '../reply-token/base32';
import { hasReplyTokenSyntax } from '../reply-token/reply-token-syntax';

/*
 * Our outbound Message-IDs carry the reply token, so a reply still threads when the client drops
 * Reply-To or the provider strips the +tag but keeps In-Reply-To / References (GitLab's
 * `reply-<key>@host` fallback). Shape, without angle brackets (RFC 5322 3.6.4 msg-id):
 *
 *   mgw.<TOKEN>.<UNIQUE>@<DOMAIN>
 *
 * TOKEN is a reply token (v2 `kid.base32`, or legacy base64url), UNIQUE a dot-free random part
 * that makes every message's id distinct. The token sits between the first and the last dot;
 * parsing checks its syntax, so `mgw.1.<payload>@` (a v2 token without unique part) is not read as token "1".
 */
const PREFIX = 'mgw.';
const TOKEN_PATTERN = /^[A-Za-z0-9_=-]+(?:\.[A-Za-z0-9_=-]+)*$/;
const UNIQUE_PATTERN = /^[A-Za-z0-9_=-]{1,64}$/;
const DOMAIN_PATTERN =
  /^(?=.{1,253}$)[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/;
/** RFC 5322 2.1.1: no line may exceed 998 characters, so no longer id is ours. */
const MAX_ID_LENGTH = 998;

export interface GatewayMessageIdInput {
  token: string;
  domain: string;
  /** Dot-free unique part; a random 80-bit value when omitted. */
  unique?: string;
}

/** `mgw.<token>.<unique>@<domain>`, without angle brackets. Throws `EGW_REPLY_TOKEN_INPUT` on unsafe parts. @publicApi */
export function generateGatewayMessageId({ token, domain, unique }: GatewayMessageIdInput): string {
  const uniquePart = unique ?? base32Encode(randomBytes(10));
  // Every part is checked against a strict character set: these go into a header (no injection).
  if (typeof token !== 'string' || token.length > 400 || !TOKEN_PATTERN.test(token)) {
    throw new MessagingGatewayError(ErrorCode.REPLY_TOKEN_INPUT, 'Message-ID token must be a reply token');
  }
  if (!UNIQUE_PATTERN.test(uniquePart)) {
    throw new MessagingGatewayError(
      ErrorCode.REPLY_TOKEN_INPUT,
      'Message-ID unique part must be 1-64 of A-Z a-z 0-9 _ = -',
    );
  }
  if (typeof domain !== 'string' || !DOMAIN_PATTERN.test(domain)) {
    throw new MessagingGatewayError(ErrorCode.REPLY_TOKEN_INPUT, 'Message-ID domain must be a domain name');
  }
  return `${PREFIX}${token}.${uniquePart}@${domain.toLowerCase()}`;
}

/**
 * The token of one of our Message-IDs, or null when `id` is not ours (other prefix, other domain,
 * malformed). Tolerates angle brackets, surrounding whitespace and any case of prefix and domain.
 * The token comes back as written: pass it through `ReplyTokenService.normalize`.
 * @publicApi
 */
export function parseGatewayMessageId(id: string, domain: string): { token: string } | null {
  if (typeof id !== 'string' || typeof domain !== 'string' || id.length > MAX_ID_LENGTH + 64) return null;
  const bare = unwrapMessageId(id);
  const at = bare.lastIndexOf('@');
  if (at < 0 || bare.slice(at + 1).toLowerCase() !== domain.toLowerCase()) return null;
  const local = bare.slice(0, at);
  if (local.slice(0, PREFIX.length).toLowerCase() !== PREFIX) return null;
  const lastDot = local.lastIndexOf('.');
  const token = local.slice(PREFIX.length, lastDot);
  if (lastDot <= PREFIX.length || !hasReplyTokenSyntax(token) || !UNIQUE_PATTERN.test(local.slice(lastDot + 1))) {
    return null;
  }
  return { token };
}

/** `<id>`, the form the Message-ID, In-Reply-To and References headers carry. @publicApi */
export function wrapMessageId(id: string): string {
  return `<${unwrapMessageId(id)}>`;
}

/** The id without surrounding whitespace and angle brackets. @publicApi */
export function unwrapMessageId(id: string): string {
  let bare = id.trim();
  if (bare.startsWith('<')) bare = bare.slice(1);
  if (bare.endsWith('>')) bare = bare.slice(0, -1);
  return bare.trim();
}
