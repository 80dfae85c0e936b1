const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The gateway's rows are keyed by UUIDs. An id from outside (an operator, a URL, a host call) that
 * is not one names no row: checking first turns it into a "not found" instead of a PostgreSQL cast
 * error.
 */
export const isRowId = (id: unknown): id is string => typeof id === 'string' && UUID.test(id);
