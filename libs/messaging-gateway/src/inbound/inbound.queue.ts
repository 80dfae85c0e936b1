import { InjectQueue } from '@nestjs/bullmq';
import { type BeforeApplicationShutdown, Injectable, Logger } from '@nestjs/common';
import type { DefaultJobOptions, Queue } from 'bullmq';
import { INBOUND_QUEUE } from '../core/gateway.constants';
import { warnUnlessRedisDown } from '../core/redis/redis-availability';
import { answerWithin, closeWithin } from '../core/redis/within-time';

/** An acknowledgement must not wait on a Redis outage longer than this. */
const ENQUEUE_TIMEOUT_MS = 3000;
/** Shutdown gives the queue's connection this long to close cleanly before dropping it. */
const CLOSE_TIMEOUT_MS = 2000;

/**
 * Eight attempts, 2 s, 4 s, 8 s … apart: about 4 minutes in all, which rides out a Messages API
 * restart; the sweeper brings back anything that outlives it.
 */
export const INBOUND_JOB_OPTIONS: DefaultJobOptions = {
  attempts: 8,
  backoff: { type: 'exponential', delay: 2000 },
  removeOnComplete: { count: 1000 },
  removeOnFail: { count: 1000 },
};

/** Job data of the inbound queue: only the row id; the worker reads the rest from Postgres. */
export interface InboundJobData {
  inboundEmailId: string;
}

/**
 * Producer side of the inbound BullMQ queue (registered with `@nestjs/bullmq`). The job id is
 * the inbound row id, so enqueueing the same email twice (a duplicate delivery, the sweeper) never
 * creates a second job while the first one is known to Redis.
 */
@Injectable()
export class InboundQueue implements BeforeApplicationShutdown {
  private readonly logger = new Logger(InboundQueue.name);

  /** @internal Nest injects it. */
  constructor(@InjectQueue(INBOUND_QUEUE) readonly queue: Queue<InboundJobData>) {
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

  /** `enqueue` for a batch, in one bulk add (one Redis round trip); same job ids, same bound. */
  async enqueueMany(inboundEmailIds: string[]): Promise<void> {
    const jobs = inboundEmailIds.map((inboundEmailId) => ({
      name: 'inbound',
      data: { inboundEmailId },
      opts: { jobId: inboundEmailId },
    }));
    await answerWithin(this.queue.addBulk(jobs), ENQUEUE_TIMEOUT_MS);
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

  /**
   * Closes before `@nestjs/bullmq` does, within a bound: with Redis gone a graceful close waits
   * forever, so the connection is then dropped (nothing is lost: the rows are in PostgreSQL).
   */
  async beforeApplicationShutdown(): Promise<void> {
    await closeWithin(this.queue.close(), CLOSE_TIMEOUT_MS, () => this.queue.disconnect());
  }
}
