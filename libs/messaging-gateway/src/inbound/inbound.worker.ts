import { InjectQueue } from '@nestjs/bullmq';
import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { DelayedError, type Job, type Queue, UnrecoverableError, Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import { InjectGatewayOptions } from '../core/options/gateway-options.providers';
import type { GatewaySettings } from '../core/options/gateway-options.schema';
import { ErrorCode } from '../core/errors/error-codes';
import { MessagingGatewayError } from '../core/errors/messaging-gateway.error';
import { INBOUND_QUEUE } from '../core/gateway.constants';
import { workerConnection } from '../core/redis/worker-connection';
import { warnUnlessRedisDown } from '../core/redis/redis-availability';
import { InboundProcessor } from './inbound.processor';
import type { InboundJobData } from './inbound.queue';

/**
 * A job's lock, renewed by BullMQ while it runs: half the claim's lease, so that the job of a
 * dead worker is seen stalled (and run elsewhere) about when its email's lease runs out.
 */
const lockDurationFor = (stuckAfterMs: number): number => Math.max(5000, Math.round(stuckAfterMs / 2));
/** How long shutdown waits for running jobs before closing the worker by force. */
const CLOSE_TIMEOUT_MS = 10_000;

/**
 * Consumes the inbound queue with `inbound.concurrency` parallel jobs on a Redis connection of its
 * own (blocking reads need one) to the queue's Redis. It is not a `@Processor`: its concurrency and
 * lock come from the options at boot, it does not run at all on web-only replicas, and its shutdown
 * is bounded (ARCHITECTURE.md, "Queues"). Permanent failures end the job at once
 * (`UnrecoverableError`); transient ones use the queue's exponential backoff, and the last
 * attempt marks the row failed with its reason.
 */
@Injectable()
export class InboundWorker implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(InboundWorker.name);
  private worker?: Worker<InboundJobData>;
  private connection?: Redis;

  constructor(
    @InjectGatewayOptions('inbound') private readonly inbound: GatewaySettings<'inbound'>,
    @InjectQueue(INBOUND_QUEUE) private readonly queue: Queue<InboundJobData>,
    private readonly processor: InboundProcessor,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.inbound.runWorker) return;
    const lockDuration = lockDurationFor(this.inbound.stuckAfterMs);
    this.connection = workerConnection(this.queue);
    this.worker = new Worker<InboundJobData>(INBOUND_QUEUE, (job, token) => this.handle(job, token), {
      connection: this.connection,
      prefix: this.queue.opts.prefix,
      concurrency: this.inbound.concurrency,
      lockDuration,
      stalledInterval: lockDuration,
      // A job whose worker died twice is failed by BullMQ; the sweeper still brings its row back.
      maxStalledCount: 2,
    });
    this.worker.on('error', warnUnlessRedisDown(this.logger, 'inbound worker'));
  }

  private async handle(job: Job<InboundJobData>, token?: string): Promise<void> {
    const final = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
    try {
      await this.processor.process(job.data.inboundEmailId, { final });
    } catch (error) {
      if (error instanceof MessagingGatewayError && error.code === ErrorCode.INBOUND_BUSY && token) {
        // Another process holds the email: look again when its lease may have run out (it dies,
        // or finishes), without spending an attempt or waiting out the growing backoff.
        await job.moveToDelayed(Date.now() + this.inbound.stuckAfterMs / 3, token);
        throw new DelayedError();
      }
      if (error instanceof MessagingGatewayError && !error.transient)
        throw new UnrecoverableError(`${error.code}: ${error.message}`);
      throw error;
    }
  }

  /**
   * Lets running jobs finish, but never hangs a shutdown: when Redis is gone a graceful close
   * would wait forever, so after CLOSE_TIMEOUT_MS the worker is closed by force (its jobs' locks
   * expire and another worker takes them; the row claims keep that safe).
   */
  async onApplicationShutdown(): Promise<void> {
    const { worker, connection } = this;
    if (!worker || !connection) return;
    // A close while BullMQ is still connecting makes its pending start-up fail after it dropped its
    // error listeners ("Unhandled error"): let the start-up settle first, within the budget.
    const ready = await withinMs(
      worker.waitUntilReady().then(() => true),
      CLOSE_TIMEOUT_MS,
    );
    const closed =
      ready === true &&
      connection.status === 'ready' &&
      (await withinMs(
        worker.close().then(() => true),
        CLOSE_TIMEOUT_MS,
      ));
    if (!closed) await worker.close(true).catch(() => undefined);
    connection.disconnect();
  }
}

/** The promise's value, or false when it takes longer than `ms` (or fails). */
async function withinMs<T>(promise: Promise<T>, ms: number): Promise<T | false> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), ms);
  });
  try {
    return await Promise.race([promise.catch(() => false as const), timeout]);
  } finally {
    clearTimeout(timer);
  }
}
