import IORedis, { type Redis, type RedisOptions as IORedisOptions } from 'ioredis';

/**
 * Opens an ioredis connection from a redis:// or rediss:// URL (a `/N` path selects the
 * database). BullMQ workers need `maxRetriesPerRequest: null` so that blocking commands
 * wait out a Redis restart instead of failing.
 */
export function createRedisConnection(url: string, extra: IORedisOptions = {}): Redis {
  return new IORedis(url, { maxRetriesPerRequest: null, enableReadyCheck: true, ...extra });
}
