import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The sender check's record per inbound email: the DKIM/SPF/DMARC/ARC verdicts (`sender_auth`),
 * and when an operator released a sender hold by replaying it (`sender_released_at`).
 */
export class InboundSenderAuth1764950000000 implements MigrationInterface {
  name = 'InboundSenderAuth1764950000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `ALTER TABLE messaging_gateway_inbound_emails ADD COLUMN sender_auth jsonb, ADD COLUMN sender_released_at timestamptz`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(
      `ALTER TABLE messaging_gateway_inbound_emails DROP COLUMN sender_released_at, DROP COLUMN sender_auth`,
    );
  }
}
