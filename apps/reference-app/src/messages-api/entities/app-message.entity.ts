import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

export type MessageDirection = 'inbound' | 'outbound';

/** One message of a thread: a customer's email (inbound) or an agent's answer (outbound). */
@Entity('app_messages')
export class AppMessage {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  /** Insertion order inside the thread (bigint arrives as a string). */
  @Column({ type: 'bigint', insert: false, update: false })
  seq!: string;

  @Column({ name: 'thread_id', type: 'uuid' })
  threadId!: string;

  @Column({ type: 'varchar', length: 16 })
  direction!: MessageDirection;

  @Column({ type: 'text' })
  text!: string;

  @Column({ type: 'text', nullable: true })
  html!: string | null;

  @Column({ name: 'author_email', type: 'varchar', length: 320, nullable: true })
  authorEmail!: string | null;

  @Column({ name: 'author_name', type: 'varchar', length: 255, nullable: true })
  authorName!: string | null;

  @Column({ name: 'sender_profile', type: 'jsonb', nullable: true })
  senderProfile!: Record<string, unknown> | null;

  @Column({ type: 'jsonb', default: () => "'{}'::jsonb" })
  metadata!: Record<string, unknown>;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
