/** Ten wrong passwords per address and client in 15 minutes, then a pause: slows guessing. */
const MAX_FAILURES = 10;
const WINDOW_MS = 15 * 60 * 1000;

export class LoginThrottle {
  private readonly failures = new Map<string, { count: number; since: number }>();

  blocked(key: string, now = Date.now()): boolean {
    const entry = this.failures.get(key);
    if (!entry || now - entry.since > WINDOW_MS) return false;
    return entry.count >= MAX_FAILURES;
  }

  fail(key: string, now = Date.now()): void {
    const entry = this.failures.get(key);
    if (!entry || now - entry.since > WINDOW_MS) this.failures.set(key, { count: 1, since: now });
    else entry.count++;
    if (this.failures.size > 10_000) this.failures.clear(); // bounded memory under a spray
  }

  succeed(key: string): void {
    this.failures.delete(key);
  }
}
