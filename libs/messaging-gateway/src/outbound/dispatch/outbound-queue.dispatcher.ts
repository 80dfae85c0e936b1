import { type BeforeApplicationShutdown, Logger } from '@nestjs/common';
import type { DefaultJobOptions, Queue } from 'bullmq';
import { answerWithin, closeWithin } from '../../core/redis/within-time';
import { warnUnlessRedisDown } from '../../core/redis/redis-availability';
import type { OutboundEmail } from '../outbox/outbound-email.entity';
import { OutboundDispatcher } from './outbound.dispatcher';
import type { OutboundJobData } from '../outbound.types';

/**
 * One job per attempt: the retry schedule lives in the outbox row (`next_attempt_at`), not in
 * BullMQ's backoff, so a job lost with Redis is rebuilt from the row by the sweeper.
 */
export const OUTBOUND_JOB_OPTIONS: DefaultJobOptions = {
  attempts: 1,
  removeOnComplete: true,
  // Failed jobs kept in Redis for inspection; the outbox row keeps the outcome for good.
  removeOnFail: { count: 100 },
};
/** An enqueue must not hold up the caller during a Redis outage longer than this; the sweeper retries. */
const ENQUEUE_TIMEOUT_MS = 3000;

/**
 * Producer side of the outbound BullMQ queue (registered with `@nestjs/bullmq`); the job id comes
 * from the row's dedupe key.
 */
export class OutboundQueueDispatcher extends OutboundDispatcher implements BeforeApplicationShutdown {
  readonly gatewaySends = true;
  private readonly logger = new Logger(OutboundQueueDispatcher.name);

  constructor(readonly queue: Queue<OutboundJobData>) {
    super();
    this.queue.on('error', warnUnlessRedisDown(this.logger, 'outbound queue'));
  }

  /**
   * Queues the row's next attempt, delayed until its `next_attempt_at`. The job id names the
   * attempt (`<row's job id>.<attempts made>`), so a repeated dispatch of the same attempt is a
   * no-op while its job exists; `revive` (the sweeper) first clears a finished job of that id.
   */
  async dispatch(row: OutboundEmail, revive = false): Promise<string> {
    const jobId = `${row.jobId}.${row.attempts}`;
    if (revive) {
      const job = await this.queue.getJob(jobId);
      const state = job && (await job.getState());
      if (state === 'completed' || state === 'failed') await job!.remove().catch(() => undefined);
    }
    const delay = Math.max(0, (row.nextAttemptAt?.getTime() ?? 0) - Date.now());
    await answerWithin(
      this.queue.add('outbound', { outboundEmailId: row.id }, { jobId, ...(delay > 0 ? { delay } : {}) }),
      ENQUEUE_TIMEOUT_MS,
    );
    return jobId;
  }

  /** Closes before `@nestjs/bullmq` does, within a bound: with Redis gone a graceful close waits forever. */
  async beforeApplicationShutdown(): Promise<void> {
    await closeWithin(this.queue.close(), 2000, () => this.queue.disconnect());
  }
}
