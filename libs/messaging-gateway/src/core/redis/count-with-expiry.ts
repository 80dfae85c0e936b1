import type { Redis } from 'ioredis';

/**
 * INCR every key, and give a key its expiry when it has none (the first hit of its window, or a
 * key that lost its TTL): one round trip for any number of counters, atomic, where
 * MULTI/INCR/PEXPIRE/EXEC cost four commands per request and per key.
 */
const SCRIPT = `
local counts = {}
for i, key in ipairs(KEYS) do
  local count = redis.call('INCR', key)
  if count == 1 or redis.call('PTTL', key) == -1 then redis.call('PEXPIRE', key, ARGV[1]) end
  counts[i] = count
end
return counts`;

/** Counts one hit on each key (fixed-window rate limits) and returns the counts, in key order. */
export async function countWithExpiry(redis: Redis, keys: string[], expiryMs: number): Promise<number[]> {
  const counts = (await redis.eval(SCRIPT, keys.length, ...keys, String(expiryMs))) as number[];
  return counts.map(Number);
}
