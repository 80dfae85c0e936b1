/**
 * An interruptible sleep: the receiver waits for the poll interval, but new mail (an IDLE
 * `EXISTS`), a lost lease or shutdown wakes it at once. A wake that arrives while nobody waits
 * is remembered, so mail announced during a sync is fetched right after it.
 */
export class ImapWakeSignal {
  private pending = false;
  private waiter?: () => void;

  fire(): void {
    if (this.waiter) this.waiter();
    else this.pending = true;
  }

  /** Forgets a wake-up nobody waited for. */
  clear(): void {
    this.pending = false;
  }

  /** Resolves after `ms`, or earlier when `fire()` is called. */
  wait(ms: number): Promise<void> {
    if (this.pending) {
      this.pending = false;
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        this.waiter = undefined;
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.waiter = done;
    });
  }
}
