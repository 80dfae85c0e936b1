import { getDomain } from 'tldts';

/** The organizational domain (RFC 7489 3.2): example.co.uk for mail.example.co.uk. */
export function organizationalDomain(domain: string): string {
  const clean = domain.toLowerCase().replace(/\.$/, '');
  return getDomain(clean, { allowPrivateDomains: true }) ?? clean;
}

/** Relaxed alignment (RFC 7489 3.1): the same organizational domain. */
export function aligns(fromDomain: string, other: string): boolean {
  return organizationalDomain(fromDomain) === organizationalDomain(other);
}

export const domainOf = (address: string | undefined | null): string | undefined =>
  address?.includes('@') ? address.slice(address.lastIndexOf('@') + 1).toLowerCase() : undefined;
