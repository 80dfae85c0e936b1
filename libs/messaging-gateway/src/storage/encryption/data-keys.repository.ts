import { Injectable } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { TABLES } from '../../core/gateway.constants';
import { InjectGatewayDataSource } from '../../core/host-prerequisites.providers';
import type { UnsavedDataKey } from './at-rest.cipher';

const T = TABLES.dataKeys;

/** A data key as stored: wrapped by the key `kid`; `wrapped` is null once destroyed. */
export interface StoredDataKey {
  id: string;
  kid: string;
  wrapped: Buffer | null;
}

/** The one writer of `messaging_gateway_data_keys`. */
@Injectable()
export class DataKeysRepository {
  /** @internal Nest injects it. */
  constructor(@InjectGatewayDataSource() private readonly dataSource: DataSource) {}

  async insert(key: StoredDataKey & { threadId: string | null }): Promise<void> {
    await this.dataSource.query(`INSERT INTO ${T} (id, thread_id, kid, wrapped_key) VALUES ($1, $2, $3, $4)`, [
      key.id,
      key.threadId,
      key.kid,
      key.wrapped,
    ]);
  }

  /**
   * A CTE (named `stored_keys`) for a statement that inserts rows sealed under unsaved keys
   * (`AtRestCipher.sealUnderUnsavedKey`): it stores the keys of the rows the `source` CTE returns
   * (by their `data_key_id`), so a row the statement did not insert (a duplicate) leaves no key
   * behind. The keys are three array parameters from `$offset+1`: `keysOfInsertedRowsValues`.
   */
  keysOfInsertedRowsCte(source: string, offset: number): string {
    return `stored_keys AS (
        INSERT INTO ${T} (id, kid, wrapped_key)
        SELECT k.id, k.kid, k.wrapped
          FROM unnest($${offset + 1}::uuid[], $${offset + 2}::varchar[], $${offset + 3}::bytea[]) AS k(id, kid, wrapped)
          JOIN ${source} ON ${source}.data_key_id = k.id)`;
  }

  keysOfInsertedRowsValues(keys: UnsavedDataKey[]): unknown[] {
    return [keys.map((key) => key.id), keys.map((key) => key.kid), keys.map((key) => key.wrapped)];
  }

  async find(id: string): Promise<StoredDataKey | null> {
    const rows: { id: string; kid: string; wrapped_key: Buffer | null }[] = await this.dataSource.query(
      `SELECT id, kid, wrapped_key FROM ${T} WHERE id = $1`,
      [id],
    );
    return rows[0] ? { id: rows[0].id, kid: rows[0].kid, wrapped: rows[0].wrapped_key } : null;
  }

  /** One live key per wrapping key id: what the boot check unwraps to prove each kid is right. */
  async oneLivePerKid(): Promise<StoredDataKey[]> {
    const rows: { id: string; kid: string; wrapped_key: Buffer }[] = await this.dataSource.query(
      `SELECT DISTINCT ON (kid) id, kid, wrapped_key FROM ${T} WHERE wrapped_key IS NOT NULL ORDER BY kid, created_at DESC`,
    );
    return rows.map((row) => ({ id: row.id, kid: row.kid, wrapped: row.wrapped_key }));
  }

  /** Forgets keys for good: the wrapped bytes are overwritten with null, the row stays for audit. */
  async destroy(ids: string[], threadId: string): Promise<void> {
    if (ids.length === 0) return;
    await this.dataSource.query(
      `UPDATE ${T} SET wrapped_key = NULL, destroyed_at = now(), thread_id = coalesce(thread_id, $2)
        WHERE id = ANY($1::uuid[]) AND wrapped_key IS NOT NULL`,
      [ids, threadId],
    );
  }
}
