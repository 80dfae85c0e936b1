import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * - Outbound retries on a schedule: `next_attempt_at` says when a queued email is next tried (the
 *   outbox row, not Redis, is the truth: the sweeper re-enqueues overdue rows whose job is gone).
 * - The durable echo guard: every message the gateway created from an email, so that a
 *   `message.created` for it is refused, whichever process emits it and however late; and the
 *   creations in flight (no message id yet), so that an answer in that thread waits for the id
 *   instead of racing the Messages API's answer.
 * - `email_thread_mappings` constraints: a reply token maps one thread (unique where present), and
 *   every mapping names its customer address and subject key (empty when there is none).
 */
export class NothingLost1764800000000 implements MigrationInterface {
  name = 'NothingLost1764800000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE messaging_gateway_outbound_emails ADD COLUMN next_attempt_at timestamptz`);
    await q.query(
      `CREATE INDEX idx_mgw_outbound_due ON messaging_gateway_outbound_emails (next_attempt_at) WHERE status = 'queued'`,
    );
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
    await q.query(`UPDATE email_thread_mappings SET sender_email = '' WHERE sender_email IS NULL`);
    await q.query(`UPDATE email_thread_mappings SET subject_normalized = '' WHERE subject_normalized IS NULL`);
    await q.query(`ALTER TABLE email_thread_mappings ALTER COLUMN sender_email SET NOT NULL`);
    await q.query(`ALTER TABLE email_thread_mappings ALTER COLUMN subject_normalized SET NOT NULL`);
    await q.query(`DROP INDEX idx_reply_token`);
    await q.query(
      `CREATE UNIQUE INDEX idx_reply_token ON email_thread_mappings (reply_to_token) WHERE reply_to_token IS NOT NULL`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX idx_reply_token`);
    await q.query(`CREATE INDEX idx_reply_token ON email_thread_mappings (reply_to_token)`);
    await q.query(`ALTER TABLE email_thread_mappings ALTER COLUMN subject_normalized DROP NOT NULL`);
    await q.query(`ALTER TABLE email_thread_mappings ALTER COLUMN sender_email DROP NOT NULL`);
    await q.query(`DROP TABLE messaging_gateway_created_messages`);
    await q.query(`DROP INDEX idx_mgw_outbound_due`);
    await q.query(`ALTER TABLE messaging_gateway_outbound_emails DROP COLUMN next_attempt_at`);
  }
}
