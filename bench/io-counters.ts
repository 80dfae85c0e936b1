import { Client } from 'pg';
import Redis from 'ioredis';

/** Statements sent to PostgreSQL and commands sent to Redis by this process so far. */
export interface IoCount {
  pg: number;
  redis: number;
}

const count: IoCount = { pg: 0, redis: 0 };
let installed = false;

/**
 * Counts, process-wide, every `pg` query (one statement, one round trip: pg pipelines a
 * parameterised query's Parse/Bind/Execute/Sync in one write; BEGIN and COMMIT count too) and every
 * Redis command (`ioredis` routes each command through `sendCommand`, pipelined ones included; a
 * BullMQ Lua script is one EVALSHA). The bench divides the difference over a measured window by
 * the emails in it.
 */
export function ioCounters(): { snapshot(): IoCount } {
  if (!installed) {
    installed = true;
    const query = Client.prototype.query;
    Client.prototype.query = function countedQuery(this: Client, ...args: unknown[]) {
      count.pg++;
      return (query as (...a: unknown[]) => unknown).apply(this, args);
    } as typeof Client.prototype.query;
    const sendCommand = Redis.prototype.sendCommand;
    Redis.prototype.sendCommand = function countedCommand(this: Redis, ...args: unknown[]) {
      count.redis++;
      return (sendCommand as (...a: unknown[]) => unknown).apply(this, args);
    } as typeof Redis.prototype.sendCommand;
  }
  return { snapshot: () => ({ ...count }) };
}

/** Per-email cost between two snapshots, to one decimal. */
export function perEmail(before: IoCount, after: IoCount, emails: number): { pgPerEmail: number; redisPerEmail: number } {
  return {
    pgPerEmail: Math.round(((after.pg - before.pg) / emails) * 10) / 10,
    redisPerEmail: Math.round(((after.redis - before.redis) / emails) * 10) / 10,
  };
}
