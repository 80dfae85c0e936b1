import { fromText, group, optional, type OptionContext, withDefault } from '../option';
import { rules } from '../option-rules';

/** Everything here is required once IMAP is on: the group is only checked in `imap` and `both` modes. */
const inImapMode = (problem: string, fix: string) => ({
  requiredWhen: () => true,
  missing: { problem: ({ root }: OptionContext) => `${problem} while EMAIL_INBOUND_MODE is ${inboundMode(root)}`, fix },
});
const inboundMode = (root: Record<string, unknown>): unknown => (root.inbound as { mode?: unknown } | undefined)?.mode;

/** The IMAP ingress: which server and mailbox to read. */
export const imapOptions = group(
  {
    /** Server host (EMAIL_IMAP_HOST). Required in `imap` and `both` modes. */
    host: optional<string>({
      env: 'EMAIL_IMAP_HOST',
      ...inImapMode('not set', 'set the IMAP server host, or use EMAIL_INBOUND_MODE=webhook'),
    }),
    /** Server port (EMAIL_IMAP_PORT). @default 993 */
    port: withDefault(993, { env: 'EMAIL_IMAP_PORT', parse: fromText.integer, check: rules.port }),
    /** Login (EMAIL_IMAP_USER). */
    user: optional<string>({ env: 'EMAIL_IMAP_USER', ...inImapMode('not set', 'set the mailbox login') }),
    /** Password (EMAIL_IMAP_PASS, read as is: spaces count). */
    pass: optional<string>({
      env: 'EMAIL_IMAP_PASS',
      fromEnv: (env) => env.EMAIL_IMAP_PASS || undefined,
      ...inImapMode('not set', 'set the mailbox password'),
    }),
    /** Implicit TLS (EMAIL_IMAP_SECURE). @default true on port 993, else false */
    secure: withDefault(({ resolved }) => resolved.port === 993, {
      env: 'EMAIL_IMAP_SECURE',
      parse: fromText.boolean,
    }),
    /** Require STARTTLS on a plain connection (EMAIL_IMAP_STARTTLS). @default false */
    starttls: withDefault(false, {
      env: 'EMAIL_IMAP_STARTTLS',
      parse: fromText.boolean,
      check: (value, fail, { resolved }) => {
        if (value && resolved.secure) {
          fail(
            'set together with EMAIL_IMAP_SECURE',
            'use EMAIL_IMAP_SECURE for port 993 or EMAIL_IMAP_STARTTLS for 143, not both',
          );
        }
      },
    }),
    /** Reject invalid server certificates (EMAIL_IMAP_TLS_REJECT_UNAUTHORIZED). @default true */
    tlsRejectUnauthorized: withDefault(true, { env: 'EMAIL_IMAP_TLS_REJECT_UNAUTHORIZED', parse: fromText.boolean }),
    /** Poll interval in ms when IDLE is unavailable, and the fallback check (EMAIL_IMAP_POLL_INTERVAL). @default 60000 */
    pollIntervalMs: withDefault(60_000, {
      env: 'EMAIL_IMAP_POLL_INTERVAL',
      parse: fromText.integer,
      check: (value, fail) => {
        if (!Number.isInteger(value) || value < 1000)
          fail(`${value} ms is too short`, 'use 1000 ms or more (it is in milliseconds)');
      },
    }),
    /** Mailbox to read (EMAIL_IMAP_MAILBOX). @default 'INBOX' */
    mailbox: withDefault('INBOX', { env: 'EMAIL_IMAP_MAILBOX', check: rules.imapMailboxName }),
    /** Move processed mail there; unset flags `\Seen` only (EMAIL_IMAP_PROCESSED_MAILBOX). */
    processedMailbox: optional<string>({
      env: 'EMAIL_IMAP_PROCESSED_MAILBOX',
      check: (value, fail, { resolved }) => {
        rules.imapMailboxName(value, fail);
        if (value.toUpperCase() === String(resolved.mailbox).toUpperCase()) {
          fail(
            'is the mailbox being read',
            'name another folder, e.g. Processed, or leave it unset to flag \\Seen only',
          );
        }
      },
    }),
  },
  { validateWhen: (root) => inboundMode(root) !== 'webhook' },
);
