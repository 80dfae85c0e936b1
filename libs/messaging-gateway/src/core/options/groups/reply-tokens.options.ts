import { MessagingGatewayConfigError } from '../../errors/messaging-gateway-config.error';
import { fromText, group, required, withDefault } from '../option';
import { GENERATE_SECRET, HOSTNAME, rules } from '../option-rules';

/** Reply-token wire format: `v2` is ours; `legacy` is base64url("{threadId}:{timestamp}:{sig16}"). @publicApi */
export type ReplyTokenFormat = 'v2' | 'legacy';

/** One signing key for reply tokens. The first key of the list signs; all of them verify. @publicApi */
export interface ReplySecret {
  /** Key id carried inside each token, so that secrets can rotate: 1 to 8 characters [a-z0-9]. */
  kid: string;
  /** The HMAC secret, at least 32 characters. */
  secret: string;
}

/** Defaults that `new ReplyTokenService()` applies too. */
export const REPLY_TOKEN_DEFAULTS = { maxAgeDays: 365, format: 'v2' as ReplyTokenFormat };

/** The signed `reply+TOKEN@domain` addresses. */
export const replyTokenOptions = group({
  /** Domain of the `reply+TOKEN@domain` addresses (EMAIL_REPLY_DOMAIN). Required. */
  domain: required<string>(
    { problem: 'not set', fix: 'set it to the domain that receives replies, e.g. reply.example.com' },
    {
      env: 'EMAIL_REPLY_DOMAIN',
      check: (value, fail) => {
        if (!HOSTNAME.test(value))
          fail(`"${value}" is not a domain name`, 'give a bare domain such as reply.example.com');
      },
    },
  ),
  /**
   * Signing keys, newest first: EMAIL_REPLY_SECRETS (`kid:secret,kid:secret`, the first signs), or
   * EMAIL_REPLY_SECRET alone as key `1`. Required.
   */
  secrets: required<ReplySecret[]>(
    { problem: 'not set: reply addresses cannot be signed', fix: GENERATE_SECRET },
    {
      env: 'EMAIL_REPLY_SECRET',
      fromEnv: (env) => replySecretsFromEnv(env.EMAIL_REPLY_SECRETS?.trim(), env.EMAIL_REPLY_SECRET),
      check: (secrets, fail) => {
        const single = secrets.length === 1 && secrets[0].kid === '1';
        const setting = single
          ? 'EMAIL_REPLY_SECRET (replyTokens.secrets)'
          : 'EMAIL_REPLY_SECRETS (replyTokens.secrets)';
        if (secrets.length === 0) fail('not set: reply addresses cannot be signed', GENERATE_SECRET);
        const kids = new Set<string>();
        for (const { kid, secret } of secrets) {
          if (!/^[a-z0-9]{1,8}$/.test(kid)) {
            fail(`key id "${kid}" is not 1 to 8 characters of a-z and 0-9`, 'rename the key id', setting);
          }
          if (kids.has(kid)) fail(`key id "${kid}" appears twice`, 'give every key its own id', setting);
          kids.add(kid);
          rules.secret(secret, (problem, fix) => fail(problem, fix, setting));
        }
      },
    },
  ),
  /** How long a token stays valid, in days (EMAIL_REPLY_TOKEN_MAX_AGE_DAYS). @default 365 */
  maxAgeDays: withDefault(REPLY_TOKEN_DEFAULTS.maxAgeDays, {
    env: 'EMAIL_REPLY_TOKEN_MAX_AGE_DAYS',
    parse: fromText.integer,
    check: rules.positiveInteger(3650),
  }),
  /** Format of newly generated tokens; both formats always verify (EMAIL_REPLY_TOKEN_FORMAT). @default 'v2' */
  format: withDefault<ReplyTokenFormat>(REPLY_TOKEN_DEFAULTS.format, {
    env: 'EMAIL_REPLY_TOKEN_FORMAT',
    parse: (text) => text as ReplyTokenFormat,
    check: rules.oneOf(['v2', 'legacy'], 'format'),
  }),
});

/**
 * EMAIL_REPLY_SECRETS (`kid:secret,kid:secret`, first one signs) wins over EMAIL_REPLY_SECRET,
 * which alone is key `1`. A secret may itself contain `:`; only the first one separates the kid.
 */
function replySecretsFromEnv(list: string | undefined, single: string | undefined): ReplySecret[] | undefined {
  if (list) {
    return list.split(',').map((entry) => {
      const at = entry.indexOf(':');
      if (at <= 0) {
        throw new MessagingGatewayConfigError(
          'EMAIL_REPLY_SECRETS',
          `entry "${entry.trim().slice(0, 4)}…" has no key id`,
          'write it as kid:secret, e.g. EMAIL_REPLY_SECRETS=2:<new secret>,1:<old secret>',
        );
      }
      return { kid: entry.slice(0, at).trim(), secret: entry.slice(at + 1).trim() };
    });
  }
  return single !== undefined && single !== '' ? [{ kid: '1', secret: single }] : undefined;
}
