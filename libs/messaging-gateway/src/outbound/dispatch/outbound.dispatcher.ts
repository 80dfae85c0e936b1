import type { OutboundEmail } from '../outbox/outbound-email.entity';

/**
 * Hands an outbox row to whatever sends it: the gateway's BullMQ `outbound` queue, or the host's
 * `emailQueueService`. Must be idempotent per row: the sweeper calls it again for rows that were
 * stored but never handed over.
 */
export abstract class OutboundDispatcher {
  /** True when the gateway's own worker sends (and so owns the row's later status changes). */
  abstract readonly gatewaySends: boolean;
  /**
   * Resolves with the job id once the queue has the email. `revive` (the sweeper) also restarts
   * a job the queue kept as failed while the row still waits.
   */
  abstract dispatch(row: OutboundEmail, revive?: boolean): Promise<string>;
}
