import { Injectable } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { TABLES } from '../../core/gateway.constants';
import { InjectGatewayDataSource } from '../../core/host-prerequisites.providers';

/** How far one mailbox has been read (RFC 3501 2.3.1.1: UIDs only mean something with their UIDVALIDITY). */
export interface ImapCursorPosition {
  uidValidity: string;
  lastUid: number;
}

/**
 * The durable cursor in `messaging_gateway_imap_cursors`. It only ever moves after the
 * messages below it are committed and acknowledged, so after a crash the receiver fetches
 * again from the last saved UID and the inbox's unique dedupe key absorbs the repeats.
 */
@Injectable()
export class ImapCursorStore {
  constructor(@InjectGatewayDataSource() private readonly dataSource: DataSource) {}

  async load(mailboxKey: string): Promise<ImapCursorPosition | undefined> {
    const rows: { uid_validity: string; last_uid: string }[] = await this.dataSource.query(
      `SELECT uid_validity, last_uid FROM ${TABLES.imapCursors} WHERE mailbox_key = $1`,
      [mailboxKey],
    );
    return rows[0] && { uidValidity: String(rows[0].uid_validity), lastUid: Number(rows[0].last_uid) };
  }

  /**
   * Upserts the position. Within one UIDVALIDITY the cursor never moves backwards (GREATEST),
   * so a late write from an instance that just lost its lease cannot rewind it; a new
   * UIDVALIDITY replaces it whole.
   */
  async save(mailboxKey: string, position: ImapCursorPosition): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO ${TABLES.imapCursors} AS c (mailbox_key, uid_validity, last_uid, updated_at)
       VALUES ($1, $2, $3, now())
       ON CONFLICT (mailbox_key) DO UPDATE SET
         last_uid = CASE WHEN c.uid_validity = EXCLUDED.uid_validity
                         THEN GREATEST(c.last_uid, EXCLUDED.last_uid) ELSE EXCLUDED.last_uid END,
         uid_validity = EXCLUDED.uid_validity,
         updated_at = now()`,
      [mailboxKey, position.uidValidity, position.lastUid],
    );
  }
}
