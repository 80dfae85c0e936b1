import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { ResolvedMessagingGatewayOptions } from '../core/options/resolved-options.types';
import { MESSAGING_GATEWAY_OPTIONS, TABLES } from '../core/gateway.constants';
import { OutboundEmail } from './outbox/outbound-email.entity';
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
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(MESSAGING_GATEWAY_OPTIONS) private readonly options: ResolvedMessagingGatewayOptions,
    private readonly dispatcher: OutboundDispatcher,
    private readonly outbox: OutboxService,
    private readonly delivery: OutboundDeliveryService,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.options.outbound.enabled) return;
    this.timer = setInterval(() => {
      this.sweep().catch((error: Error) => this.logger.warn(`outbound sweep failed: ${error.message}`));
    }, SWEEP_INTERVAL_MS);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
  }

  async sweep(): Promise<void> {
    const repository = this.dataSource.getRepository(OutboundEmail);
    // With a host queue, only rows never handed over are ours to retry or expire.
    const ours = this.dispatcher.gatewaySends ? '' : 'AND job_id IS NULL';
    const expired: OutboundEmail[] = await repository.query(
      `SELECT id, thread_id AS "threadId", host_message_id AS "hostMessageId" FROM ${TABLES.outboundEmails}
        WHERE status = 'queued' AND expires_at <= now() ${ours} LIMIT ${BATCH}`,
    );
    for (const row of expired) await this.delivery.fail(row, ['queued'], OutboundReason.EXPIRED);
    const stale: { id: string }[] = await repository.query(
      `SELECT id FROM ${TABLES.outboundEmails}
        WHERE ((status = 'queued' AND updated_at < now() - make_interval(secs => $1))
           OR (status = 'sending' AND updated_at < now() - make_interval(secs => $2))) ${ours}
        ORDER BY updated_at LIMIT ${BATCH}`,
      [STALE_QUEUED_MS / 1000, this.delivery.leaseMs / 1000],
    );
    for (const { id } of stale) {
      const row = await repository.findOneBy({ id });
      if (row) await this.outbox.dispatchQuietly(row, true);
    }
    if (expired.length + stale.length > 0) {
      this.logger.log(`outbound sweep: ${expired.length} expired, ${stale.length} handed to the queue again`);
    }
  }
}
