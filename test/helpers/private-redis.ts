import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { freePort } from '../../apps/reference-app/src/common/free-port';
import { waitFor } from './wait-for';

/**
 * A redis-server of the test's own on a free port, for tests that stop Redis: the shared server on
 * 6379 serves every other suite and is never stopped. No persistence: a restart starts empty.
 */
export interface PrivateRedis {
  port: number;
  url: string;
  /** SIGKILL, as a crash or a network cut looks to clients; resolves once the process is gone. */
  stop(): Promise<void>;
  /** Starts it again on the same port; resolves once it answers PING. */
  start(): Promise<void>;
}

export async function startPrivateRedis(): Promise<PrivateRedis> {
  const port = await freePort();
  let server: ChildProcess | undefined;
  const answers = (): boolean =>
    spawnSync('redis-cli', ['-p', String(port), 'ping'])
      .stdout?.toString()
      .trim() === 'PONG';
  const start = async (): Promise<void> => {
    server = spawn(
      'redis-server',
      ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
      {
        stdio: 'ignore',
      },
    );
    await waitFor(answers, 10_000, `redis-server on port ${port}`);
  };
  const stop = async (): Promise<void> => {
    const running = server;
    if (!running || running.exitCode !== null || running.signalCode !== null) return;
    const exited = new Promise((resolve) => running.once('exit', resolve));
    running.kill('SIGKILL');
    await exited;
  };
  await start();
  return { port, url: `redis://127.0.0.1:${port}`, start, stop };
}
