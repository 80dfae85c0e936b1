import type { Queue } from 'bullmq';
import IORedis, { type Redis } from 'ioredis';
import { watchRedisAvailability } from './redis-availability';

/**
 * A connection of its own for a queue's worker, to the same Redis as the queue (the host's
 * `BullModule.forRoot` connection, or REDIS_URL): duplicated from a shared ioredis instance, or
 * opened from the same options. The worker's owner closes it; `maxRetriesPerRequest: null` and the
 * offline queue let blocking reads wait out a Redis restart instead of failing, as BullMQ requires
 * (the producers' fail-fast setting is not for workers).
 */
export function workerConnection(queue: Queue): Redis {
  const settings = queue.opts.connection;
  const connection =
    settings instanceof IORedis
      ? settings.duplicate({ maxRetriesPerRequest: null })
      : new IORedis({
          ...(settings as object),
          enableOfflineQueue: true,
          maxRetriesPerRequest: null,
          enableReadyCheck: true,
        });
  return watchRedisAvailability(connection);
}
