/**
 * Bounded waits on Redis. BullMQ connections wait out an outage (`maxRetriesPerRequest: null`),
 * which is right for workers but wrong for a caller that must answer (an acknowledgement, a
 * shutdown): these give up after `ms`, while the command itself may still land later.
 */

/** Resolves with `work`, or rejects with "Redis did not answer within … ms". */
export async function answerWithin<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`Redis did not answer within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** Waits for a graceful close at most `ms`, then runs `force`. Resolves true when it closed in time. */
export async function closeWithin(closing: Promise<unknown>, ms: number, force: () => unknown): Promise<boolean> {
  const closed = await answerWithin(
    closing.then(
      () => true,
      () => true,
    ),
    ms,
  ).catch(() => false);
  if (!closed) await force();
  return closed;
}
