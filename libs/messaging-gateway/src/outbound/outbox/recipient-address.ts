import { domainToASCII } from 'node:url';
import { ErrorCode } from '../../core/errors/error-codes';
import { MessagingGatewayError } from '../../core/errors/messaging-gateway.error';

/* RFC 5321 4.5.3.1: 64-octet local part, 255-octet domain, 254 for the whole path content. */
const MAX_LOCAL = 64;
const MAX_ADDRESS = 254;
const DOT_ATOM = /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*$/;
/*
 * A quoted local part is accepted only with plain printable characters inside: no space, "@",
 * brackets, commas, semicolons, colons, quotes or backslashes. That refuses the shapes address
 * parsers disagree on, e.g. "victim@x.com x"@internal.example (GHSA-mm7p-fcc7-pg87), which
 * nodemailer < 7.0.7 delivered to x.com.
 */
const QUOTED = /^"[A-Za-z0-9!#$%&'*+/=?^_`{|}~.-]+"$/;
const LABEL = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;
/** "Ann <ann@example.com>": the display part is dropped, the address inside is checked alone. */
const NAME_ADDR = /^[^<>]*<([^<>]*)>\s*$/;

/**
 * One bare, deliverable address, validated by us before nodemailer sees it: a dot-atom or
 * simply quoted local part, a domain of valid labels (Unicode domains become punycode), nothing
 * else: no group syntax, no list, no comments, no domain literal. Returns the address with the
 * domain lower-cased; throws `EGW_INVALID_RECIPIENT` otherwise.
 * @publicApi
 */
export function parseRecipient(input: unknown, { allowDisplayName = false } = {}): string {
  if (typeof input !== 'string') return invalid('it is not a string');
  // Only spaces and tabs are trimmed: String.trim() would also hide U+2028 and friends.
  const trim = (text: string) => text.replace(/^[ \t]+|[ \t]+$/g, '');
  let value = trim(input);
  if (allowDisplayName) value = trim(NAME_ADDR.exec(value)?.[1] ?? value);
  if (value.length === 0 || value.length > MAX_ADDRESS) return invalid('it is empty or too long');
  const at = value.lastIndexOf('@');
  if (at <= 0) return invalid('it has no local part and domain');
  const local = value.slice(0, at);
  const domain = asciiDomain(value.slice(at + 1));
  if (local.length > MAX_LOCAL || !(DOT_ATOM.test(local) || QUOTED.test(local))) {
    return invalid('the part before @ is not a plain local part');
  }
  if (!domain) return invalid('the domain is not a valid host name');
  return `${local}@${domain}`;
}

function asciiDomain(raw: string): string | null {
  if (!raw || /[\s[\]()<>,;:"\\@]/.test(raw)) return null;
  const domain = /^[\x21-\x7e]+$/.test(raw) ? raw.toLowerCase() : domainToASCII(raw);
  if (!domain || domain.length > 253) return null;
  const labels = domain.split('.');
  if (labels.length < 2 || !labels.every((label) => LABEL.test(label))) return null;
  // A top-level label is never all digits, so 10.0.0.1 is not a domain.
  return /^\d+$/.test(labels[labels.length - 1]) ? null : domain;
}

function invalid(why: string): never {
  throw new MessagingGatewayError(
    ErrorCode.INVALID_RECIPIENT,
    `The recipient is not one valid email address: ${why}. Give a single bare address such as ann@example.com.`,
  );
}
