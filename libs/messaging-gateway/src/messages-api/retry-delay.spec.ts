import { MAX_RETRY_DELAY_MS, parseRetryAfter, retryDelayMs } from './retry-delay';

describe('retryDelayMs', () => {
  it('grows exponentially with jitter inside [ceiling/2, ceiling]', () => {
    for (let attempt = 1; attempt <= 5; attempt++) {
      const ceiling = 250 * 2 ** (attempt - 1);
      for (let i = 0; i < 50; i++) {
        const delay = retryDelayMs(attempt, undefined);
        expect(delay).toBeGreaterThanOrEqual(ceiling / 2);
        expect(delay).toBeLessThanOrEqual(ceiling);
      }
    }
  });

  it('honours Retry-After in seconds or as an HTTP date, capped', () => {
    expect(retryDelayMs(1, '2')).toBe(2000);
    expect(retryDelayMs(1, '3600')).toBe(MAX_RETRY_DELAY_MS);
    const now = Date.parse('2026-01-01T00:00:00Z');
    expect(parseRetryAfter('Thu, 01 Jan 2026 00:00:05 GMT', now)).toBe(5000);
    expect(parseRetryAfter('soon', now)).toBeUndefined();
  });
});
