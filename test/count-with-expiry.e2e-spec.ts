import IORedis from 'ioredis';
import { countWithExpiry } from '../libs/messaging-gateway/src/core/redis/count-with-expiry';
import { createTestRedisNamespace, type TestRedisNamespace } from './helpers/test-redis';

/** The rate limiters' counter (outbound per recipient and thread, webhook per IP) on a real Redis. */
describe('countWithExpiry (real Redis)', () => {
  let namespace: TestRedisNamespace;
  let redis: IORedis;

  beforeAll(() => {
    namespace = createTestRedisNamespace();
    redis = new IORedis(namespace.url);
  });

  afterAll(async () => {
    await namespace.cleanup();
    redis.disconnect();
  });

  it('counts every key in one call and gives each an expiry', async () => {
    const keys = [`${namespace.prefix}:a`, `${namespace.prefix}:b`];
    expect(await countWithExpiry(redis, keys, 60_000)).toEqual([1, 1]);
    expect(await countWithExpiry(redis, keys, 60_000)).toEqual([2, 2]);
    expect(await countWithExpiry(redis, [keys[0]], 60_000)).toEqual([3]);
    for (const key of keys) {
      const ttl = await redis.pttl(key);
      expect(ttl).toBeGreaterThan(50_000);
      expect(ttl).toBeLessThanOrEqual(60_000);
    }
  });

  it('keeps the window of a counter (no renewal) and repairs a key without a TTL', async () => {
    const key = `${namespace.prefix}:window`;
    await countWithExpiry(redis, [key], 60_000);
    await redis.pexpire(key, 5_000);
    await countWithExpiry(redis, [key], 60_000);
    expect(await redis.pttl(key)).toBeLessThanOrEqual(5_000);
    await redis.persist(key);
    expect(await countWithExpiry(redis, [key], 60_000)).toEqual([3]);
    expect(await redis.pttl(key)).toBeGreaterThan(50_000);
  });
});
