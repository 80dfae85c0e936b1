/*
 * Addresses that must never get our mail, whatever asked for it: our own (SMTP_FROM, anything at
 * EMAIL_REPLY_DOMAIN or below: mail to them comes straight back in, a loop), and machine
 * mailboxes that nobody reads and whose answers are bounces or auto-replies (RFC 3834 5.1:
 * never answer automatic mail; RFC 2142 role names).
 */
const MACHINE_LOCAL_PART =
  /^(no-?reply|do-?not-?reply|donotreply|noreply-[\w.-]+|mailer-daemon|postmaster|bounces?|bounce-[\w.-]+|daemon|listserv|majordomo)(\+.*)?$/i;

export interface OwnAddresses {
  from?: string;
  replyDomain: string;
}

/** Why `address` (already validated by `parseRecipient`) is refused, or null when it may receive mail. */
export function refusedRecipient(address: string, own: OwnAddresses): 'own_address' | 'machine_address' | null {
  const lower = address.toLowerCase();
  const at = lower.lastIndexOf('@');
  const local = lower.slice(0, at).replace(/^"|"$/g, '');
  const domain = lower.slice(at + 1);
  const replyDomain = own.replyDomain.toLowerCase();
  if (lower === own.from?.toLowerCase()) return 'own_address';
  if (domain === replyDomain || domain.endsWith(`.${replyDomain}`)) return 'own_address';
  return MACHINE_LOCAL_PART.test(local) ? 'machine_address' : null;
}
