import { Logger } from '@nestjs/common';
import type { Redis } from 'ioredis';

/**
 * One log line per Redis state change, whatever the number of connections and retries. ioredis
 * emits an `error` on every failed reconnect (about one every two seconds per connection) and
 * prints "[ioredis] Unhandled error event" with a stack when nobody listens; every connection the
 * gateway opens is watched here instead. A server is down from the first connection that fails
 * until every failing connection is ready again; the state is per server and per process, so
 * several connections (queues, workers, the shared one) make one line each way.
 */
interface ServerState {
  address: string;
  /** Connections that failed since they were last ready. */
  failing: Set<Redis>;
  downSince?: number;
}

const logger = new Logger('MessagingGateway:Redis');
const servers = new Map<string, ServerState>();
const stateOf = new WeakMap<Redis, ServerState>();

/** Error codes and messages of a lost or refused connection (not of a failed command). */
const CONNECTION_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ECONNABORTED',
]);
const CONNECTION_MESSAGE =
  /Connection is closed|Stream isn't writeable|max retries per request|ECONNREFUSED|ETIMEDOUT/i;

/** Attaches the listeners; returns the connection. */
export function watchRedisAvailability(connection: Redis): Redis {
  const { host, port, db } = connection.options;
  const address = `${host ?? '127.0.0.1'}:${port ?? 6379}${db ? `/${db}` : ''}`;
  let server = servers.get(address);
  if (!server) servers.set(address, (server = { address, failing: new Set() }));
  stateOf.set(connection, server);
  const state = server;
  connection.on('error', (error: Error) => markFailing(state, connection, error));
  // A connection closed under us reconnects without an error when the server shut down cleanly.
  connection.on('reconnecting', () => markFailing(state, connection));
  connection.on('ready', () => markReady(state, connection));
  // quit() or disconnect(): no longer counted, and no "back" line for a connection that left.
  connection.on('end', () => state.failing.delete(connection));
  return connection;
}

/**
 * True while this connection's last attempt failed: a caller that must answer (a webhook) fails
 * at once instead of queueing a command behind the reconnects.
 */
export function isRedisDown(connection: Redis): boolean {
  const state = stateOf.get(connection);
  return state ? state.failing.has(connection) : ['reconnecting', 'close', 'end'].includes(connection.status);
}

/** Whether an error means "Redis unreachable" (reported once by the watcher) rather than a failed command. */
export function isRedisConnectionError(error: unknown): boolean {
  const { code, message, name } = (error ?? {}) as { code?: string; message?: string; name?: string };
  return (
    (code !== undefined && CONNECTION_CODES.has(code)) ||
    name === 'MaxRetriesPerRequestError' ||
    CONNECTION_MESSAGE.test(message ?? '')
  );
}

/**
 * The `error` listener of a BullMQ queue or worker: connection errors are already reported once
 * by the watcher, so only other failures (a script error, a lost lock) are logged.
 */
export function warnUnlessRedisDown(log: Logger, what: string): (error: Error) => void {
  return (error) => {
    if (!isRedisConnectionError(error)) log.warn(`${what}: ${error.message}`);
  };
}

function markFailing(server: ServerState, connection: Redis, error?: Error): void {
  server.failing.add(connection);
  if (server.downSince !== undefined) return;
  server.downSince = Date.now();
  const reason = error ? ` (${(error as { code?: string }).code ?? error.message})` : '';
  logger.warn(`Redis at ${server.address} is unreachable${reason}; reconnecting in the background`);
}

function markReady(server: ServerState, connection: Redis): void {
  server.failing.delete(connection);
  if (server.downSince === undefined || server.failing.size > 0) return;
  const seconds = ((Date.now() - server.downSince) / 1000).toFixed(1);
  server.downSince = undefined;
  logger.log(`Redis at ${server.address} is reachable again after ${seconds} s`);
}
