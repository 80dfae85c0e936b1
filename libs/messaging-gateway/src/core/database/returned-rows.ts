/**
 * Rows of an `UPDATE … RETURNING` run through TypeORM's `query()`: the PostgreSQL driver answers
 * `[rows, rowCount]` for UPDATE and DELETE, and the rows alone for SELECT and INSERT.
 */
export function returnedRows<T>(result: unknown): T[] {
  if (Array.isArray(result) && result.length === 2 && Array.isArray(result[0]) && typeof result[1] === 'number') {
    return result[0] as T[];
  }
  return (result ?? []) as T[];
}
