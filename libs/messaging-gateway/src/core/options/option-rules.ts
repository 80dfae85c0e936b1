import type { Fail } from './option';

/** 32 characters: 128 bits or more of entropy for hex and base64 secrets. */
const MIN_SECRET_LENGTH = 32;
export const GENERATE_SECRET = 'generate one with: openssl rand -hex 32';
export const HOSTNAME = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$/i;
export const EMAIL_ADDRESS = /^[^\s@<>()[\]\\,;:"]+@[^\s@<>()[\]\\,;:"]+$/;

/**
 * The rules options share, as `check` functions. Each failure names the setting (through `fail`),
 * what is wrong and how to fix it, and never echoes a secret.
 */
export const rules = {
  positiveInteger:
    (max = Number.MAX_SAFE_INTEGER) =>
    (value: number, fail: Fail): void => {
      if (!Number.isInteger(value) || value <= 0 || value > max) {
        fail(`${value} is not a whole number between 1 and ${max}`, 'set {variable} to such a number');
      }
    },

  /** Like `positiveInteger`, where 0 means "none" (a feature turned off). */
  wholeNumber:
    (max = Number.MAX_SAFE_INTEGER) =>
    (value: number, fail: Fail): void => {
      if (!Number.isInteger(value) || value < 0 || value > max) {
        fail(`${value} is not a whole number between 0 and ${max}`, 'set {variable} to such a number');
      }
    },

  boolean: (value: boolean, fail: Fail): void => {
    if (typeof value !== 'boolean') fail('not a boolean', 'set true or false');
  },

  port: (value: number, fail: Fail): void => {
    if (!Number.isInteger(value) || value < 1 || value > 65535) {
      fail(`${value} is not a valid port`, 'use a port between 1 and 65535');
    }
  },

  oneOf:
    <T extends string>(values: readonly T[], what: string) =>
    (value: T, fail: Fail): void => {
      if (!values.includes(value)) fail(`unknown ${what} "${value}"`, `use ${listWords(values)}`);
    },

  httpUrl: (value: string, fail: Fail): void => {
    let url: URL;
    try {
      url = new URL(value);
    } catch {
      return fail(
        `"${value}" is not a URL`,
        'give an absolute http(s) URL, e.g. http://localhost:3000/api/v1/messages',
      );
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
      fail(`"${url.protocol}" URLs are not supported`, 'use an http:// or https:// URL');
    }
  },

  secret: (value: string, fail: Fail): void => {
    if (value.length < MIN_SECRET_LENGTH) {
      fail(
        `the secret is too short (${value.length} characters, at least ${MIN_SECRET_LENGTH} needed)`,
        GENERATE_SECRET,
      );
    }
    if (new Set(value).size < 8) fail('the secret repeats too few distinct characters to be random', GENERATE_SECRET);
  },

  hostname: (value: string, fail: Fail): void => {
    if (!HOSTNAME.test(value)) fail(`"${value}" is not a host name`, 'give a host name or IP address');
  },

  singleLine: (value: string, fail: Fail): void => {
    if (/[\r\n\0]/.test(value)) fail('contains line breaks', 'use a single-line name');
  },

  /**
   * Mailbox names go into IMAP commands: control characters could end a command line and start
   * another (CR/LF injection), and `*` / `%` are LIST wildcards (RFC 3501 6.3.8). imapflow quotes
   * and encodes the rest (modified UTF-7, RFC 3501 5.1.3).
   */
  imapMailboxName: (value: string, fail: Fail): void => {
    if (typeof value !== 'string' || value.trim() === '' || value.length > 255) {
      fail('is empty or longer than 255 characters', 'give a folder name such as INBOX or Processed');
    }
    if (/[\u0000-\u001f\u007f*%]/.test(value)) {
      fail('contains a control character, * or %', 'use a plain folder name, e.g. INBOX or Support/Inbound');
    }
  },
};

function listWords(values: readonly string[]): string {
  return values.length <= 2 ? values.join(' or ') : `${values.slice(0, -1).join(', ')} or ${values[values.length - 1]}`;
}
