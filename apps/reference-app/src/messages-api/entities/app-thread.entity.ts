import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

/** A conversation in the reference app's messaging system (what the gateway maps emails to). */
@Entity('app_threads')
export class AppThread {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  /** Insertion order: the `GET threads` cursor (bigint arrives as a string). */
  @Column({ type: 'bigint', insert: false, update: false })
  seq!: string;

  @Column({ name: 'source_type', type: 'varchar', length: 32 })
  sourceType!: string;

  @Column({ name: 'identity_email', type: 'varchar', length: 320, nullable: true })
  identityEmail!: string | null;

  @Column({ type: 'varchar', length: 64 })
  mailbox!: string;

  @Column({ type: 'varchar', length: 32 })
  priority!: string;

  @Column({ type: 'varchar', length: 998 })
  subject!: string;

  @Column({ type: 'jsonb', default: () => "'{}'::jsonb" })
  metadata!: Record<string, unknown>;

  /** True after a customer's message until an agent opens the thread. */
  @Column({ type: 'boolean', default: false })
  unread!: boolean;

  @Column({ name: 'message_count', type: 'integer', default: 0 })
  messageCount!: number;

  /** Bumped from a sequence on every new message: the inbox's "latest activity first" order. */
  @Column({ name: 'activity_seq', type: 'bigint', insert: false })
  activitySeq!: string;

  @Column({ name: 'last_message_at', type: 'timestamptz', nullable: true })
  lastMessageAt!: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
