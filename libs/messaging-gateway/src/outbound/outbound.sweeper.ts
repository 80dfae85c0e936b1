import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { InjectGatewayOptions } from '../core/options/gateway-options.providers';
import type { GatewaySettings } from '../core/options/gateway-options.schema';
import { OutboxRepository } from './outbox/outbox.repository';
import { OutboundDeliveryService } from './outbound-delivery.service';
import { OutboundDispatcher } from './dispatch/outbound.dispatcher';
import { OutboundReason } from './outbound-reason';
import { OutboxService } from './outbox/outbox.service';

const BATCH = 200;

/**
 * The outbox row is the truth, the queue only its alarm clock. Every `outbound.sweepIntervalMs`
 * this fails rows past `outbound.expiryHours` as `expired`, and hands back to the queue every row
 * whose job is gone: queued and overdue by a sweep interval (never enqueued because Redis was
 * down, or lost with a Redis flushed or restarted without persistence), or sending with a lease
 * nobody renews (its process died). A Redis loss delays mail, it loses none. Re-dispatching is
 * idempotent (the job id names the attempt; the claim checks the row), so every instance sweeps.
 */
@Injectable()
export class OutboundSweeper implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(OutboundSweeper.name);
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly rows: OutboxRepository,
    @InjectGatewayOptions('outbound') private readonly outbound: GatewaySettings<'outbound'>,
    private readonly dispatcher: OutboundDispatcher,
    private readonly outbox: OutboxService,
    private readonly delivery: OutboundDeliveryService,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.outbound.enabled) return;
    this.timer = setInterval(() => {
      this.sweep().catch((error: Error) => this.logger.warn(`outbound sweep failed: ${error.message}`));
    }, this.outbound.sweepIntervalMs);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
  }

  async sweep(): Promise<void> {
    // With a host queue, only rows never handed over are ours to hand over again; every row, its
    // or ours, expires, so none stays queued for ever when a host never reports.
    const onlyUnhanded = !this.dispatcher.gatewaySends;
    const expired = await this.rows.expired(BATCH);
    for (const row of expired) await this.delivery.fail(row, ['queued'], OutboundReason.EXPIRED);
    const stale = await this.rows.stale(onlyUnhanded, this.outbound.sweepIntervalMs, this.delivery.leaseMs, BATCH);
    for (const id of stale) {
      const row = await this.rows.load(id);
      if (row) await this.outbox.dispatchQuietly(row, true);
    }
    if (expired.length + stale.length > 0) {
      this.logger.log(`outbound sweep: ${expired.length} expired, ${stale.length} handed to the queue again`);
    }
  }
}
