import { isOwnAddress, type OwnAddresses } from '../../threading/own-address';

/*
 * Addresses that must never get our mail, whatever asked for it: our own (SMTP_FROM, anything at
 * EMAIL_REPLY_DOMAIN or below: mail to them comes straight back in, a loop), and machine
 * mailboxes that nobody reads and whose answers are bounces or auto-replies (RFC 3834 5.1:
 * never answer automatic mail; RFC 2142 role names).
 */
const MACHINE_LOCAL_PART =
  /^(no-?reply|do-?not-?reply|donotreply|noreply-[\w.-]+|mailer-daemon|postmaster|bounces?|bounce-[\w.-]+|daemon|listserv|majordomo)(\+.*)?$/i;

/** Why `address` (already validated by `parseRecipient`) is refused, or null when it may receive mail. */
export function refusedRecipient(address: string, own: OwnAddresses): 'own_address' | 'machine_address' | null {
  if (isOwnAddress(address, own)) return 'own_address';
  const local = address.slice(0, address.lastIndexOf('@')).replace(/^"|"$/g, '');
  return MACHINE_LOCAL_PART.test(local) ? 'machine_address' : null;
}
