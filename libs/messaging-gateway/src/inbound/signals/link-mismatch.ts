import type { Element } from 'domhandler';
import { DomUtils, parseDocument } from 'htmlparser2';
import { parse } from 'tldts';
import { limitNesting } from '../../reply-text/limit-nesting';
import { organizationalDomain } from '../sender-auth/alignment';

/** A host name written in text: labels and a suffix of letters (www.example.com, paypal.com/login). */
const DOMAIN_IN_TEXT =
  /(?:^|[\s(<"'/@])((?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63})(?=$|[\s)>"'/:?#,;!]|\.(?:\s|$))/gi;

/** A registrable domain on the public suffix list, or null (file names such as report.pdf are not). */
function registrable(host: string): string | null {
  const parsed = parse(host, { allowPrivateDomains: true });
  return parsed.isIcann && parsed.domain ? organizationalDomain(parsed.domain) : null;
}

/**
 * Links whose visible text names a domain other than the one they open (`<a
 * href="https://login.evil.example">paypal.com</a>`): what a person or an AI reading the text
 * would trust is not where the click goes. Domains compare by organization, so
 * `www.example.com` showing for `https://example.com/x` is not a mismatch.
 */
export function mismatchedLinks(html: string): { shown: string; target: string }[] {
  const found: { shown: string; target: string }[] = [];
  const anchors = DomUtils.getElementsByTagName('a', parseDocument(limitNesting(html)).children, true);
  for (const anchor of anchors as Element[]) {
    let target: string | null;
    try {
      const url = new URL(anchor.attribs.href ?? '');
      target = url.protocol === 'http:' || url.protocol === 'https:' ? registrable(url.hostname) : null;
    } catch {
      target = null;
    }
    if (!target) continue;
    const text = ` ${DomUtils.textContent(anchor)} `;
    for (const match of text.matchAll(DOMAIN_IN_TEXT)) {
      const shown = registrable(match[1].toLowerCase());
      if (shown && shown !== target && !found.some((f) => f.shown === shown && f.target === target)) {
        found.push({ shown, target });
      }
    }
  }
  return found;
}
