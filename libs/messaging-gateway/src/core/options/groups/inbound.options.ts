import { fromText, group, withDefault } from '../option';
import { rules } from '../option-rules';

/** How inbound email reaches the gateway. @publicApi */
export type InboundMode = 'webhook' | 'imap' | 'both';
const INBOUND_MODES: readonly InboundMode[] = ['webhook', 'imap', 'both'];

/** The inbound pipeline: what is accepted, how it is processed, how long raw MIME is kept. */
export const inboundOptions = group({
  /** Which ingresses are active (EMAIL_INBOUND_MODE). @default 'webhook' */
  mode: withDefault<InboundMode>('webhook', {
    env: 'EMAIL_INBOUND_MODE',
    parse: (text) => text as InboundMode,
    check: rules.oneOf(INBOUND_MODES, 'mode'),
  }),
  /** Largest raw message accepted, in bytes. 25 MB: the common provider cap (Mailgun, Postmark, SES). */
  maxMessageBytes: withDefault(25 * 1024 * 1024, { check: rules.positiveInteger() }),
  /** Largest number of MIME parts parsed before the email fails as `too_many_parts`. @default 1000 */
  maxParts: withDefault(1000, { check: rules.positiveInteger() }),
  /** Time budget for parsing one email, in ms; past it the email fails as `parse_timeout`. @default 10000 */
  parseTimeoutMs: withDefault(10_000, { check: rules.positiveInteger() }),
  /**
   * Days after which the raw MIME is purged; the row stays. 0 keeps it forever
   * (EMAIL_INBOUND_RAW_RETENTION_DAYS). 30, as Action Mailbox incinerates sources. @default 30
   */
  rawRetentionDays: withDefault(30, {
    env: 'EMAIL_INBOUND_RAW_RETENTION_DAYS',
    parse: fromText.integer,
    check: (value, fail) => {
      if (!Number.isInteger(value) || value < 0)
        fail(`${value} is not a whole number of days`, 'use 0 (keep forever) or more');
    },
  }),
  /**
   * Process right after the accepting request commits, from the bytes in hand and without a queue
   * job; only what inline processing cannot take is enqueued, and the sweeper is the crash net
   * (EMAIL_INBOUND_PROCESS_INLINE). @default true
   */
  processInline: withDefault(true, {
    env: 'EMAIL_INBOUND_PROCESS_INLINE',
    parse: fromText.boolean,
    check: rules.boolean,
  }),
  /** Emails processed at once by this process (EMAIL_INBOUND_CONCURRENCY). @default 4 */
  concurrency: withDefault(4, {
    env: 'EMAIL_INBOUND_CONCURRENCY',
    parse: fromText.integer,
    check: rules.positiveInteger(256),
  }),
  /**
   * Emails accepted while every inline slot is busy that wait in this process's memory for the next
   * free one (EMAIL_INBOUND_INLINE_BACKLOG): a burst is processed from the bytes in hand instead of
   * going through a queue job and a read-back of its raw MIME. Past it (or past
   * INLINE_BACKLOG_MAX_BYTES of raw MIME) emails are enqueued, where any replica's worker can take
   * them; a waiting email is a pending row, so a crash loses nothing (the sweeper). 0 enqueues at
   * once. @default 256
   */
  inlineBacklog: withDefault(256, {
    env: 'EMAIL_INBOUND_INLINE_BACKLOG',
    parse: fromText.integer,
    check: rules.wholeNumber(10_000),
  }),
  /** Post the full text instead of the extracted reply. @default false */
  postFullText: withDefault(false, { check: rules.boolean }),
  /** Post auto-replies (out-of-office) as messages instead of only recording them. @default false */
  postAutoReplies: withDefault(false, { check: rules.boolean }),
  /**
   * How often the sweeper re-enqueues emails stuck in pending or processing, in ms: the longest an
   * email accepted by a process that died before processing it waits. @default 10000
   */
  sweepIntervalMs: withDefault(10_000, { check: rules.positiveInteger() }),
  /**
   * The lease of a claim on an email, in ms: renewed while it is processed, so an email whose
   * process died is taken over this long after its last renewal. @default 30000
   */
  stuckAfterMs: withDefault(30_000, { check: rules.positiveInteger() }),
  /**
   * Run the inbound queue worker and the sweeper in this process (EMAIL_INBOUND_WORKER). Set false
   * on web-only replicas that should only accept and enqueue. @default true
   */
  runWorker: withDefault(true, { env: 'EMAIL_INBOUND_WORKER', parse: fromText.boolean, check: rules.boolean }),
});
