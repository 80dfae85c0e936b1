/**
 * Waits for a graceful close, but not forever: with Redis gone, BullMQ's close() and ioredis'
 * quit() wait for a server that never answers, and a host's shutdown must still finish.
 * Resolves true when `closing` settled in time; `force` runs otherwise.
 */
export async function closeWithin(closing: Promise<unknown>, ms: number, force: () => unknown): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), ms);
  });
  const settled = await Promise.race([
    closing.then(
      () => true,
      () => true,
    ),
    timedOut,
  ]);
  clearTimeout(timer);
  if (!settled) await force();
  return settled;
}
