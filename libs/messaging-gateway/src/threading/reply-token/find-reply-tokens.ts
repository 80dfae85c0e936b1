import { LEGACY_MAX_LENGTH } from './reply-token-legacy.format';

/** At most this many distinct tokens are returned from one email (fan-out to several threads). */
export const MAX_TOKENS_PER_EMAIL = 100;
const LOCAL_PART_CHAR = /[A-Za-z0-9!#$%&'*+/=?^_`{|}~.-]/;
const TOKEN_CHAR = /[A-Za-z0-9._=-]/;
const DOMAIN_CHAR = /[A-Za-z0-9.-]/;

/**
 * Finds `reply+TOKEN@domain` in address strings of any shape (bare, `Name <addr>`, whole header
 * values, envelope recipients) in one linear pass per string. "reply" and the domain match in
 * any case; addresses of other domains and local parts that merely end in "reply+" (noreply+x)
 * are ignored. Returns raw token spellings, first occurrence first, without duplicates;
 * `isToken` drops what has the right place but not the right syntax.
 */
export function findReplyTokenCandidates(
  addresses: Iterable<string>,
  domain: string,
  isToken: (candidate: string) => boolean,
): string[] {
  const wantedDomain = domain.toLowerCase();
  const found = new Set<string>();
  for (const value of addresses) {
    if (typeof value !== 'string') continue;
    const marker = /reply\+/gi;
    let match: RegExpExecArray | null;
    while ((match = marker.exec(value)) !== null && found.size < MAX_TOKENS_PER_EMAIL) {
      if (match.index > 0 && LOCAL_PART_CHAR.test(value[match.index - 1])) continue;
      const start = marker.lastIndex;
      let end = start;
      while (end < value.length && end - start <= LEGACY_MAX_LENGTH && TOKEN_CHAR.test(value[end])) end++;
      marker.lastIndex = end;
      if (end === start || value[end] !== '@') continue;
      const domainEnd = end + 1 + wantedDomain.length;
      if (value.slice(end + 1, domainEnd).toLowerCase() !== wantedDomain) continue;
      if (domainEnd < value.length && DOMAIN_CHAR.test(value[domainEnd])) continue;
      const candidate = value.slice(start, end);
      if (isToken(candidate)) found.add(candidate);
    }
  }
  return [...found];
}
