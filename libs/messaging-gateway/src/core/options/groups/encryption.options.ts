import { MessagingGatewayConfigError } from '../../errors/messaging-gateway-config.error';
import { fromText, group, optional, withDefault } from '../option';

/** One key-encryption key: its id (stored beside each data key it wraps) and its 32 bytes. @publicApi */
export interface EncryptionKey {
  kid: string;
  key: Buffer;
}

const KID = /^[A-Za-z0-9_-]{1,64}$/;
const FIX = 'set EMAIL_ENCRYPTION_KEYS to kid:base64key,… (generate a key with: openssl rand -base64 32)';

/** `kid:base64key,kid:base64key`: the first wraps new data keys, all of them unwrap (rotation). */
export function parseEncryptionKeys(text: string, variable = 'EMAIL_ENCRYPTION_KEYS'): EncryptionKey[] {
  return fromText.list(text).map((entry, index) => {
    const colon = entry.indexOf(':');
    const kid = entry.slice(0, colon);
    if (colon < 1 || !KID.test(kid)) {
      throw new MessagingGatewayConfigError(variable, `entry ${index + 1} has no valid key id before ":"`, FIX);
    }
    const key = Buffer.from(entry.slice(colon + 1), 'base64');
    if (key.length !== 32) {
      // Never echo the key itself: only its id and length.
      throw new MessagingGatewayConfigError(variable, `key "${kid}" is ${key.length} bytes, not 32`, FIX);
    }
    return { kid, key };
  });
}

/**
 * Encryption at rest of raw MIME and attachment bytes (AES-256-GCM under data keys wrapped by
 * these keys). Off by default; keys alone (without `atRest`) still decrypt what was encrypted.
 */
export const encryptionOptions = group({
  /** Encrypt new raw MIME and attachments (EMAIL_ENCRYPTION_AT_REST); needs `keys`. @default false */
  atRest: withDefault(false, { env: 'EMAIL_ENCRYPTION_AT_REST', parse: fromText.boolean }),
  /** Key-encryption keys, `kid:base64key,…`, the first one wraps (EMAIL_ENCRYPTION_KEYS). Required with `atRest`. */
  keys: optional<EncryptionKey[]>({
    env: 'EMAIL_ENCRYPTION_KEYS',
    parse: (text, variable) => parseEncryptionKeys(text, variable),
    requiredWhen: ({ resolved }) => resolved.atRest === true,
    missing: { problem: 'encryption at rest is on but no key is configured', fix: FIX },
    check: (keys, fail) => {
      if (keys.length === 0) fail('no key is listed', FIX);
      const kids = keys.map((k) => k.kid);
      if (new Set(kids).size !== kids.length) fail('a key id is listed twice', 'give every key its own id');
      if (keys.some((k) => !KID.test(k.kid) || k.key.length !== 32)) fail('a key is not a kid with 32 bytes', FIX);
    },
  }),
});
