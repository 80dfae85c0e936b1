import { fromText, group, optional, withDefault } from '../option';
import { HOSTNAME, rules } from '../option-rules';

/**
 * How strict the sender check is (EMAIL_SENDER_AUTH): `off` verifies nothing; `record` verifies
 * and records; `enforce` also holds a reply to an existing thread whose From fails DMARC.
 * @publicApi
 */
export type SenderAuthPolicy = 'off' | 'record' | 'enforce';

/**
 * A DNS lookup as mailauth makes it (`dns.promises.resolve`'s shape): TXT answers are arrays of
 * strings, failures reject with a `code` (ENOTFOUND, ENODATA, ETIMEOUT …).
 * @publicApi
 */
export type DnsResolve = (name: string, type: string) => Promise<unknown[]>;

/** Sender authentication (DKIM, SPF, DMARC, ARC) of inbound email, and the DNS it asks. */
export const senderAuthOptions = group({
  /**
   * `off`, `record` or `enforce` (EMAIL_SENDER_AUTH). `record` verifies every email and records the
   * verdicts without changing where it goes; `enforce` also holds (`sender_unauthenticated`) a
   * reply to an existing thread whose From fails DMARC. Every policy but `off` holds a From with
   * two addresses (`sender_ambiguous`). @default 'record'
   */
  policy: withDefault<SenderAuthPolicy>('record', {
    env: 'EMAIL_SENDER_AUTH',
    parse: (text) => text.toLowerCase() as SenderAuthPolicy,
    check: rules.oneOf<SenderAuthPolicy>(['off', 'record', 'enforce'], 'policy'),
  }),
  /** Time one DNS query may take, in ms (EMAIL_DNS_TIMEOUT_MS); past it the check is `temperror`. @default 3000 */
  dnsTimeoutMs: withDefault(3000, {
    env: 'EMAIL_DNS_TIMEOUT_MS',
    parse: fromText.integer,
    check: rules.positiveInteger(60_000),
  }),
  /**
   * Domains whose ARC seal is trusted to vouch for a DMARC pass they saw before forwarding
   * changed the message (EMAIL_ARC_TRUSTED_SEALERS, comma-separated): your mailbox provider
   * (`google.com` for Gmail/Workspace, `microsoft.com` for Microsoft 365), a list server you run.
   * Anyone can seal; an unlisted seal is recorded, never trusted. @default none
   */
  arcTrustedSealers: withDefault<string[]>([], {
    env: 'EMAIL_ARC_TRUSTED_SEALERS',
    parse: (text) => fromText.list(text).map((domain) => domain.toLowerCase()),
    check: (value, fail) => {
      const bad = value.find((domain) => !HOSTNAME.test(domain));
      if (bad !== undefined) fail(`"${bad}" is not a domain`, 'list sealing domains such as google.com');
    },
  }),
  /**
   * The host's own DNS lookup (a local resolver, a test table); the gateway still caches and
   * bounds its answers. No environment variable. @default node:dns with `dnsTimeoutMs`
   */
  dnsResolver: optional<DnsResolve>({
    check: (value, fail) => {
      if (typeof value !== 'function') fail('is not a function', 'give (name, type) => Promise<records>');
    },
  }),
});
