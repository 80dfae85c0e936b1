import { InjectQueue } from '@nestjs/bullmq';
import { Injectable } from '@nestjs/common';
import type { Queue } from 'bullmq';
import { INBOUND_QUEUE, OUTBOUND_QUEUE } from 'nestjs-messaging-gateway';

/**
 * The gateway's BullMQ queues, as `@nestjs/bullmq` providers (the gateway registers and closes
 * them), for depths, the dashboard and health.
 */
@Injectable()
export class GatewayQueues {
  readonly all: Queue[];
  /** The short name operators see in metrics for each queue. */
  readonly labels = new Map<Queue, string>();

  constructor(@InjectQueue(INBOUND_QUEUE) inbound: Queue, @InjectQueue(OUTBOUND_QUEUE) outbound: Queue) {
    this.all = [inbound, outbound];
    this.labels.set(inbound, 'inbound').set(outbound, 'outbound');
  }

  /** A round trip to the queues' Redis. */
  async ping(): Promise<void> {
    await this.all[0].getJobCounts('waiting');
  }

  /** Jobs per state for each queue, by its label. */
  async depths(): Promise<Record<string, Record<string, number>>> {
    const counts = await Promise.all(
      this.all.map((queue) => queue.getJobCounts('waiting', 'active', 'delayed', 'failed', 'completed', 'prioritized')),
    );
    return Object.fromEntries(this.all.map((queue, index) => [this.labels.get(queue)!, counts[index]]));
  }
}
