import { type BeforeApplicationShutdown, Injectable, Logger } from '@nestjs/common';
import { InjectGatewayOptions } from '../core/options/gateway-options.providers';
import type { GatewaySettings } from '../core/options/gateway-options.schema';
import { InboundProcessor } from './inbound.processor';
import { InboundQueue } from './inbound.queue';

/**
 * When `inbound.processInline` is on, the job is enqueued with this delay and the accepting
 * process handles the email at once: the queue is only the safety net (a crash, a transient
 * failure), so the usual path skips a Redis round trip and a worker wake-up.
 */
export const INLINE_SAFETY_NET_DELAY_MS = 5_000;

/**
 * Processes freshly accepted emails in the accepting process, at most `inbound.concurrency` at a
 * time; past that, the safety-net job is promoted so a worker takes the email right away. The
 * row's compare-and-set claim keeps this and the queue from ever both handling one email.
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

  get enabled(): boolean {
    return this.inbound.processInline;
  }

  /** Starts processing without waiting for it; errors are left to the queue's retry. */
  start(id: string): void {
    if (this.running >= this.inbound.concurrency) {
      void this.queue.promote(id).catch(() => undefined);
      return;
    }
    this.running++;
    const run = this.processor
      .process(id, { final: false })
      .then(
        () => undefined,
        // The delayed safety-net job is the retry; promoting it now would hammer a failing API.
        (error: Error) =>
          this.logger.debug(`inbound ${id}: inline attempt ended (${error.message}); the queue retries`),
      )
      .finally(() => {
        this.running--;
        this.inFlight.delete(run);
      });
    this.inFlight.add(run);
  }

  beforeApplicationShutdown(): Promise<void> {
    return this.drain();
  }

  /** Waits for inline runs in progress (shutdown, tests). */
  async drain(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.all([...this.inFlight]);
  }
}
