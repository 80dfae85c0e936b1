import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import type { ResolvedMessagingGatewayOptions } from '../config/resolved-options.interface';
import { INBOUND_QUEUE, MESSAGING_GATEWAY_OPTIONS } from '../messaging-gateway.constants';
import { createRedisConnection } from '../redis/create-redis-connection';
import { answerWithin } from '../redis/within-time';

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
export class InboundQueueService implements OnApplicationShutdown {
  private readonly logger = new Logger(InboundQueueService.name);
  readonly queue: Queue<InboundJobData>;
  private readonly connection: Redis;

  constructor(@Inject(MESSAGING_GATEWAY_OPTIONS) options: ResolvedMessagingGatewayOptions) {
    this.connection = createRedisConnection(options.redis.url);
    this.queue = new Queue<InboundJobData>(INBOUND_QUEUE, {
      connection: this.connection,
      prefix: options.redis.prefix,
      defaultJobOptions: {
        attempts: 8,
        // 2 s, 4 s, 8 s … about 4 minutes in all: rides out a Messages API restart.
        backoff: { type: 'exponential', delay: 2000 },
        removeOnComplete: { count: 1000 },
        removeOnFail: { count: 1000 },
      },
    });
    this.queue.on('error', (error) => this.logger.warn(`inbound queue: ${error.message}`));
  }

  /**
   * Resolves once Redis has the job; rejects when Redis does not answer within
   * ENQUEUE_TIMEOUT_MS (the sweeper retries). The queue's connection waits out outages, so an
   * add that times out here may still land later: harmless, the job id is the row id.
   */
  async enqueue(inboundEmailId: string): Promise<void> {
    await answerWithin(this.queue.add('inbound', { inboundEmailId }, { jobId: inboundEmailId }), ENQUEUE_TIMEOUT_MS);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.queue.close();
    // BullMQ does not close a connection it was given.
    await this.connection.quit().catch(() => this.connection.disconnect());
  }
}
