import type { ThrottlerStorage } from '@nestjs/throttler';
import type { ThrottlerStorageRecord } from '@nestjs/throttler/dist/throttler-storage-record.interface';
import type { AppRedis } from '../common/app-redis';
import type { ThrottleName } from './throttle-names';

/**
 * The Redis storage of @nest-lab/throttler-storage-redis (an atomic Lua counter with expiry,
 * shared by every instance and kept across restarts) plus what it lacks: a bounded wait (through
 * AppRedis: at once while Redis reconnects, else after 1 s) and a choice per throttler when Redis
 * cannot count. Closed (the default) answers 503: nobody guesses passwords while nothing counts.
 * Open lets the request through: the relay still checks its signature, and a password-reset email
 * must not wait for Redis.
 */
export class BoundedThrottlerStorage implements ThrottlerStorage {
  constructor(
    private readonly inner: ThrottlerStorage,
    private readonly redis: AppRedis,
    private readonly failOpen: ReadonlySet<ThrottleName>,
  ) {}

  async increment(
    key: string,
    ttl: number,
    limit: number,
    blockDuration: number,
    throttlerName: string,
  ): Promise<ThrottlerStorageRecord> {
    try {
      return await this.redis.run(() => this.inner.increment(key, ttl, limit, blockDuration, throttlerName));
    } catch (error) {
      if (!this.failOpen.has(throttlerName as ThrottleName)) throw error;
      return { totalHits: 0, timeToExpire: 0, isBlocked: false, timeToBlockExpire: 0 };
    }
  }
}
