import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { InjectGatewayDataSource } from '../host-prerequisites.providers';
import { InjectGatewayOptions } from '../options/gateway-options.providers';
import type { GatewaySettings } from '../options/gateway-options.schema';

/** What `pg`'s Pool answers a query with (the fields read here). */
interface PgResult {
  command: string;
  rows: unknown[];
  rowCount: number | null;
}

interface PgClient {
  query(config: { name: string; text: string; values: unknown[] }): Promise<PgResult>;
  release(error?: Error): void;
  /** `pg`'s record of the statements this connection parsed (internal: checked before use). */
  connection?: { parsedStatements?: Record<string, string> };
}

interface PgPool {
  connect(): Promise<PgClient>;
}

/** SQLSTATE 26000: the server has no prepared statement of that name. */
const NO_SUCH_STATEMENT = '26000';

/**
 * The gateway's per-email statements (accept, claim, final write, outbox), run as named prepared
 * statements on the DataSource's `pg` pool: PostgreSQL parses and plans each once per connection,
 * where an unnamed statement is parsed and planned on every call. Measured on the bench, parse and
 * plan were about half of PostgreSQL's time for the outbound statements. The name is a hash of the
 * text, so one text is one statement on every connection, and a changed text a new one; callers
 * pass a fixed few texts (never one built from data), as each is remembered. A statement the server
 * lost (DEALLOCATE, DISCARD ALL, a pooler) is prepared again, once, before its error surfaces.
 *
 * Answers like TypeORM's `DataSource.query()`: the rows, or `[rows, rowCount]` for UPDATE and
 * DELETE. With `database.preparedStatements` false (PgBouncer in transaction pooling), or on a
 * DataSource that is not `pg`'s, it is `DataSource.query()` itself.
 */
@Injectable()
export class PreparedStatements {
  private readonly names = new Map<string, string>();

  constructor(
    @InjectGatewayDataSource() private readonly dataSource: DataSource,
    @InjectGatewayOptions('database') private readonly database: GatewaySettings<'database'>,
  ) {}

  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the same loose type as DataSource.query
  async query<T = any>(sql: string, params: unknown[]): Promise<T> {
    const pool = this.database.preparedStatements ? this.pool() : undefined;
    if (!pool) return this.dataSource.query(sql, params) as Promise<T>;
    const statement = { name: this.nameOf(sql), text: sql, values: params };
    const client = await pool.connect();
    let failure: Error | undefined;
    try {
      try {
        return asTypeormAnswer<T>(await client.query(statement));
      } catch (error) {
        // Raised at Bind, before anything ran: the server lost the statement (DEALLOCATE, DISCARD
        // ALL, a pooler that moved the session) while pg still counts it parsed. Parse it again, once.
        if ((error as { code?: string }).code !== NO_SUCH_STATEMENT || !forgetParsed(client, statement.name)) {
          throw error;
        }
        return asTypeormAnswer<T>(await client.query(statement));
      }
    } catch (error) {
      failure = error as Error;
      throw error;
    } finally {
      // Like pg's own Pool.query: a connection whose query failed is not reused.
      client.release(failure);
    }
  }

  /** `pg`'s Pool behind the DataSource (TypeORM's PostgresDriver keeps it as `master`). */
  private pool(): PgPool | undefined {
    const master = (this.dataSource.driver as { master?: Partial<PgPool> }).master;
    return typeof master?.connect === 'function' ? (master as PgPool) : undefined;
  }

  private nameOf(sql: string): string {
    let name = this.names.get(sql);
    if (!name) {
      name = `mgw_${createHash('sha256').update(sql).digest('hex').slice(0, 24)}`;
      this.names.set(sql, name);
    }
    return name;
  }
}

/** `DataSource.query()`'s answer: the rows, or `[rows, rowCount]` for UPDATE and DELETE. */
function asTypeormAnswer<T>(result: PgResult): T {
  return (
    result.command === 'UPDATE' || result.command === 'DELETE' ? [result.rows, result.rowCount ?? 0] : result.rows
  ) as T;
}

/** Makes pg parse `name` again on this connection; false when pg's internals are not as known. */
function forgetParsed(client: PgClient, name: string): boolean {
  const parsed = client.connection?.parsedStatements;
  if (!parsed || !(name in parsed)) return false;
  delete parsed[name];
  return true;
}
