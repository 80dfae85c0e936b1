import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';
import { TABLES } from '../core/gateway.constants';

/**
 * A message the gateway created in the host from an email. The outbound path refuses to email
 * these back (a host may emit `message.created` for every message, from any process, at any
 * time): the durable echo guard.
 */
@Entity(TABLES.createdMessages)
export class CreatedMessage {
  /** The host's message id, as the Messages API answered it. */
  @PrimaryColumn({ name: 'message_id', type: 'varchar', length: 255 })
  messageId!: string;

  @Column({ name: 'inbound_email_id', type: 'uuid' })
  inboundEmailId!: string;

  @Column({ name: 'thread_id', type: 'varchar', length: 255 })
  threadId!: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
