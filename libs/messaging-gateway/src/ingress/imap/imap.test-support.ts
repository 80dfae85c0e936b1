import type { GatewaySettings } from '../../core/options/gateway-options.schema';

/** Resolved IMAP options of a typical 993 account, for unit specs; `over` wins. */
export const testImapOptions = (over: Partial<GatewaySettings<'imap'>> = {}): GatewaySettings<'imap'> => ({
  host: 'imap.example.com',
  port: 993,
  secure: true,
  starttls: false,
  tlsRejectUnauthorized: true,
  user: 'support@example.com',
  auth: 'password',
  pass: 'app-password',
  oauth: {},
  mailbox: 'INBOX',
  pollIntervalMs: 60_000,
  ...over,
});
