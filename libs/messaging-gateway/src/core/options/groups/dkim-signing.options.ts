import { createPrivateKey } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { MessagingGatewayConfigError } from '../../errors/messaging-gateway-config.error';
import type { Fail } from '../option';
import { optionalGroup, required } from '../option';
import { HOSTNAME } from '../option-rules';

const SELECTOR = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$/i;
const KEY_FIX =
  'give a PEM RSA private key of 1024 bits or more, e.g. from: openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048';

/**
 * The key as PEM text: SMTP_DKIM_PRIVATE_KEY (a `\n` escape stands for a line break, as env
 * files write multi-line values) or the file named by SMTP_DKIM_PRIVATE_KEY_FILE.
 */
function privateKeyFromEnv(env: NodeJS.ProcessEnv): string | undefined {
  const inline = env.SMTP_DKIM_PRIVATE_KEY?.trim();
  if (inline) return inline.replace(/\\n/g, '\n');
  const file = env.SMTP_DKIM_PRIVATE_KEY_FILE?.trim();
  if (!file) return undefined;
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'unreadable';
    throw new MessagingGatewayConfigError(
      'SMTP_DKIM_PRIVATE_KEY_FILE (outbound.dkim.privateKey)',
      `cannot read "${file}" (${code})`,
      'give the path of a readable PEM file',
    );
  }
}

/** Parses the key once at boot, so a malformed one stops the app with one line (never echoing it). */
function checkPrivateKey(value: string, fail: Fail): void {
  let key;
  try {
    key = createPrivateKey(value);
  } catch {
    return fail('is not a readable PEM private key', KEY_FIX);
  }
  // nodemailer signs rsa-sha256 only; receivers ignore RSA keys under 1024 bits (RFC 8301).
  const bits = key.asymmetricKeyDetails?.modulusLength;
  if (key.asymmetricKeyType !== 'rsa' || (bits ?? 0) < 1024) {
    fail(`is a ${key.asymmetricKeyType ?? 'unknown'} key${bits ? ` of ${bits} bits` : ''}`, KEY_FIX);
  }
}

/**
 * DKIM signing of every email the gateway sends (answers, transactional and relay mail):
 * SMTP_DKIM_DOMAIN, SMTP_DKIM_SELECTOR and the private key, all three or none.
 */
export const dkimSigningOptions = optionalGroup({
  /** The signing domain, d= (SMTP_DKIM_DOMAIN): SMTP_FROM's domain or a parent of it, so DMARC aligns. */
  domain: required<string>(
    { problem: 'not set while another SMTP_DKIM_* variable is', fix: 'set the signing domain, e.g. example.com' },
    {
      env: 'SMTP_DKIM_DOMAIN',
      parse: (text) => text.toLowerCase(),
      check: (value, fail) => {
        if (!HOSTNAME.test(value) || !value.includes('.')) fail(`"${value}" is not a domain`, 'give e.g. example.com');
      },
    },
  ),
  /** The selector, s= (SMTP_DKIM_SELECTOR): the key's record is TXT `<selector>._domainkey.<domain>`. */
  selector: required<string>(
    { problem: 'not set while another SMTP_DKIM_* variable is', fix: 'set the selector, e.g. mgw1' },
    {
      env: 'SMTP_DKIM_SELECTOR',
      check: (value, fail) => {
        if (!SELECTOR.test(value)) fail(`"${value}" is not a selector`, 'use letters, digits, dots and dashes');
      },
    },
  ),
  /** The private key as PEM (SMTP_DKIM_PRIVATE_KEY, or a file: SMTP_DKIM_PRIVATE_KEY_FILE). */
  privateKey: required<string>(
    {
      problem: 'not set while another SMTP_DKIM_* variable is',
      fix: 'set SMTP_DKIM_PRIVATE_KEY (PEM) or SMTP_DKIM_PRIVATE_KEY_FILE',
    },
    { env: 'SMTP_DKIM_PRIVATE_KEY', fromEnv: privateKeyFromEnv, check: checkPrivateKey },
  ),
});
