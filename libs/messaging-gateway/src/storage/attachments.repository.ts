import { Injectable } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { TABLES } from '../core/gateway.constants';
import { InjectGatewayDataSource } from '../core/host-prerequisites.providers';

const T = TABLES.attachments;

/** One row of `messaging_gateway_attachments`: what is known of a kept file besides its bytes. */
export interface AttachmentRow {
  id: string;
  inboundEmailId: string | null;
  threadId: string | null;
  name: string;
  type: string;
  size: number;
  sha256: string;
  storageKey: string;
  dataKeyId: string | null;
  inline: boolean;
  contentId: string | null;
  erasedAt: Date | null;
}

interface DbRow {
  id: string;
  inbound_email_id: string | null;
  thread_id: string | null;
  name: string;
  content_type: string;
  size: string;
  sha256: string;
  storage_key: string;
  data_key_id: string | null;
  inline: boolean;
  content_id: string | null;
  erased_at: Date | null;
}

const COLUMNS = `id, inbound_email_id, thread_id, name, content_type, size, sha256, storage_key, data_key_id, inline,
                 content_id, erased_at`;

function fromDb(row: DbRow): AttachmentRow {
  return {
    id: row.id,
    inboundEmailId: row.inbound_email_id,
    threadId: row.thread_id,
    name: row.name,
    type: row.content_type,
    size: Number(row.size),
    sha256: row.sha256,
    storageKey: row.storage_key,
    dataKeyId: row.data_key_id,
    inline: row.inline,
    contentId: row.content_id,
    erasedAt: row.erased_at,
  };
}

/** The one writer of `messaging_gateway_attachments`. */
@Injectable()
export class AttachmentsRepository {
  /** @internal Nest injects it. */
  constructor(@InjectGatewayDataSource() private readonly dataSource: DataSource) {}

  /**
   * Records kept files in one statement, after their bytes are in the store. A retried email
   * writes the same ids again: the rows already there stay as they are.
   */
  async insert(rows: Omit<AttachmentRow, 'erasedAt'>[]): Promise<void> {
    if (rows.length === 0) return;
    const values: unknown[] = [];
    const tuples = rows.map((row, index) => {
      values.push(
        row.id,
        row.inboundEmailId,
        row.threadId,
        row.name,
        row.type,
        row.size,
        row.sha256,
        row.storageKey,
        row.dataKeyId,
        row.inline,
        row.contentId,
      );
      const at = index * 11;
      return `(${Array.from({ length: 11 }, (_, column) => `$${at + column + 1}`).join(', ')})`;
    });
    await this.dataSource.query(
      `INSERT INTO ${T} (id, inbound_email_id, thread_id, name, content_type, size, sha256, storage_key, data_key_id,
                         inline, content_id)
       VALUES ${tuples.join(', ')} ON CONFLICT (id) DO NOTHING`,
      values,
    );
  }

  async find(id: string): Promise<AttachmentRow | null> {
    if (!/^[0-9a-f-]{36}$/i.test(id)) return null;
    const rows: DbRow[] = await this.dataSource.query(`SELECT ${COLUMNS} FROM ${T} WHERE id = $1`, [id]);
    return rows[0] ? fromDb(rows[0]) : null;
  }

  /** Every live file of a thread: sent in its answers, or received in its emails. */
  async liveOfThread(threadId: string): Promise<AttachmentRow[]> {
    const rows: DbRow[] = await this.dataSource.query(
      `SELECT ${COLUMNS} FROM ${T}
        WHERE erased_at IS NULL AND (thread_id = $1 OR inbound_email_id IN
              (SELECT id FROM ${TABLES.inboundEmails} WHERE thread_id = $1))`,
      [threadId],
    );
    return rows.map(fromDb);
  }

  /** Marks files erased: the rows stay (ids, sizes, dates), their bytes are no longer reachable. */
  async markErased(ids: string[]): Promise<void> {
    if (ids.length === 0) return;
    await this.dataSource.query(`UPDATE ${T} SET erased_at = now() WHERE id = ANY($1::uuid[])`, [ids]);
  }

  /** Whether a live row outside `exceptIds` still needs the bytes under this key (content-addressed sharing). */
  async keyStillUsed(storageKey: string, exceptIds: string[]): Promise<boolean> {
    const rows = await this.dataSource.query(
      `SELECT 1 FROM ${T} WHERE storage_key = $1 AND erased_at IS NULL AND NOT (id = ANY($2::uuid[])) LIMIT 1`,
      [storageKey, exceptIds],
    );
    return rows.length > 0;
  }
}
