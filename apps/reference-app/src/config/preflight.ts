import IORedis from 'ioredis';
import { ensureDatabase } from '../../../../migrations/ensure-database';

/** A dependency that is down at start, reported in one line with how to start it. */
export class DependencyUnavailableError extends Error {}

const POSTGRES_HINT =
  'start it with: pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start, or point DATABASE_URL at a running server';
const REDIS_HINT =
  'start it with: redis-server --daemonize yes --bind 127.0.0.1 --port 6379, or point REDIS_URL at a running server';

/**
 * Checks PostgreSQL (creating the database when absent) and Redis before Nest starts, so that
 * a missing dependency is one clear line instead of a stack trace and endless reconnects.
 */
export async function preflight(databaseUrl: string, redisUrl: string): Promise<void> {
  try {
    await ensureDatabase(databaseUrl);
  } catch (error) {
    throw new DependencyUnavailableError(
      `PostgreSQL is not reachable at ${hostOf(databaseUrl)} (${describe(error)}); ${POSTGRES_HINT}.`,
    );
  }
  const redis = new IORedis(redisUrl, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
  redis.on('error', () => undefined); // reported below, once
  try {
    await redis.connect();
    await redis.ping();
  } catch (error) {
    throw new DependencyUnavailableError(
      `Redis is not reachable at ${hostOf(redisUrl)} (${describe(error)}); ${REDIS_HINT}.`,
    );
  } finally {
    redis.disconnect();
  }
}

function hostOf(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.hostname}:${parsed.port}`;
  } catch {
    return 'an invalid URL';
  }
}

function describe(error: unknown): string {
  const { code, message } = error as { code?: string; message?: string };
  return code ?? message ?? String(error);
}
