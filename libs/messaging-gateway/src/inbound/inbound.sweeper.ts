import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { InjectGatewayOptions } from '../core/options/gateway-options.providers';
import type { GatewaySettings } from '../core/options/gateway-options.schema';
import { TABLES } from '../core/gateway.constants';
import { returnedRows } from '../core/database/returned-rows';
import { InboundQueue } from './inbound.queue';
import { InboundStatusService } from './inbound-status.service';
import { InjectGatewayDataSource } from '../core/host-prerequisites.providers';

/** Rows handled per statement, so one sweep never holds long locks. */
const BATCH = 500;
/** Any constant: the transaction-scoped advisory lock that lets one replica sweep at a time. */
const SWEEP_LOCK_KEY = 0x6d67_7731;
/**
 * Raw MIME expires in days: purging every 10 minutes is as good as every sweep, and the sweep,
 * which runs often now that it is the inline path's crash net, stays one cheap statement.
 */
export const RAW_PURGE_INTERVAL_MS = 10 * 60_000;

/**
 * The queue's safety net and the retention policy, run every `inbound.sweepIntervalMs` (±20 %
 * jitter, so replicas started together do not sweep in step) by processes that run the worker:
 * - rows pending for a sweep interval (never enqueued: Redis was down at accept) and rows in
 *   processing longer than `inbound.stuckAfterMs` (the worker died) go back to the queue;
 *   Inline processing adds no job, so this is also how an email accepted by a process that died
 *   before finishing it comes back;
 * - raw MIME older than `inbound.rawRetentionDays` is purged (every RAW_PURGE_INTERVAL_MS at most);
 *   the row stays, with `raw_purged_at`.
 * Enqueueing is idempotent (job id = row id), so a second sweeper is harmless; the advisory lock
 * only saves the work.
 */
@Injectable()
export class InboundSweeper implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(InboundSweeper.name);
  private timer?: NodeJS.Timeout;
  private stopped = false;
  private running?: Promise<unknown>;
  private lastPurgeAt = 0;

  constructor(
    @InjectGatewayDataSource() private readonly dataSource: DataSource,
    @InjectGatewayOptions('inbound') private readonly inbound: GatewaySettings<'inbound'>,
    private readonly status: InboundStatusService,
    private readonly queue: InboundQueue,
  ) {}

  onApplicationBootstrap(): void {
    if (this.inbound.runWorker) this.schedule();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
  }

  /** One sweep: re-enqueues lost rows, then purges expired raw MIME. Returns what it did. */
  async sweep(): Promise<{ requeued: number; purged: number }> {
    const { sweepIntervalMs, stuckAfterMs } = this.inbound;
    const ids = await this.dataSource.transaction(async (manager) => {
      const [{ locked }] = await manager.query(`SELECT pg_try_advisory_xact_lock($1) AS locked`, [SWEEP_LOCK_KEY]);
      return locked ? this.status.reclaimStuck(manager, Math.min(sweepIntervalMs, stuckAfterMs), BATCH) : [];
    });
    // Promoted: a job waiting out a backoff (it met the dead worker's claim) runs now, not minutes later.
    for (const id of ids) await this.queue.requeue(id, { promote: true });
    if (ids.length > 0) this.logger.warn(`re-enqueued ${ids.length} inbound email(s) stuck in pending or processing`);
    const purgeDue = Date.now() - this.lastPurgeAt >= RAW_PURGE_INTERVAL_MS;
    if (purgeDue) this.lastPurgeAt = Date.now();
    return { requeued: ids.length, purged: purgeDue ? await this.purgeRaw() : 0 };
  }

  /** Nulls raw MIME past the retention of emails in a final status; 0 days keeps everything. */
  async purgeRaw(): Promise<number> {
    const days = this.inbound.rawRetentionDays;
    if (days === 0) return 0;
    let purged = 0;
    for (;;) {
      const result: unknown = await this.dataSource.query(
        `UPDATE ${TABLES.inboundEmails} SET raw_mime = NULL, raw_purged_at = now()
          WHERE id IN (SELECT id FROM ${TABLES.inboundEmails}
                        WHERE raw_mime IS NOT NULL AND status IN ('delivered', 'ignored', 'rejected', 'failed')
                          AND received_at < now() - make_interval(days => $1)
                        LIMIT $2)
          RETURNING id`,
        [days, BATCH],
      );
      const count = returnedRows(result).length;
      purged += count;
      if (count < BATCH) return purged;
    }
  }

  private schedule(): void {
    if (this.stopped) return;
    const interval = this.inbound.sweepIntervalMs;
    const delay = Math.round(interval * (0.8 + Math.random() * 0.4));
    this.timer = setTimeout(() => {
      this.running = this.sweep()
        .catch((error: Error) => this.logger.warn(`inbound sweep failed: ${error.message}`))
        .finally(() => this.schedule());
    }, delay);
    this.timer.unref();
  }
}
