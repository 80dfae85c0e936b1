import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The durable echo guard reads the inbound rows themselves instead of a table of its own (two
 * statements less per inbound email):
 * - "born from an email": `created_message_id` of an inbound row (a partial index: most rows of a
 *   busy inbox are delivered, every one with an id, but lookups only ever ask for one id);
 * - "creation in flight": an inbound row in `processing` from the answer's recipient (the sender
 *   is written at accept time), on a partial index that only ever holds the emails being
 *   processed.
 * Message ids recorded in `messaging_gateway_created_messages` but not on their inbound row (an
 * email whose later step failed after the Messages API answered) are copied over before the table
 * is dropped, so nothing the old guard refused becomes sendable.
 */
export class EchoGuardOnInbound1765100000000 implements MigrationInterface {
  name = 'EchoGuardOnInbound1765100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE INDEX idx_mgw_inbound_created_message ON messaging_gateway_inbound_emails (created_message_id)
        WHERE created_message_id IS NOT NULL`,
    );
    await q.query(
      `CREATE INDEX idx_mgw_inbound_processing_sender ON messaging_gateway_inbound_emails (lower(sender_email))
        WHERE status = 'processing'`,
    );
    await q.query(
      `UPDATE messaging_gateway_inbound_emails AS i SET created_message_id = c.message_id
         FROM messaging_gateway_created_messages AS c
        WHERE c.inbound_email_id = i.id AND c.message_id IS NOT NULL AND i.created_message_id IS NULL`,
    );
    await q.query(`DROP TABLE messaging_gateway_created_messages`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE messaging_gateway_created_messages (
        inbound_email_id uuid PRIMARY KEY,
        thread_id varchar(255) NOT NULL,
        message_id varchar(255) UNIQUE,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(
      `CREATE INDEX idx_mgw_created_in_flight ON messaging_gateway_created_messages (thread_id) WHERE message_id IS NULL`,
    );
    await q.query(
      `INSERT INTO messaging_gateway_created_messages (inbound_email_id, thread_id, message_id)
       SELECT id, thread_id, created_message_id FROM messaging_gateway_inbound_emails
        WHERE created_message_id IS NOT NULL AND thread_id IS NOT NULL
       ON CONFLICT DO NOTHING`,
    );
    await q.query(`DROP INDEX idx_mgw_inbound_processing_sender`);
    await q.query(`DROP INDEX idx_mgw_inbound_created_message`);
  }
}
