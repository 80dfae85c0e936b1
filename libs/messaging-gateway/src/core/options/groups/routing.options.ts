import { group, withDefault } from '../option';

/** A mailbox rule: the first rule whose pattern matches a recipient's local part wins. @publicApi */
export interface MailboxRule {
  /** Matched against the recipient's local part, case-insensitive. */
  localPart: RegExp;
  /** Mailbox name given to the thread. */
  mailbox: string;
}

/** How new threads get their mailbox and priority. */
export const routingOptions = group({
  /** First match wins. @default dmca → dmca; business|partnerships → business; fans → fans; else `defaultMailbox` */
  mailboxRules: withDefault<MailboxRule[]>(
    [
      { localPart: /^dmca$/i, mailbox: 'dmca' },
      { localPart: /^(business|partnerships?)$/i, mailbox: 'business' },
      { localPart: /^fans?$/i, mailbox: 'fans' },
    ],
    {},
  ),
  /** @default 'general' */
  defaultMailbox: withDefault('general', {}),
  /** Senders (addresses or `@domain`) whose threads get priority `vip`. @default [] */
  vipSenders: withDefault<string[]>([], {}),
  /** Subject keywords (case-insensitive) that give priority `priority`. @default ['urgent', 'asap', 'emergency'] */
  priorityKeywords: withDefault<string[]>(['urgent', 'asap', 'emergency'], {}),
  /** Match a reply without headers by same sender and normalized subject on a recent thread. @default false */
  subjectFallback: withDefault(false, {}),
  /** Window of the subject fallback, in hours. @default 72 */
  subjectFallbackHours: withDefault(72, {}),
});
