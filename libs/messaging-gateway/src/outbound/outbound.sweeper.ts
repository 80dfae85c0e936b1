import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { InjectGatewayOptions } from '../core/options/gateway-options.providers';
import type { GatewaySettings } from '../core/options/gateway-options.schema';
import { OutboxRepository } from './outbox/outbox.repository';
import { OutboundDeliveryService } from './outbound-delivery.service';
import { OutboundDispatcher } from './dispatch/outbound.dispatcher';
import { OutboundReason } from './outbound-reason';
import { OutboxService } from './outbox/outbox.service';

const SWEEP_INTERVAL_MS = 60_000;
/** A queued row this old without progress may have lost its job (Redis outage at enqueue). */
const STALE_QUEUED_MS = 5 * 60_000;
const BATCH = 200;

/**
 * The safety net under the queue: fails rows past `outbound.expiryHours` as `expired`, and hands
 * rows that were stored but never queued (Redis down at the time), or whose job vanished, to the
 * queue again. Re-dispatching is idempotent (same job id; the worker checks the status first), so
 * several instances may sweep at once.
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
    }, SWEEP_INTERVAL_MS);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
  }

  async sweep(): Promise<void> {
    // With a host queue, only rows never handed over are ours to retry or expire.
    const onlyUnhanded = !this.dispatcher.gatewaySends;
    const expired = await this.rows.expired(onlyUnhanded, BATCH);
    for (const row of expired) await this.delivery.fail(row, ['queued'], OutboundReason.EXPIRED);
    const stale = await this.rows.stale(onlyUnhanded, STALE_QUEUED_MS, this.delivery.leaseMs, BATCH);
    for (const id of stale) {
      const row = await this.rows.load(id);
      if (row) await this.outbox.dispatchQuietly(row, true);
    }
    if (expired.length + stale.length > 0) {
      this.logger.log(`outbound sweep: ${expired.length} expired, ${stale.length} handed to the queue again`);
    }
  }
}
