import { Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { Queue } from 'bullmq';
import {
  INBOUND_QUEUE,
  InjectGatewayOptions,
  OUTBOUND_QUEUE,
  type ResolvedMessagingGatewayOptions,
} from 'nestjs-messaging-gateway';

/**
 * Read handles on the gateway's BullMQ queues (`inbound`, `outbound`, under `redis.prefix`),
 * for depths, the dashboard and health. They only read; the gateway owns the workers.
 */
@Injectable()
export class GatewayQueues implements OnApplicationShutdown {
  readonly all: Queue[];

  constructor(@InjectGatewayOptions() options: ResolvedMessagingGatewayOptions) {
    const connection = { url: options.redis.url, maxRetriesPerRequest: 1 };
    this.all = [INBOUND_QUEUE, OUTBOUND_QUEUE].map(
      (name) => new Queue(name, { connection, prefix: options.redis.prefix }),
    );
  }

  /** Jobs per state for each queue. */
  async depths(): Promise<Record<string, Record<string, number>>> {
    const counts = await Promise.all(
      this.all.map((queue) => queue.getJobCounts('waiting', 'active', 'delayed', 'failed', 'completed', 'prioritized')),
    );
    return Object.fromEntries(this.all.map((queue, index) => [queue.name, counts[index]]));
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.all(this.all.map((queue) => queue.close()));
  }
}
