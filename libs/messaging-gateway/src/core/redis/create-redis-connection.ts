import IORedis, { type Redis, type RedisOptions as IORedisOptions } from 'ioredis';
import { watchRedisAvailability } from './redis-availability';

/**
 * Options of a connection that only adds jobs (a BullMQ queue producer): while Redis is down a
 * command fails at once instead of waiting in ioredis' offline queue, so an acknowledgement is
 * not held up (BullMQ recommends this for producers; the sweepers enqueue what failed). Workers
 * keep the offline queue: their blocking reads should wait out an outage.
 */
export const FAIL_FAST_WHEN_DOWN: IORedisOptions = { enableOfflineQueue: false };

/**
 * Opens an ioredis connection from a redis:// or rediss:// URL (a `/N` path selects the
 * database). BullMQ workers need `maxRetriesPerRequest: null` so that blocking commands
 * wait out a Redis restart instead of failing. Every connection is watched, so an outage is
 * one log line each way rather than one per reconnect attempt.
 */
export function createRedisConnection(url: string, extra: IORedisOptions = {}): Redis {
  return watchRedisAvailability(new IORedis(url, { maxRetriesPerRequest: null, enableReadyCheck: true, ...extra }));
}
