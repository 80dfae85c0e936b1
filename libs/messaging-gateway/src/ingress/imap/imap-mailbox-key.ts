import type { GatewaySettings } from '../../core/options/gateway-options.schema';

/**
 * Names one mailbox of one account: `user@host:port/mailbox`, host and user lower-cased.
 * It keys the cursor row and the advisory lock, so every instance configured for the same
 * mailbox agrees on it. INBOX is case-insensitive (RFC 3501 5.1), other names are not.
 */
export function imapMailboxKey(imap: GatewaySettings<'imap'>): string {
  const mailbox = imap.mailbox.toUpperCase() === 'INBOX' ? 'INBOX' : imap.mailbox;
  return `${(imap.user ?? '').toLowerCase()}@${(imap.host ?? '').toLowerCase()}:${imap.port}/${mailbox}`;
}
