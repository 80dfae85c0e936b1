import { ImapWakeSignal } from './imap-wake-signal';

describe('ImapWakeSignal', () => {
  it('wakes a waiter before its timeout', async () => {
    const signal = new ImapWakeSignal();
    const started = Date.now();
    const waiting = signal.wait(10_000);
    signal.fire();
    await waiting;
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it('remembers a wake-up that came while nobody waited (mail announced during a sync)', async () => {
    const signal = new ImapWakeSignal();
    signal.fire();
    const started = Date.now();
    await signal.wait(10_000);
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it('forgets a remembered wake-up on clear, so a backoff is not cut short', async () => {
    const signal = new ImapWakeSignal();
    signal.fire();
    signal.clear();
    let woke = false;
    const waiting = signal.wait(50).then(() => (woke = true));
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(woke).toBe(false);
    await waiting;
    expect(woke).toBe(true);
  });
});
