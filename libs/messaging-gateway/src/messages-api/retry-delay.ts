/** Longest wait between two attempts, whatever Retry-After asks: the job's own backoff takes over after. */
export const MAX_RETRY_DELAY_MS = 10_000;
const BASE_DELAY_MS = 250;

/**
 * Delay before retry `attempt` (1-based): exponential (250 ms, 500 ms, 1 s …) with full jitter,
 * so that many workers recovering together do not hit the API in step; a Retry-After header
 * (RFC 9110 10.2.3, seconds or an HTTP date) wins when present. Both are capped.
 */
export function retryDelayMs(attempt: number, retryAfter: string | undefined, now = Date.now()): number {
  const asked = parseRetryAfter(retryAfter, now);
  if (asked !== undefined) return Math.min(asked, MAX_RETRY_DELAY_MS);
  const ceiling = Math.min(BASE_DELAY_MS * 2 ** (attempt - 1), MAX_RETRY_DELAY_MS);
  return Math.round(ceiling / 2 + Math.random() * (ceiling / 2));
}

export function parseRetryAfter(value: string | undefined, now = Date.now()): number | undefined {
  if (!value) return undefined;
  if (/^\d{1,6}$/.test(value.trim())) return Number(value.trim()) * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}
