/** First reconnect delay: quick enough for a server restart, slow enough not to hammer it. */
const IMAP_BACKOFF_INITIAL_MS = 1000;
/** Upper bound of the reconnect delay: a mailbox is never left unread for more than a minute. */
const IMAP_BACKOFF_MAX_MS = 60_000;

/**
 * Capped exponential backoff with "equal jitter" (AWS Architecture Blog, "Exponential Backoff
 * and Jitter"): each delay is half the exponential step plus a random half, so several
 * instances that lost the same server do not reconnect in lockstep, yet never retry at once.
 */
export class ReconnectBackoff {
  private attempt = 0;

  constructor(
    private readonly initialMs = IMAP_BACKOFF_INITIAL_MS,
    private readonly maxMs = IMAP_BACKOFF_MAX_MS,
    private readonly random: () => number = Math.random,
  ) {}

  /** The delay before the next attempt; each call doubles the step up to the cap. */
  next(): number {
    const step = Math.min(this.maxMs, this.initialMs * 2 ** Math.min(this.attempt, 30));
    this.attempt += 1;
    const half = step / 2;
    return Math.round(half + this.random() * half);
  }

  /** Called after a successful sync: the next failure starts from the initial delay again. */
  reset(): void {
    this.attempt = 0;
  }

  get attempts(): number {
    return this.attempt;
  }
}
