import { type BeforeApplicationShutdown, Injectable, Logger } from '@nestjs/common';
import { InjectGatewayOptions } from '../core/options/gateway-options.providers';
import type { GatewaySettings } from '../core/options/gateway-options.schema';
import { ErrorCode } from '../core/errors/error-codes';
import { MessagingGatewayError } from '../core/errors/messaging-gateway.error';
import { InboundProcessor } from './inbound.processor';
import { InboundQueue } from './inbound.queue';

/**
 * An inline attempt that ends in a transient failure (or meets the email held elsewhere) hands it
 * to the queue with this delay: a retry soon, but not at once against a failing Messages API.
 */
export const INLINE_RETRY_DELAY_MS = 2_000;

/**
 * Processes freshly accepted emails in the accepting process, at most `inbound.concurrency` at a
 * time, with the raw bytes the request already holds (no read-back from PostgreSQL). No queue job
 * exists on this path: only an email inline processing cannot take (busy, transient failure) is
 * enqueued. A crash mid-way leaves the row pending or processing, which the sweeper finds
 * (ARCHITECTURE.md, "Inbound pipeline"). The row's compare-and-set claim keeps this and the queue
 * from ever both handling one email.
 */
@Injectable()
export class InboundInlineRunner implements BeforeApplicationShutdown {
  private readonly logger = new Logger(InboundInlineRunner.name);
  private running = 0;
  private readonly inFlight = new Set<Promise<unknown>>();

  constructor(
    @InjectGatewayOptions('inbound') private readonly inbound: GatewaySettings<'inbound'>,
    private readonly processor: InboundProcessor,
    private readonly queue: InboundQueue,
  ) {}

  /**
   * Starts processing without waiting for it, and says whether it did: false when inline
   * processing is off or every slot is busy (the caller enqueues the email then).
   */
  tryStart(id: string, raw: Buffer): boolean {
    if (!this.inbound.processInline || this.running >= this.inbound.concurrency) return false;
    this.running++;
    const run = this.processor
      .process(id, { final: false }, raw)
      .then(
        () => undefined,
        (error: Error) => this.handOver(id, error),
      )
      .finally(() => {
        this.running--;
        this.inFlight.delete(run);
      });
    this.inFlight.add(run);
    return true;
  }

  /** A transient failure left the row pending (or another process holds it): the queue retries. */
  private async handOver(id: string, error: Error): Promise<void> {
    const transient = !(error instanceof MessagingGatewayError) || error.transient;
    if (!transient) return;
    const busy = error instanceof MessagingGatewayError && error.code === ErrorCode.INBOUND_BUSY;
    this.logger.debug(`inbound ${id}: inline attempt ended (${error.message}); the queue retries`);
    try {
      await this.queue.enqueue(id, busy ? this.inbound.stuckAfterMs / 3 : INLINE_RETRY_DELAY_MS);
    } catch (enqueueError) {
      // The row is pending in PostgreSQL: the sweeper enqueues it once Redis answers again.
      this.logger.warn(
        `inboundEmailId=${id} not enqueued (${(enqueueError as Error).message}); the sweeper will retry`,
      );
    }
  }

  beforeApplicationShutdown(): Promise<void> {
    return this.drain();
  }

  /** Waits for inline runs in progress (shutdown, tests). */
  async drain(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.all([...this.inFlight]);
  }
}
