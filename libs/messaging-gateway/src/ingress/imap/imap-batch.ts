/** UIDs asked for per FETCH of sizes, and at most per FETCH of sources. */
export const IMAP_BATCH_SIZE = 50;
/**
 * Messages of a batch committed at once. Each accept is a Postgres round trip plus a queue
 * add; overlapping a few of them keeps well inside TypeORM's default pool of 10 connections.
 */
export const IMAP_STORE_CONCURRENCY = 6;
/** Most source bytes held in memory at once; a larger single message is fetched alone. */
const IMAP_BATCH_BYTES = 16 * 1024 * 1024;

/**
 * The new UIDs in ascending order. A UID range `N:*` always matches the newest message even
 * when N is above every UID (RFC 3501 6.4.8, "*" is the largest number in use), so the
 * newest message would come back on every poll without this filter.
 */
export function newUidsAbove(uids: readonly number[], lastUid: number): number[] {
  return [...new Set(uids.filter((uid) => Number.isSafeInteger(uid) && uid > lastUid))].sort((a, b) => a - b);
}

export function chunk<T>(items: readonly T[], size: number): T[][] {
  const chunks: T[][] = [];
  for (let i = 0; i < items.length; i += size) chunks.push(items.slice(i, i + size));
  return chunks;
}

/**
 * Groups messages for source fetches so that one group holds at most `maxBytes` of sources
 * (by RFC822.SIZE) and `maxCount` messages; a message larger than `maxBytes` forms a group of
 * its own. Order is kept.
 */
export function groupBySize(
  messages: readonly { uid: number; size: number }[],
  maxBytes = IMAP_BATCH_BYTES,
  maxCount = IMAP_BATCH_SIZE,
): number[][] {
  const groups: number[][] = [];
  let current: number[] = [];
  let bytes = 0;
  for (const { uid, size } of messages) {
    if (current.length > 0 && (bytes + size > maxBytes || current.length >= maxCount)) {
      groups.push(current);
      current = [];
      bytes = 0;
    }
    current.push(uid);
    bytes += size;
  }
  if (current.length > 0) groups.push(current);
  return groups;
}

/**
 * Runs `task` over `items` with at most `limit` in flight, starting them in order; results keep
 * the order of `items`. A rejected task rejects the whole call once the others have settled.
 */
export async function mapWithConcurrency<T, R>(
  items: readonly T[],
  limit: number,
  task: (item: T) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  let failure: { error: unknown } | undefined;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const index = next++;
      try {
        results[index] = await task(items[index]);
      } catch (error) {
        failure ??= { error };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  if (failure) throw failure.error;
  return results;
}
