import { readdirSync, readFileSync } from 'node:fs';
import { Client } from 'pg';
import Redis from 'ioredis';

/**
 * Statements sent to PostgreSQL and commands sent to Redis by this process so far, and CPU time
 * spent (ms) by this process and by the whole machine (PostgreSQL, Redis and the stubs included):
 * on 2 cores, the second says whether a rate is bounded by the CPU or by waiting.
 */
export interface IoCount {
  pg: number;
  redis: number;
  cpuMs: number;
  machineCpuMs: number;
}

/** Busy CPU time of the whole machine from /proc/stat (all cores; 0 where there is no /proc). */
function machineCpuMs(): number {
  try {
    const fields = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
    // user nice system idle iowait irq softirq steal: busy is everything but idle and iowait.
    const busy = fields.slice(0, 8).reduce((sum, value, index) => (index === 3 || index === 4 ? sum : sum + value), 0);
    return (busy * 1000) / 100; // USER_HZ is 100 on Linux
  } catch {
    return 0;
  }
}

function processCpuMs(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}

const count = { pg: 0, redis: 0 };
let installed = false;
/** `BENCH_IO_DETAIL=1`: statements and commands by their first words, to see where the cost is. */
const detail = process.env.BENCH_IO_DETAIL === '1' ? new Map<string, number>() : null;

function note(key: string): void {
  if (detail) detail.set(key, (detail.get(key) ?? 0) + 1);
}

function statementKey(text: unknown): string {
  const sql = typeof text === 'string' ? text : ((text as { text?: string })?.text ?? '?');
  return `pg ${sql.replace(/\s+/g, ' ').trim().slice(0, 90)}`;
}

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
      note(statementKey(args[0]));
      return (query as (...a: unknown[]) => unknown).apply(this, args);
    } as typeof Client.prototype.query;
    const sendCommand = Redis.prototype.sendCommand;
    Redis.prototype.sendCommand = function countedCommand(this: Redis, ...args: unknown[]) {
      count.redis++;
      const command = args[0] as { name?: string; args?: unknown[] };
      note(
        `redis ${command?.name ?? '?'}${command?.name === 'evalsha' ? ` ${String(command.args?.[0]).slice(0, 8)}` : ''}`,
      );
      return (sendCommand as (...a: unknown[]) => unknown).apply(this, args);
    } as typeof Redis.prototype.sendCommand;
  }
  return { snapshot: () => ({ ...count, cpuMs: processCpuMs(), machineCpuMs: machineCpuMs() }) };
}

/**
 * CPU ms so far of every live process by name (postgres, redis-server, node…), from /proc: with
 * BENCH_IO_DETAIL=1, where the machine's CPU went. A process that exited is not counted, so the
 * figure covers the connections a section keeps open (and, in the inbound section, this process's
 * figure includes the bare parsing rounds).
 */
function cpuByProcessName(): Map<string, number> {
  const byName = new Map<string, number>();
  let pids: string[] = [];
  try {
    pids = readdirSync('/proc').filter((name) => /^\d+$/.test(name));
  } catch {
    return byName;
  }
  for (const pid of pids) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const name = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      // utime and stime are fields 14 and 15 of /proc/PID/stat (11 and 12 after the name).
      const ms = ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
      byName.set(name, (byName.get(name) ?? 0) + ms);
    } catch {
      // The process exited between the listing and the read.
    }
  }
  return byName;
}

let cpuAtReset = detail ? cpuByProcessName() : new Map<string, number>();

/** Prints (to stderr) the breakdown counted since the last call, per email, when BENCH_IO_DETAIL=1. */
export function printIoDetail(label: string, emails: number): void {
  if (!detail) return;
  const cpuNow = cpuByProcessName();
  for (const [name, ms] of cpuNow) {
    const spent = ms - (cpuAtReset.get(name) ?? 0);
    if (spent / emails >= 0.05) detail.set(`cpu ms ${name}`, spent);
  }
  cpuAtReset = cpuNow;
  const lines = [...detail.entries()]
    .filter(([, n]) => n / emails >= 0.05)
    .sort((a, b) => b[1] - a[1])
    .map(([key, n]) => `  ${(n / emails).toFixed(2)}  ${key}`);
  process.stderr.write(`${label}: per email\n${lines.join('\n')}\n`);
  detail.clear();
}

/** Forgets the breakdown so far (warm-up). */
export function resetIoDetail(): void {
  if (!detail) return;
  detail.clear();
  cpuAtReset = cpuByProcessName();
}

/** Adds what was spent between `before` and `after` to `total` (a section measured in rounds). */
export function addSpent(total: IoCount, before: IoCount, after: IoCount): void {
  for (const key of Object.keys(total) as (keyof IoCount)[]) total[key] += after[key] - before[key];
}

/** Nothing spent yet: the start of `addSpent`'s total. */
export const nothingSpent = (): IoCount => ({ pg: 0, redis: 0, cpuMs: 0, machineCpuMs: 0 });

/** Per-email cost between two snapshots, to one decimal (CPU in ms per email, to two). */
export function perEmail(
  before: IoCount,
  after: IoCount,
  emails: number,
): { pgPerEmail: number; redisPerEmail: number; cpuMsPerEmail: number; machineCpuMsPerEmail: number } {
  const per = (key: keyof IoCount, digits: number): number =>
    Number(((after[key] - before[key]) / emails).toFixed(digits));
  return {
    pgPerEmail: per('pg', 1),
    redisPerEmail: per('redis', 1),
    cpuMsPerEmail: per('cpuMs', 2),
    machineCpuMsPerEmail: per('machineCpuMs', 2),
  };
}
