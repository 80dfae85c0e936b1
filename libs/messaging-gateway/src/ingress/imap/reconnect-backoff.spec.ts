import { ReconnectBackoff } from './reconnect-backoff';

describe('ReconnectBackoff', () => {
  it('doubles from 1 s up to the 60 s cap, each delay between half and the whole step', () => {
    const low = new ReconnectBackoff(1000, 60_000, () => 0);
    const high = new ReconnectBackoff(1000, 60_000, () => 0.999999);
    const lows = Array.from({ length: 9 }, () => low.next());
    const highs = Array.from({ length: 9 }, () => high.next());
    expect(lows).toEqual([500, 1000, 2000, 4000, 8000, 16000, 30000, 30000, 30000]);
    expect(highs).toEqual([1000, 2000, 4000, 8000, 16000, 32000, 60000, 60000, 60000]);
  });

  it('starts again from the initial delay after reset', () => {
    const backoff = new ReconnectBackoff(1000, 60_000, () => 1);
    backoff.next();
    backoff.next();
    backoff.next();
    expect(backoff.attempts).toBe(3);
    backoff.reset();
    expect(backoff.next()).toBe(1000);
  });

  it('spreads instances that retry at the same moment', () => {
    const delays = new Set(Array.from({ length: 50 }, () => new ReconnectBackoff().next()));
    expect(delays.size).toBeGreaterThan(10);
    for (const delay of delays) expect(delay).toBeGreaterThanOrEqual(500);
  });

  it('never overflows after very many failures', () => {
    const backoff = new ReconnectBackoff(1000, 60_000, () => 0.5);
    for (let i = 0; i < 2000; i++) backoff.next();
    expect(backoff.next()).toBe(45000);
  });
});
