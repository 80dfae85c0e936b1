import { Injectable } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { TABLES } from '../core/gateway.constants';
import { InjectGatewayDataSource } from '../core/host-prerequisites.providers';

const T = TABLES.createdMessages;

/**
 * How long a creation counts as in flight without an answer: longer than the Messages API
 * client's whole budget (timeouts and retries), short enough that an inbound job that died
 * mid-call does not hold its thread's answers for long.
 */
export const CREATION_IN_FLIGHT_SECONDS = 60;

/**
 * The one writer of `messaging_gateway_created_messages` (the outbound path only reads it): the
 * messages the gateway created from emails, so none is ever emailed back.
 */
@Injectable()
export class CreatedMessagesRepository {
  /** @internal Nest injects it. */
  constructor(@InjectGatewayDataSource() private readonly dataSource: DataSource) {}

  /**
   * Before the Messages API call: a message from this email is about to exist in `threadId`.
   * A host may emit `message.created` for it before the API has answered us; an answer in the
   * thread waits until `record` (or `CREATION_IN_FLIGHT_SECONDS`). A retry restarts the window;
   * an email whose message is already recorded is left alone.
   */
  async begin(inboundEmailId: string, threadId: string): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO ${T} AS c (inbound_email_id, thread_id) VALUES ($1, $2)
       ON CONFLICT (inbound_email_id) DO UPDATE SET thread_id = EXCLUDED.thread_id, created_at = now()
        WHERE c.message_id IS NULL`,
      [inboundEmailId, threadId],
    );
  }

  /**
   * The Messages API answered: its message id is email-born for good. The first id recorded for
   * an email stays (the API's Idempotency-Key gives a retry the same message anyway).
   */
  async record(inboundEmailId: string, messageId: string, threadId: string): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO ${T} AS c (inbound_email_id, thread_id, message_id) VALUES ($1, $3, $2)
       ON CONFLICT (inbound_email_id) DO UPDATE SET message_id = COALESCE(c.message_id, EXCLUDED.message_id)`,
      [inboundEmailId, messageId, threadId],
    );
  }
}
