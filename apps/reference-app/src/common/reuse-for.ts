/**
 * Wraps `run` so that every call within `ms` of the last run shares that run's result, success or
 * failure, and concurrent calls share one run: a burst of requests costs one run.
 */
export function reuseFor<T>(ms: number, run: () => Promise<T>): () => Promise<T> {
  let last: { startedAt: number; result: Promise<T> } | undefined;
  return () => {
    const now = Date.now();
    if (!last || now - last.startedAt >= ms) last = { startedAt: now, result: run() };
    return last.result;
  };
}
