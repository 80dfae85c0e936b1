import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { TABLES } from '../core/gateway.constants';

/**
 * Links email identities to host threads: each Message-ID we sent or received, and each reply
 * token we issued, points at one thread. The table, columns and index names are a fixed contract (INTEGRATION.md, "Tables").
 * @publicApi
 */
@Entity(TABLES.threadMappings)
@Index('idx_email_message_id', ['emailMessageId'])
@Index('idx_sender_subject', ['senderEmail', 'subjectNormalized'])
@Index('idx_reply_token', ['replyToToken'], { unique: true, where: 'reply_to_token IS NOT NULL' })
@Index('idx_mgw_thread_mappings_thread', ['threadId', 'createdAt'])
export class EmailThreadMapping {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'thread_id', type: 'varchar', length: 255 })
  threadId!: string;

  /** RFC 5322 Message-ID without angle brackets; null for an email that carried none. */
  @Column({ name: 'email_message_id', type: 'varchar', length: 998, nullable: true })
  emailMessageId!: string | null;

  /** Lower-cased address of the customer side of the thread. */
  @Column({ name: 'sender_email', type: 'varchar', length: 320 })
  senderEmail!: string;

  /** `subjectKey` of the subject; empty when the email had none. */
  @Column({ name: 'subject_normalized', type: 'varchar', length: 998 })
  subjectNormalized!: string;

  /** The reply token of an email we sent (unique); null on mappings of received emails. */
  @Column({ name: 'reply_to_token', type: 'varchar', length: 255, nullable: true })
  replyToToken!: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
