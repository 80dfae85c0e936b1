import { Injectable } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { TABLES } from '../core/gateway.constants';
import { InjectGatewayDataSource } from '../core/host-prerequisites.providers';

/** The one writer of `messaging_gateway_created_messages` (the outbound path only reads it). */
@Injectable()
export class CreatedMessagesRepository {
  /** @internal Nest injects it. */
  constructor(@InjectGatewayDataSource() private readonly dataSource: DataSource) {}

  /** Records a message created from an email, as soon as the Messages API answers; a repeat is a no-op. */
  async record(messageId: string, inboundEmailId: string, threadId: string): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO ${TABLES.createdMessages} (message_id, inbound_email_id, thread_id) VALUES ($1, $2, $3)
       ON CONFLICT (message_id) DO NOTHING`,
      [messageId, inboundEmailId, threadId],
    );
  }
}
