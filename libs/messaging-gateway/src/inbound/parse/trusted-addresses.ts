import type { AddressObject, EmailAddress } from 'mailparser';
import { stripNul } from './strip-nul';
import type { InboundAddress } from './parsed-inbound-email.types';

/** RFC 2047 encoded words: `=?charset?B|Q?text?=`. */
const ENCODED_WORD = /=\?[^?\s]{1,64}\?[bq]\?[^?\s]*\?=/gi;
const ADDRESS = /^[^\s\x00-\x1f\x7f@<>()[\]\\,;:"]{1,64}@[^\s\x00-\x1f\x7f@<>()[\]\\,;:"]{1,255}$/;

/**
 * Keeps only the addresses that appear literally in the raw header. RFC 2047 (section 5) allows
 * encoded words in display names only, never in the address itself; a parser that decodes
 * `From: =?utf-8?b?YXR0YWNrZXJAZXZpbC5jb20=?=` first and parses the address afterwards would
 * believe the sender is attacker@evil.com. An address hidden in an encoded word is not trusted.
 */
export function trustedAddresses(
  field: AddressObject | AddressObject[] | undefined,
  rawHeader: string,
): InboundAddress[] {
  const literal = rawHeader.replace(ENCODED_WORD, ' ').toLowerCase();
  const out: InboundAddress[] = [];
  const visit = (entries: EmailAddress[]): void => {
    for (const entry of entries) {
      if (entry.group) visit(entry.group);
      const address = (entry.address ?? '').trim().toLowerCase();
      if (!ADDRESS.test(address) || !literal.includes(address)) continue;
      out.push({ address, name: stripNul(entry.name ?? '').slice(0, 256) });
    }
  };
  for (const object of Array.isArray(field) ? field : field ? [field] : []) visit(object.value);
  return out;
}

/** Bare addresses of a header such as Delivered-To or X-Original-To (no display names there). */
export function headerAddresses(rawValues: string[]): string[] {
  const found: string[] = [];
  for (const value of rawValues) {
    for (const candidate of value.replace(ENCODED_WORD, ' ').split(/[\s,;<>]+/)) {
      const address = candidate.trim().toLowerCase();
      if (ADDRESS.test(address)) found.push(address);
    }
  }
  return found;
}
