import { Column, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import { TABLES } from '../../core/gateway.constants';

/**
 * How far a mailbox has been read: only UIDs above `lastUid` are fetched while UIDVALIDITY
 * stays the same (RFC 3501 2.3.1.1); a new UIDVALIDITY resets the cursor.
 * @publicApi
 */
@Entity(TABLES.imapCursors)
export class ImapCursor {
  /** `user@host:port/mailbox`, lower-cased host and user. */
  @PrimaryColumn({ name: 'mailbox_key', type: 'varchar', length: 600 })
  mailboxKey!: string;

  @Column({ name: 'uid_validity', type: 'bigint' })
  uidValidity!: string;

  @Column({ name: 'last_uid', type: 'bigint', default: 0 })
  lastUid!: string;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
