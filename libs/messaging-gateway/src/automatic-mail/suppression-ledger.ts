import type { EntityManager } from 'typeorm';
import { TABLES } from '../core/gateway.constants';

/** State of an address on the suppression list after a write. */
export interface SuppressionState {
  suppressed: boolean;
  softBounceCount: number;
}

const T = TABLES.suppressions;

/*
 * Each write is one atomic upsert, so concurrent bounces for one address never lose a count.
 * `detail` carries the inbound email id: a retried job (same inbound email) matches the stored
 * detail and changes nothing, so a bounce is never counted twice.
 */
const SOFT_BOUNCE_SQL = `
  INSERT INTO ${T} AS s (email, reason, suppressed, soft_bounce_count, detail)
  VALUES ($1, 'soft_bounce', $2 <= 1, 1, $3)
  ON CONFLICT (email) DO UPDATE SET
    soft_bounce_count = s.soft_bounce_count + 1,
    suppressed = s.suppressed OR s.soft_bounce_count + 1 >= $2,
    detail = EXCLUDED.detail,
    updated_at = now()
  WHERE s.detail IS DISTINCT FROM EXCLUDED.detail
  RETURNING suppressed, soft_bounce_count`;

/** A manual suppression or a complaint keeps its reason; anything else becomes `reason`. */
const SUPPRESS_SQL = `
  INSERT INTO ${T} AS s (email, reason, suppressed, soft_bounce_count, detail)
  VALUES ($1, $2, true, 0, $3)
  ON CONFLICT (email) DO UPDATE SET
    reason = CASE WHEN s.suppressed AND s.reason IN ('manual', 'complaint') THEN s.reason ELSE EXCLUDED.reason END,
    suppressed = true,
    detail = EXCLUDED.detail,
    updated_at = now()
  RETURNING suppressed, soft_bounce_count`;

type Row = { suppressed: boolean; soft_bounce_count: number };

async function current(manager: EntityManager, email: string): Promise<SuppressionState> {
  const rows: Row[] = await manager.query(`SELECT suppressed, soft_bounce_count FROM ${T} WHERE email = $1`, [email]);
  return { suppressed: rows[0]?.suppressed ?? false, softBounceCount: rows[0]?.soft_bounce_count ?? 0 };
}

/** Counts one soft bounce; suppresses once the count reaches `threshold`. */
export async function recordSoftBounce(
  manager: EntityManager,
  email: string,
  threshold: number,
  detail: string,
): Promise<SuppressionState> {
  const rows: Row[] = await manager.query(SOFT_BOUNCE_SQL, [email, threshold, detail]);
  if (rows.length === 0) return current(manager, email);
  return { suppressed: rows[0].suppressed, softBounceCount: rows[0].soft_bounce_count };
}

/** Suppresses at once (`hard_bounce` or `complaint`). */
export async function suppress(
  manager: EntityManager,
  email: string,
  reason: 'hard_bounce' | 'complaint',
  detail: string,
): Promise<SuppressionState> {
  const rows: Row[] = await manager.query(SUPPRESS_SQL, [email, reason, detail]);
  return { suppressed: rows[0].suppressed, softBounceCount: rows[0].soft_bounce_count };
}
