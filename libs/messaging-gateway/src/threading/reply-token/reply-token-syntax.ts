import { decodeLegacyToken } from './reply-token-legacy.format';
import { V2_TOKEN_PATTERN } from './reply-token-v2.format';

/** Whether `candidate` is spelled like a reply token of either format (no secret involved). */
export function hasReplyTokenSyntax(candidate: string): boolean {
  return V2_TOKEN_PATTERN.test(candidate) || decodeLegacyToken(candidate) !== null;
}
