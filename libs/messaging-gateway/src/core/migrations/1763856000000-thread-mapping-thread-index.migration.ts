import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Outbound composes References from the thread's stored Message-IDs (oldest root + most recent),
 * so mappings are read by thread in time order on every answer.
 */
export class ThreadMappingThreadIndex1763856000000 implements MigrationInterface {
  name = 'ThreadMappingThreadIndex1763856000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX idx_mgw_thread_mappings_thread ON email_thread_mappings (thread_id, created_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX idx_mgw_thread_mappings_thread`);
  }
}
