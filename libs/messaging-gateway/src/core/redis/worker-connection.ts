import type { Queue } from 'bullmq';
import IORedis, { type Redis } from 'ioredis';

/**
 * A connection of its own for a queue's worker, to the same Redis as the queue (the host's
 * `BullModule.forRoot` connection, or REDIS_URL): duplicated from a shared ioredis instance, or
 * opened from the same options. The worker's owner closes it; `maxRetriesPerRequest: null` lets
 * blocking reads wait out a Redis restart instead of failing, as BullMQ requires.
 */
export function workerConnection(queue: Queue): Redis {
  const settings = queue.opts.connection;
  if (settings instanceof IORedis) return settings.duplicate({ maxRetriesPerRequest: null });
  return new IORedis({ ...(settings as object), maxRetriesPerRequest: null, enableReadyCheck: true });
}
