import { InjectQueue } from '@nestjs/bullmq';
import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { DelayedError, type Job, type Queue, Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import { InjectGatewayOptions } from '../../core/options/gateway-options.providers';
import type { GatewaySettings } from '../../core/options/gateway-options.schema';
import { OUTBOUND_QUEUE } from '../../core/gateway.constants';
import { closeWithin } from '../../core/redis/within-time';
import { workerConnection } from '../../core/redis/worker-connection';
import { warnUnlessRedisDown } from '../../core/redis/redis-availability';
import { OutboundDeliveryService } from '../outbound-delivery.service';
import { redactAddresses } from '../smtp/smtp-failure';
import { OutboundDispatcher } from './outbound.dispatcher';
import type { OutboundJobData } from '../outbound.types';

/** In-flight sends may finish within this on shutdown (Redis reachable); then the close is forced. */
const SHUTDOWN_GRACE_MS = 10_000;

/**
 * Consumer of the outbound queue (only when the gateway sends: not with a host
 * `emailQueueService`, not with outbound disabled), on a connection of its own to the queue's
 * Redis. The limiter caps SMTP hand-offs per second across all workers; the lock outlives the
 * longest SMTP exchange so a slow server is not mistaken for a dead worker. Not a `@Processor`,
 * for the reasons the inbound worker gives (ARCHITECTURE.md, "Queues").
 */
@Injectable()
export class OutboundWorker implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(OutboundWorker.name);
  private worker?: Worker<OutboundJobData>;
  private connection?: Redis;

  constructor(
    @InjectGatewayOptions('outbound') private readonly outbound: GatewaySettings<'outbound'>,
    @InjectQueue(OUTBOUND_QUEUE) private readonly queue: Queue<OutboundJobData>,
    private readonly dispatcher: OutboundDispatcher,
    private readonly delivery: OutboundDeliveryService,
  ) {}

  onApplicationBootstrap(): void {
    const outbound = this.outbound;
    if (!outbound.enabled || !this.dispatcher.gatewaySends) return;
    this.connection = workerConnection(this.queue);
    this.worker = new Worker<OutboundJobData>(OUTBOUND_QUEUE, (job, token) => this.process(job, token), {
      connection: this.connection,
      prefix: this.queue.opts.prefix,
      concurrency: outbound.concurrency,
      limiter: { max: outbound.maxPerSecond, duration: 1000 },
      lockDuration: this.delivery.leaseMs,
    });
    this.worker.on('failed', (job, error) =>
      this.logger.warn(
        `outbound job ${job?.id} (outboundEmailId=${job?.data.outboundEmailId}) failed: ${redactAddresses(error.message)}`,
      ),
    );
    this.worker.on('error', warnUnlessRedisDown(this.logger, 'outbound worker'));
  }

  async onApplicationShutdown(): Promise<void> {
    const { worker, connection } = this;
    if (!worker || !connection) return;
    // A graceful close waits for in-flight sends, so an accepted email is recorded before we exit.
    // With Redis gone it would wait forever (quit() on a dead server): then force it, which drops
    // the connections; a job cut short is picked up again as stalled (its row says where it stood).
    const redisUp = connection.status === 'ready';
    await closeWithin(worker.close(!redisUp), SHUTDOWN_GRACE_MS, () => connection.disconnect());
    await closeWithin(connection.quit(), 1000, () => connection.disconnect());
  }

  private async process(job: Job<OutboundJobData>, token?: string): Promise<void> {
    const outcome = await this.delivery.deliver(job.data.outboundEmailId);
    if (outcome && 'waitMs' in outcome && token) {
      // The same job, a little later: the row was not claimed, so no attempt is spent.
      await job.moveToDelayed(Date.now() + outcome.waitMs, token);
      throw new DelayedError();
    }
  }
}
