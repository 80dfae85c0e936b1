import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Attachments kept apart from the raw MIME (issue 14):
 * - `messaging_gateway_attachments`: one row per attachment of an email or an answer; the bytes sit
 *   in the attachment store under `storage_key`. `erased_at` is set when its thread was forgotten
 *   (the row stays for audit, the bytes are gone); `skipped` rows never had bytes.
 * - `messaging_gateway_data_keys`: encryption at rest. Each email's data key, wrapped by a key from
 *   `EMAIL_ENCRYPTION_KEYS` (`kid` names which), bound to its thread once known; forgetting a
 *   thread sets `wrapped_key` to null, which makes everything encrypted under it unreadable.
 * - `data_key_id` on inbound emails: the key their raw MIME is encrypted under (null: plaintext).
 */
export class AttachmentStorage1765000000000 implements MigrationInterface {
  name = 'AttachmentStorage1765000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE messaging_gateway_data_keys (
        id uuid PRIMARY KEY,
        thread_id varchar(255),
        kid varchar(64) NOT NULL,
        wrapped_key bytea,
        created_at timestamptz NOT NULL DEFAULT now(),
        destroyed_at timestamptz
      )`);
    await q.query(`CREATE INDEX idx_mgw_data_keys_thread ON messaging_gateway_data_keys (thread_id)`);
    await q.query(`
      CREATE TABLE messaging_gateway_attachments (
        id uuid PRIMARY KEY,
        inbound_email_id uuid,
        thread_id varchar(255),
        name varchar(255) NOT NULL,
        content_type varchar(255) NOT NULL,
        size bigint NOT NULL,
        sha256 char(64) NOT NULL,
        storage_key varchar(255) NOT NULL,
        data_key_id uuid,
        inline boolean NOT NULL DEFAULT false,
        content_id varchar(255),
        created_at timestamptz NOT NULL DEFAULT now(),
        erased_at timestamptz
      )`);
    await q.query(`CREATE INDEX idx_mgw_attachments_inbound ON messaging_gateway_attachments (inbound_email_id)`);
    await q.query(`CREATE INDEX idx_mgw_attachments_thread ON messaging_gateway_attachments (thread_id)`);
    await q.query(`CREATE INDEX idx_mgw_attachments_storage_key ON messaging_gateway_attachments (storage_key)`);
    await q.query(`ALTER TABLE messaging_gateway_inbound_emails ADD COLUMN data_key_id uuid`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE messaging_gateway_inbound_emails DROP COLUMN data_key_id`);
    await q.query(`DROP TABLE messaging_gateway_attachments`);
    await q.query(`DROP TABLE messaging_gateway_data_keys`);
  }
}
