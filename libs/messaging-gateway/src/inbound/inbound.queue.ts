import { Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { InjectGatewayOptions } from '../core/options/gateway-options.providers';
import type { GatewaySettings } from '../core/options/gateway-options.schema';
import { INBOUND_QUEUE } from '../core/gateway.constants';
import { createRedisConnection, FAIL_FAST_WHEN_DOWN } from '../core/redis/create-redis-connection';
import { warnUnlessRedisDown } from '../core/redis/redis-availability';
import { answerWithin } from '../core/redis/within-time';

/** An acknowledgement must not wait on a Redis outage longer than this. */
const ENQUEUE_TIMEOUT_MS = 3000;

/** Job data of the `inbound` queue: only the row id; the worker reads the rest from Postgres. */
export interface InboundJobData {
  inboundEmailId: string;
}

/**
 * Producer side of the `inbound` BullMQ queue. The job id is the inbound row id, so enqueueing
 * the same email twice (a duplicate delivery, the sweeper) never creates a second job while the
 * first one is known to Redis.
 */
@Injectable()
export class InboundQueue implements OnApplicationShutdown {
  private readonly logger = new Logger(InboundQueue.name);
  readonly queue: Queue<InboundJobData>;
  private readonly connection: Redis;

  constructor(@InjectGatewayOptions('redis') redis: GatewaySettings<'redis'>) {
    this.connection = createRedisConnection(redis.url, FAIL_FAST_WHEN_DOWN);
    this.queue = new Queue<InboundJobData>(INBOUND_QUEUE, {
      connection: this.connection,
      prefix: redis.prefix,
      defaultJobOptions: {
        attempts: 8,
        // 2 s, 4 s, 8 s … about 4 minutes in all: rides out a Messages API restart.
        backoff: { type: 'exponential', delay: 2000 },
        removeOnComplete: { count: 1000 },
        removeOnFail: { count: 1000 },
      },
    });
    this.queue.on('error', warnUnlessRedisDown(this.logger, 'inbound queue'));
  }

  /**
   * Resolves once Redis has the job; rejects when Redis does not answer within
   * ENQUEUE_TIMEOUT_MS (the sweeper retries). The queue's connection waits out outages, so an
   * add that times out here may still land later: harmless, the job id is the row id.
   */
  async enqueue(inboundEmailId: string, delayMs = 0): Promise<void> {
    const options = { jobId: inboundEmailId, ...(delayMs > 0 ? { delay: delayMs } : {}) };
    await answerWithin(this.queue.add('inbound', { inboundEmailId }, options), ENQUEUE_TIMEOUT_MS);
  }

  /**
   * Enqueues again an email whose job may be finished: BullMQ ignores an add whose job id still
   * exists, so a completed or failed job is removed first. A waiting, delayed (backoff) or
   * active job is left alone: it will run, or is running. `promote` runs a delayed one now
   * (an operator's replay should not wait out a backoff).
   */
  async requeue(inboundEmailId: string, options: { promote?: boolean } = {}): Promise<void> {
    const job = await this.queue.getJob(inboundEmailId);
    if (job) {
      const state = await job.getState();
      if (state === 'delayed' && options.promote) await job.promote().catch(() => undefined);
      if (state !== 'completed' && state !== 'failed' && state !== 'unknown') return;
      await job.remove().catch(() => undefined);
    }
    await this.enqueue(inboundEmailId);
  }

  /** Moves a delayed safety-net job forward when inline processing cannot take the email now. */
  async promote(inboundEmailId: string): Promise<void> {
    const job = await this.queue.getJob(inboundEmailId);
    if (job && (await job.getState()) === 'delayed') await job.promote().catch(() => undefined);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.queue.close();
    // BullMQ does not close a connection it was given.
    await this.connection.quit().catch(() => this.connection.disconnect());
  }
}
