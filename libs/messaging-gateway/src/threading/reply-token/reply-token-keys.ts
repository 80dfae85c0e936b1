import { createSecretKey, type KeyObject } from 'node:crypto';
import { MessagingGatewayConfigError } from '../../core/errors/messaging-gateway-config.error';
import type { ReplyTokenServiceOptions } from './reply-token.types';

/** Key ids travel inside v2 tokens, lowercase, so they must fit its syntax (1-8 of a-z 0-9). */
const KID_PATTERN = /^[a-z0-9]{1,8}$/;

/**
 * The HMAC keys by key id, in configured order (the first one signs), after checking the options
 * that tokens depend on. Checked again here, not
 * only at boot, because `new ReplyTokenService(...)` is public and may get options by hand.
 */
export function loadReplyTokenKeys(options: ReplyTokenServiceOptions): Map<string, KeyObject> {
  if (!options?.domain) {
    throw new MessagingGatewayConfigError('replyTokens.domain', 'not set', 'give the domain that receives replies');
  }
  if (!options.secrets?.length) {
    throw new MessagingGatewayConfigError(
      'replyTokens.secrets',
      'no secret configured',
      'give at least one {kid, secret}',
    );
  }
  const { maxAgeDays, format } = options;
  if (maxAgeDays !== undefined && !(Number.isInteger(maxAgeDays) && maxAgeDays >= 1 && maxAgeDays <= 3650)) {
    throw new MessagingGatewayConfigError(
      'replyTokens.maxAgeDays',
      `${maxAgeDays} is not 1 to 3650`,
      'give whole days',
    );
  }
  if (format !== undefined && format !== 'v2' && format !== 'legacy') {
    throw new MessagingGatewayConfigError(
      'replyTokens.format',
      `unknown format "${String(format)}"`,
      'use v2 or legacy',
    );
  }
  const keys = new Map<string, KeyObject>();
  for (const { kid, secret } of options.secrets) {
    if (!KID_PATTERN.test(kid) || keys.has(kid) || !secret) {
      throw new MessagingGatewayConfigError(
        'replyTokens.secrets',
        `key id "${kid}" is invalid, repeated or has no secret`,
        'give every secret its own key id of 1 to 8 characters a-z and 0-9',
      );
    }
    keys.set(kid, createSecretKey(Buffer.from(secret, 'utf8')));
  }
  return keys;
}
