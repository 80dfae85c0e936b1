import { Logger, type OnApplicationShutdown } from '@nestjs/common';
import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import type { GatewaySettings } from '../../core/options/gateway-options.schema';
import { OUTBOUND_QUEUE } from '../../core/gateway.constants';
import { answerWithin, closeWithin } from '../../core/redis/within-time';
import { createRedisConnection, FAIL_FAST_WHEN_DOWN } from '../../core/redis/create-redis-connection';
import { warnUnlessRedisDown } from '../../core/redis/redis-availability';
import type { OutboundEmail } from '../outbox/outbound-email.entity';
import { OutboundDispatcher } from './outbound.dispatcher';
import type { OutboundJobData } from '../outbound.types';

/**
 * Three attempts in all, with exponential backoff from 1 s: BullMQ waits 2^(attemptsMade-1) ×
 * delay, so the retries come 1 s and then 2 s after a failure. Mail still undelivered after that
 * is failed with the server's last reply.
 */
const OUTBOUND_ATTEMPTS = 3;
const OUTBOUND_BACKOFF = { type: 'exponential', delay: 1000 } as const;
/** Failed jobs kept in Redis for inspection; the outbox row keeps the outcome for good. */
const OUTBOUND_FAILED_KEPT = 100;
/** An enqueue must not hold up the caller during a Redis outage longer than this; the sweeper retries. */
const ENQUEUE_TIMEOUT_MS = 3000;

/** Producer side of the `outbound` BullMQ queue; the job id comes from the row's dedupe key. */
export class OutboundQueueDispatcher extends OutboundDispatcher implements OnApplicationShutdown {
  readonly gatewaySends = true;
  readonly queue: Queue<OutboundJobData>;
  private readonly logger = new Logger(OutboundQueueDispatcher.name);
  private readonly connection: Redis;

  constructor(redis: GatewaySettings<'redis'>) {
    super();
    this.connection = createRedisConnection(redis.url, FAIL_FAST_WHEN_DOWN);
    this.queue = new Queue<OutboundJobData>(OUTBOUND_QUEUE, {
      connection: this.connection,
      prefix: redis.prefix,
      defaultJobOptions: {
        attempts: OUTBOUND_ATTEMPTS,
        backoff: OUTBOUND_BACKOFF,
        removeOnComplete: true,
        removeOnFail: { count: OUTBOUND_FAILED_KEPT },
      },
    });
    this.queue.on('error', warnUnlessRedisDown(this.logger, 'outbound queue'));
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

  async onApplicationShutdown(): Promise<void> {
    await closeWithin(this.queue.close(), 2000, () => this.connection.disconnect());
    await closeWithin(this.connection.quit(), 1000, () => this.connection.disconnect());
  }
}
