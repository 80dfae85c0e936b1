import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The gateway's tables. `email_thread_mappings` keeps its fixed columns and index names
 * exactly; the others are the gateway's own and prefixed `messaging_gateway_`.
 * gen_random_uuid() is built into PostgreSQL 13+.
 */
export class MessagingGatewaySchema1763769600000 implements MigrationInterface {
  name = 'MessagingGatewaySchema1763769600000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE email_thread_mappings (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        thread_id varchar(255) NOT NULL,
        email_message_id varchar(998),
        sender_email varchar(320),
        subject_normalized varchar(998),
        reply_to_token varchar(255),
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX idx_email_message_id ON email_thread_mappings (email_message_id)`);
    await q.query(`CREATE INDEX idx_sender_subject ON email_thread_mappings (sender_email, subject_normalized)`);
    await q.query(`CREATE INDEX idx_reply_token ON email_thread_mappings (reply_to_token)`);

    await q.query(`
      CREATE TABLE messaging_gateway_inbound_emails (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        dedupe_key varchar(200) NOT NULL,
        source varchar(16) NOT NULL,
        provider varchar(32) NOT NULL,
        provider_event_id varchar(255),
        message_id varchar(998),
        status varchar(16) NOT NULL DEFAULT 'pending',
        reason_code varchar(64),
        reason_detail text,
        kind varchar(32),
        attempts integer NOT NULL DEFAULT 0,
        raw_mime bytea,
        raw_size integer NOT NULL,
        raw_sha256 char(64) NOT NULL,
        envelope jsonb NOT NULL DEFAULT '{}'::jsonb,
        sender_email varchar(320),
        subject varchar(998),
        thread_id varchar(255),
        created_message_id varchar(255),
        match_strategy varchar(32),
        received_at timestamptz NOT NULL DEFAULT now(),
        processed_at timestamptz,
        raw_purged_at timestamptz,
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT uq_mgw_inbound_dedupe_key UNIQUE (dedupe_key),
        CONSTRAINT chk_mgw_inbound_status
          CHECK (status IN ('pending', 'processing', 'delivered', 'ignored', 'rejected', 'failed'))
      )`);
    await q.query(
      `CREATE INDEX idx_mgw_inbound_status_updated ON messaging_gateway_inbound_emails (status, updated_at)`,
    );
    await q.query(`CREATE INDEX idx_mgw_inbound_message_id ON messaging_gateway_inbound_emails (message_id)`);

    await q.query(`
      CREATE TABLE messaging_gateway_outbound_emails (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        dedupe_key varchar(600) NOT NULL,
        thread_id varchar(255) NOT NULL,
        host_message_id varchar(255),
        recipient varchar(320) NOT NULL,
        subject varchar(998) NOT NULL,
        status varchar(16) NOT NULL DEFAULT 'queued',
        reason_code varchar(64),
        smtp_response text,
        attempts integer NOT NULL DEFAULT 0,
        email_message_id varchar(998),
        reply_token varchar(255),
        automatic boolean NOT NULL DEFAULT false,
        payload jsonb NOT NULL DEFAULT '{}'::jsonb,
        job_id varchar(255),
        queued_at timestamptz NOT NULL DEFAULT now(),
        sent_at timestamptz,
        expires_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT uq_mgw_outbound_dedupe_key UNIQUE (dedupe_key),
        CONSTRAINT chk_mgw_outbound_status
          CHECK (status IN ('queued', 'sending', 'sent', 'failed', 'bounced', 'suppressed'))
      )`);
    await q.query(
      `CREATE INDEX idx_mgw_outbound_status_updated ON messaging_gateway_outbound_emails (status, updated_at)`,
    );
    await q.query(
      `CREATE INDEX idx_mgw_outbound_email_message_id ON messaging_gateway_outbound_emails (email_message_id)`,
    );
    await q.query(`CREATE INDEX idx_mgw_outbound_thread ON messaging_gateway_outbound_emails (thread_id)`);

    await q.query(`
      CREATE TABLE messaging_gateway_imap_cursors (
        mailbox_key varchar(600) PRIMARY KEY,
        uid_validity bigint NOT NULL,
        last_uid bigint NOT NULL DEFAULT 0,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);

    await q.query(`
      CREATE TABLE messaging_gateway_suppressions (
        email varchar(320) PRIMARY KEY,
        reason varchar(32) NOT NULL,
        suppressed boolean NOT NULL DEFAULT true,
        soft_bounce_count integer NOT NULL DEFAULT 0,
        detail text,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE messaging_gateway_suppressions`);
    await q.query(`DROP TABLE messaging_gateway_imap_cursors`);
    await q.query(`DROP TABLE messaging_gateway_outbound_emails`);
    await q.query(`DROP TABLE messaging_gateway_inbound_emails`);
    await q.query(`DROP TABLE email_thread_mappings`);
  }
}
