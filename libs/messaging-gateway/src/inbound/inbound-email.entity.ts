import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { TABLES } from '../core/gateway.constants';
import type { SenderAuth } from '../threading/sender-auth.types';

/** Lifecycle of an inbound email; one owner (the inbound status service) changes it. @publicApi */
export type InboundEmailStatus = 'pending' | 'processing' | 'delivered' | 'ignored' | 'rejected' | 'failed';

/** Where an email entered the gateway. @publicApi */
export type InboundSource = 'webhook' | 'imap' | 'api';

/**
 * One row per email that reached the gateway, written before anything acknowledges it.
 * The raw MIME is kept until the retention purge; everything else stays for audit.
 * @publicApi
 */
@Entity(TABLES.inboundEmails)
@Index('idx_mgw_inbound_status_updated', ['status', 'updatedAt'])
@Index('idx_mgw_inbound_message_id', ['messageId'])
export class InboundEmail {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  /** Provider event id when there is one, else `sha256(Message-ID)` + SHA-256 of the raw bytes. */
  @Column({ name: 'dedupe_key', type: 'varchar', length: 200, unique: true })
  dedupeKey!: string;

  @Column({ type: 'varchar', length: 16 })
  source!: InboundSource;

  /** generic, sendgrid, mailgun, postmark, resend, ses, mandrill, imap. */
  @Column({ type: 'varchar', length: 32 })
  provider!: string;

  @Column({ name: 'provider_event_id', type: 'varchar', length: 255, nullable: true })
  providerEventId!: string | null;

  @Column({ name: 'message_id', type: 'varchar', length: 998, nullable: true })
  messageId!: string | null;

  @Column({ type: 'varchar', length: 16, default: 'pending' })
  status!: InboundEmailStatus;

  /** Why the email is not delivered (stable code), or null. */
  @Column({ name: 'reason_code', type: 'varchar', length: 64, nullable: true })
  reasonCode!: string | null;

  /** Operator-facing detail of the reason; never contains bodies. */
  @Column({ name: 'reason_detail', type: 'text', nullable: true })
  reasonDetail!: string | null;

  /** Message kind after classification: message, auto_reply, bounce, delivery_success, feedback_report. */
  @Column({ type: 'varchar', length: 32, nullable: true })
  kind!: string | null;

  @Column({ type: 'integer', default: 0 })
  attempts!: number;

  /** The raw RFC 5322 bytes; null once purged. */
  @Column({ name: 'raw_mime', type: 'bytea', nullable: true, select: false })
  rawMime!: Buffer | null;

  @Column({ name: 'raw_size', type: 'integer' })
  rawSize!: number;

  @Column({ name: 'raw_sha256', type: 'char', length: 64 })
  rawSha256!: string;

  /** Envelope and provider metadata: recipients, mail from, authentication results, IMAP uid … */
  @Column({ type: 'jsonb', default: () => "'{}'::jsonb" })
  envelope!: Record<string, unknown>;

  @Column({ name: 'sender_email', type: 'varchar', length: 320, nullable: true })
  senderEmail!: string | null;

  @Column({ type: 'varchar', length: 998, nullable: true })
  subject!: string | null;

  @Column({ name: 'thread_id', type: 'varchar', length: 255, nullable: true })
  threadId!: string | null;

  /** Id of the message created in the Messages API. */
  @Column({ name: 'created_message_id', type: 'varchar', length: 255, nullable: true })
  createdMessageId!: string | null;

  /** token, gateway_message_id, message_id, subject, new_thread. */
  @Column({ name: 'match_strategy', type: 'varchar', length: 32, nullable: true })
  matchStrategy!: string | null;

  /** DKIM, SPF, DMARC and ARC verdicts of the sender (`SenderAuth`); null when not checked. */
  @Column({ name: 'sender_auth', type: 'jsonb', nullable: true })
  senderAuth!: SenderAuth | null;

  /** When an operator released the email's sender hold by replaying it. */
  @Column({ name: 'sender_released_at', type: 'timestamptz', nullable: true })
  senderReleasedAt!: Date | null;

  @CreateDateColumn({ name: 'received_at', type: 'timestamptz' })
  receivedAt!: Date;

  @Column({ name: 'processed_at', type: 'timestamptz', nullable: true })
  processedAt!: Date | null;

  @Column({ name: 'raw_purged_at', type: 'timestamptz', nullable: true })
  rawPurgedAt!: Date | null;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
