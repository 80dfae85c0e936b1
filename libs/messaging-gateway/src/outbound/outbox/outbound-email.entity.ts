import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { TABLES } from '../../core/gateway.constants';

/** Lifecycle of an outbound email. `sent` is final: it is never sent again. @publicApi */
export type OutboundEmailStatus = 'queued' | 'sending' | 'sent' | 'failed' | 'bounced' | 'suppressed';

/**
 * The outbox: one row per (host message, recipient). Its unique `dedupe_key` makes a repeated
 * `message.created` or a retried call a no-op, and its status is checked before every send.
 * @publicApi
 */
@Entity(TABLES.outboundEmails)
@Index('idx_mgw_outbound_status_updated', ['status', 'updatedAt'])
@Index('idx_mgw_outbound_email_message_id', ['emailMessageId'])
@Index('idx_mgw_outbound_thread', ['threadId'])
export class OutboundEmail {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  /** `${messageId}:${recipient}`: also the BullMQ jobId. */
  @Column({ name: 'dedupe_key', type: 'varchar', length: 600, unique: true })
  dedupeKey!: string;

  @Column({ name: 'thread_id', type: 'varchar', length: 255 })
  threadId!: string;

  /** The host's message id (null for relay mail). */
  @Column({ name: 'host_message_id', type: 'varchar', length: 255, nullable: true })
  hostMessageId!: string | null;

  @Column({ type: 'varchar', length: 320 })
  recipient!: string;

  @Column({ type: 'varchar', length: 998 })
  subject!: string;

  @Column({ type: 'varchar', length: 16, default: 'queued' })
  status!: OutboundEmailStatus;

  @Column({ name: 'reason_code', type: 'varchar', length: 64, nullable: true })
  reasonCode!: string | null;

  /** The SMTP server's last reply, for operators. */
  @Column({ name: 'smtp_response', type: 'text', nullable: true })
  smtpResponse!: string | null;

  @Column({ type: 'integer', default: 0 })
  attempts!: number;

  /** Our generated Message-ID (without brackets); replies referencing it match the thread. */
  @Column({ name: 'email_message_id', type: 'varchar', length: 998, nullable: true })
  emailMessageId!: string | null;

  @Column({ name: 'reply_token', type: 'varchar', length: 255, nullable: true })
  replyToken!: string | null;

  /** True for automatic mail (relay, notifications): carries Auto-Submitted. */
  @Column({ type: 'boolean', default: false })
  automatic!: boolean;

  /** What is needed to compose the email again on a retry (text, html, names, headers). */
  @Column({ type: 'jsonb', default: () => "'{}'::jsonb" })
  payload!: Record<string, unknown>;

  @Column({ name: 'job_id', type: 'varchar', length: 255, nullable: true })
  jobId!: string | null;

  @CreateDateColumn({ name: 'queued_at', type: 'timestamptz' })
  queuedAt!: Date;

  @Column({ name: 'sent_at', type: 'timestamptz', nullable: true })
  sentAt!: Date | null;

  /** When a queued email is next tried (after a temporary failure); null: at once. */
  @Column({ name: 'next_attempt_at', type: 'timestamptz', nullable: true })
  nextAttemptAt!: Date | null;

  @Column({ name: 'expires_at', type: 'timestamptz' })
  expiresAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
