import { type BeforeApplicationShutdown, Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
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
 * Raw MIME the backlog may hold at once, whatever `inbound.inlineBacklog` says: a burst of large
 * emails goes to the queue (and to other replicas) rather than into this process's memory.
 */
export const INLINE_BACKLOG_MAX_BYTES = 32 * 1024 * 1024;

/** An accepted email waiting in memory for a free inline slot; its row is pending meanwhile. */
interface WaitingEmail {
  id: string;
  raw: Buffer;
}

/**
 * Processes freshly accepted emails in the accepting process, at most `inbound.concurrency` at a
 * time, with the raw bytes the request already holds (no read-back from PostgreSQL). No queue job
 * exists on this path: an email accepted while every slot is busy waits in a bounded backlog
 * (`inbound.inlineBacklog`, INLINE_BACKLOG_MAX_BYTES) for the next free slot, and only what neither
 * can take (or a transient failure) is enqueued. A waiting or half-processed email is a pending or
 * processing row, so a crash loses nothing: the sweeper finds it (ARCHITECTURE.md, "Inbound
 * pipeline"). The row's compare-and-set claim keeps this and the queue from ever both handling
 * one email.
 */
@Injectable()
export class InboundInlineRunner implements OnModuleDestroy, BeforeApplicationShutdown {
  private readonly logger = new Logger(InboundInlineRunner.name);
  private running = 0;
  private readonly inFlight = new Set<Promise<unknown>>();
  private readonly backlog: WaitingEmail[] = [];
  private backlogBytes = 0;
  private closing = false;

  constructor(
    @InjectGatewayOptions('inbound') private readonly inbound: GatewaySettings<'inbound'>,
    private readonly processor: InboundProcessor,
    private readonly queue: InboundQueue,
  ) {}

  /**
   * Takes the email: starts processing it now, or keeps it for the next free slot. False when
   * inline processing is off, shutting down, or both the slots and the backlog are full: the
   * caller enqueues the email then.
   */
  tryStart(id: string, raw: Buffer): boolean {
    if (!this.inbound.processInline || this.closing) return false;
    if (this.running < this.inbound.concurrency) {
      this.start(id, raw);
      return true;
    }
    if (
      this.backlog.length >= this.inbound.inlineBacklog ||
      this.backlogBytes + raw.length > INLINE_BACKLOG_MAX_BYTES
    ) {
      return false;
    }
    this.backlog.push({ id, raw });
    this.backlogBytes += raw.length;
    return true;
  }

  /** Emails waiting for a slot (tests, metrics). */
  get waiting(): number {
    return this.backlog.length;
  }

  private start(id: string, raw: Buffer): void {
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
        this.startNext();
      });
    this.inFlight.add(run);
  }

  /** A slot is free: the oldest waiting email takes it. */
  private startNext(): void {
    const next = this.backlog.shift();
    if (!next) return;
    this.backlogBytes -= next.raw.length;
    this.start(next.id, next.raw);
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

  /**
   * Shutdown, first step (before any queue closes in `beforeApplicationShutdown`): new emails go
   * to the queue, and the waiting ones too, so another replica takes them now rather than after a
   * sweep interval.
   */
  async onModuleDestroy(): Promise<void> {
    this.closing = true;
    const waiting = this.backlog.splice(0).map((email) => email.id);
    this.backlogBytes = 0;
    if (waiting.length === 0) return;
    try {
      await this.queue.enqueueMany(waiting);
    } catch (error) {
      this.logger.warn(
        `${waiting.length} waiting inbound email(s) not enqueued at shutdown (${(error as Error).message}); the sweeper will retry`,
      );
    }
  }

  /** Shutdown, second step: the runs in progress finish. */
  beforeApplicationShutdown(): Promise<void> {
    return this.drain();
  }

  /** Waits for inline runs in progress and the backlog behind them (tests). */
  async drain(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.all([...this.inFlight]);
  }
}
