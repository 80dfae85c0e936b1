import { type BeforeApplicationShutdown, Logger } from '@nestjs/common';
import type { DefaultJobOptions, Queue } from 'bullmq';
import { answerWithin, closeWithin } from '../../core/redis/within-time';
import type { OutboundEmail } from '../outbox/outbound-email.entity';
import { OutboundDispatcher } from './outbound.dispatcher';
import type { OutboundJobData } from '../outbound.types';

/**
 * Three attempts in all, with exponential backoff from 1 s: BullMQ waits 2^(attemptsMade-1) ×
 * delay, so the retries come 1 s and then 2 s after a failure. Mail still undelivered after that
 * is failed with the server's last reply.
 */
export const OUTBOUND_JOB_OPTIONS: DefaultJobOptions = {
  attempts: 3,
  backoff: { type: 'exponential', delay: 1000 },
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
    this.queue.on('error', (error) => this.logger.warn(`outbound queue: ${error.message}`));
  }

  async dispatch(row: OutboundEmail, revive = false): Promise<string> {
    const jobId = row.jobId!;
    if (revive && (await this.queue.getJobState(jobId)) === 'failed') {
      await (await this.queue.getJob(jobId))?.retry('failed');
      return jobId;
    }
    // An existing job with this id makes add() a no-op: a repeated dispatch never doubles the job.
    await answerWithin(this.queue.add('outbound', { outboundEmailId: row.id }, { jobId }), ENQUEUE_TIMEOUT_MS);
    return jobId;
  }

  /** Closes before `@nestjs/bullmq` does, within a bound: with Redis gone a graceful close waits forever. */
  async beforeApplicationShutdown(): Promise<void> {
    await closeWithin(this.queue.close(), 2000, () => this.queue.disconnect());
  }
}
