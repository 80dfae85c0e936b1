import { Column, CreateDateColumn, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import { TABLES } from '../core/gateway.constants';

/** Why an address gets no more mail. @publicApi */
export type SuppressionReason = 'hard_bounce' | 'soft_bounce' | 'complaint' | 'manual';

/**
 * Addresses the gateway no longer sends to. Soft bounces are counted first and suppress only
 * past a threshold; `suppressed` false keeps the count without suppressing.
 * @publicApi
 */
@Entity(TABLES.suppressions)
export class Suppression {
  /** Lower-cased address. */
  @PrimaryColumn({ type: 'varchar', length: 320 })
  email!: string;

  @Column({ type: 'varchar', length: 32 })
  reason!: SuppressionReason;

  @Column({ type: 'boolean', default: true })
  suppressed!: boolean;

  @Column({ name: 'soft_bounce_count', type: 'integer', default: 0 })
  softBounceCount!: number;

  /** DSN status or feedback type, for operators. */
  @Column({ type: 'text', nullable: true })
  detail!: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
