/** The gateway's own sending identities, for the mail-loop guard. */
export interface OwnAddresses {
  /** SMTP_FROM. */
  from?: string;
  /** EMAIL_REPLY_DOMAIN: every address at it is the gateway's. */
  replyDomain?: string;
}

/**
 * True when `address` is one of the gateway's own: SMTP_FROM or anything at EMAIL_REPLY_DOMAIN
 * (or a subdomain of it). Mail from these is our own mail coming back (a forwarding loop, an
 * auto-forward of a notification) and is never turned into a message or answered.
 * @publicApi
 */
export function isOwnAddress(address: string | null | undefined, own: OwnAddresses): boolean {
  if (!address) return false;
  const normalized = address.trim().replace(/^<|>$/g, '').toLowerCase();
  const at = normalized.lastIndexOf('@');
  if (at <= 0) return false;
  if (own.from && normalized === own.from.trim().toLowerCase()) return true;
  const domain = normalized.slice(at + 1);
  const replyDomain = own.replyDomain?.trim().toLowerCase();
  return !!replyDomain && (domain === replyDomain || domain.endsWith(`.${replyDomain}`));
}
