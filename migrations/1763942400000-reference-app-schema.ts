import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The reference app's own tables (its Messages API and web inbox), prefixed `app_` so that they
 * never collide with a host's or the gateway's. A real host has its own messaging tables and
 * skips this migration.
 */
export class ReferenceAppSchema1763942400000 implements MigrationInterface {
  name = 'ReferenceAppSchema1763942400000';

  async up(q: QueryRunner): Promise<void> {
    // Activity order is a sequence, not a timestamp: exact and cursor-safe even within a millisecond.
    await q.query(`CREATE SEQUENCE app_thread_activity_seq`);
    await q.query(`
      CREATE TABLE app_threads (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        seq bigserial NOT NULL,
        source_type varchar(32) NOT NULL,
        identity_email varchar(320),
        mailbox varchar(64) NOT NULL,
        priority varchar(32) NOT NULL,
        subject varchar(998) NOT NULL,
        metadata jsonb NOT NULL DEFAULT '{}'::jsonb,
        unread boolean NOT NULL DEFAULT false,
        message_count integer NOT NULL DEFAULT 0,
        activity_seq bigint NOT NULL DEFAULT nextval('app_thread_activity_seq'),
        last_message_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT uq_app_threads_seq UNIQUE (seq)
      )`);
    await q.query(`CREATE INDEX idx_app_threads_mailbox_seq ON app_threads (mailbox, seq DESC)`);
    await q.query(`CREATE INDEX idx_app_threads_priority_seq ON app_threads (priority, seq DESC)`);
    await q.query(`CREATE INDEX idx_app_threads_activity ON app_threads (activity_seq DESC)`);

    await q.query(`
      CREATE TABLE app_messages (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        seq bigserial NOT NULL,
        thread_id uuid NOT NULL REFERENCES app_threads (id) ON DELETE CASCADE,
        direction varchar(16) NOT NULL,
        text text NOT NULL,
        html text,
        author_email varchar(320),
        author_name varchar(255),
        sender_profile jsonb,
        metadata jsonb NOT NULL DEFAULT '{}'::jsonb,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT chk_app_messages_direction CHECK (direction IN ('inbound', 'outbound'))
      )`);
    await q.query(`CREATE INDEX idx_app_messages_thread_seq ON app_messages (thread_id, seq)`);

    await q.query(`
      CREATE TABLE app_participants (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        thread_id uuid NOT NULL REFERENCES app_threads (id) ON DELETE CASCADE,
        email varchar(320) NOT NULL,
        name varchar(255),
        role varchar(16) NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT uq_app_participants_thread_email UNIQUE (thread_id, email)
      )`);

    // One row per (scope, key): the unique index is what makes concurrent repeats safe.
    await q.query(`
      CREATE TABLE app_idempotency_keys (
        scope varchar(300) NOT NULL,
        key varchar(255) NOT NULL,
        request_sha256 char(64) NOT NULL,
        response_status integer NOT NULL,
        response_body jsonb NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_app_idempotency_keys PRIMARY KEY (scope, key)
      )`);

    await q.query(`
      CREATE TABLE app_admin_users (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        email varchar(320) NOT NULL,
        password_hash varchar(100) NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT uq_app_admin_users_email UNIQUE (email)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE app_admin_users`);
    await q.query(`DROP TABLE app_idempotency_keys`);
    await q.query(`DROP TABLE app_participants`);
    await q.query(`DROP TABLE app_messages`);
    await q.query(`DROP TABLE app_threads`);
    await q.query(`DROP SEQUENCE app_thread_activity_seq`);
  }
}
