import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { AppError, AppErrorCode } from '../common/app-error';

/** What a create call answers; stored so that a repeat answers the same. */
export interface StoredResponse {
  status: number;
  body: unknown;
}

export interface IdempotentResult<T> extends StoredResponse {
  /** True when this call did the work; false when it replayed the first call's answer. */
  created: boolean;
  /** The work's own result (only when `created`). */
  value?: T;
}

/**
 * Runs a create at most once per (scope, Idempotency-Key), as Stripe's API does.
 *
 * The key row is inserted first, in the same transaction as the work. A concurrent request with
 * the same key blocks on the primary key until the first commits, then finds the row and replays
 * its answer; if the first rolls back, the second does the work. So a retried or doubled request
 * never creates a second row, with no lock table and no polling.
 */
@Injectable()
export class IdempotencyService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async run<T>(
    scope: string,
    key: string | undefined,
    request: unknown,
    work: (manager: EntityManager) => Promise<{ response: StoredResponse; value: T }>,
  ): Promise<IdempotentResult<T>> {
    if (key === undefined) {
      const { response, value } = await this.dataSource.transaction((manager) => work(manager));
      return { ...response, created: true, value };
    }
    const requestSha256 = createHash('sha256').update(JSON.stringify(request)).digest('hex');
    return this.dataSource.transaction(async (manager) => {
      const inserted: unknown[] = await manager.query(
        `INSERT INTO app_idempotency_keys (scope, key, request_sha256, response_status, response_body)
         VALUES ($1, $2, $3, 0, 'null'::jsonb) ON CONFLICT DO NOTHING RETURNING key`,
        [scope, key, requestSha256],
      );
      if (inserted.length === 0) return this.replay(manager, scope, key, requestSha256);
      const { response, value } = await work(manager);
      await manager.query(
        `UPDATE app_idempotency_keys SET response_status = $3, response_body = $4::jsonb WHERE scope = $1 AND key = $2`,
        [scope, key, response.status, JSON.stringify(response.body)],
      );
      return { ...response, created: true, value };
    });
  }

  private async replay<T>(
    manager: EntityManager,
    scope: string,
    key: string,
    requestSha256: string,
  ): Promise<IdempotentResult<T>> {
    const [row] = (await manager.query(
      `SELECT request_sha256, response_status, response_body FROM app_idempotency_keys WHERE scope = $1 AND key = $2`,
      [scope, key],
    )) as { request_sha256: string; response_status: number; response_body: unknown }[];
    if (row.request_sha256 !== requestSha256) {
      throw new AppError(
        AppErrorCode.IDEMPOTENCY_KEY_REUSED,
        'this Idempotency-Key was already used with a different request; use a new key for a new request',
      );
    }
    return { status: row.response_status, body: row.response_body, created: false };
  }
}
