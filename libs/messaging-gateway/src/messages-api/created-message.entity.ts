import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';
import { TABLES } from '../core/gateway.constants';

/**
 * A message the gateway created in the host from an email. The outbound path refuses to email
 * these back (a host may emit `message.created` for every message, from any process, at any
 * time): the durable echo guard. The row is written before the Messages API is called, without
 * `messageId`: while it is in flight, answers in its thread wait (a host may emit the event
 * before the API has answered us).
 */
@Entity(TABLES.createdMessages)
export class CreatedMessage {
  @PrimaryColumn({ name: 'inbound_email_id', type: 'uuid' })
  inboundEmailId!: string;

  @Column({ name: 'thread_id', type: 'varchar', length: 255 })
  threadId!: string;

  /** The host's message id, as the Messages API answered it; null while the call is in flight. */
  @Column({ name: 'message_id', type: 'varchar', length: 255, nullable: true, unique: true })
  messageId!: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
