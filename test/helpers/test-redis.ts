import { randomBytes } from 'node:crypto';
import IORedis from 'ioredis';

export const TEST_REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

/** A key prefix of its own for one suite; `cleanup()` deletes every key under it. */
export interface TestRedisNamespace {
  url: string;
  prefix: string;
  cleanup(): Promise<void>;
}

export function createTestRedisNamespace(): TestRedisNamespace {
  const prefix = `mgwtest:${process.pid}:${randomBytes(4).toString('hex')}`;
  return {
    url: TEST_REDIS_URL,
    prefix,
    cleanup: async () => {
      const redis = new IORedis(TEST_REDIS_URL);
      try {
        // Throttle counters put the prefix inside a Redis Cluster hash tag: `{<prefix>:…}:hits`.
        for (const pattern of [`${prefix}*`, `{${prefix}*`]) {
          let cursor = '0';
          do {
            const [next, keys] = await redis.scan(cursor, 'MATCH', pattern, 'COUNT', 1000);
            if (keys.length) await redis.del(...keys);
            cursor = next;
          } while (cursor !== '0');
        }
      } finally {
        redis.disconnect();
      }
    },
  };
}
