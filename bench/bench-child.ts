import { type ChildProcess, fork } from 'node:child_process';

/**
 * Starts `file` (a compiled bench script) in its own Node process and resolves with its first IPC
 * message, which it sends once it is ready; rejects if it exits before.
 */
export function forkUntilReady<T = unknown>(
  file: string,
  env: NodeJS.ProcessEnv = process.env,
): Promise<{ child: ChildProcess; ready: T }> {
  const child = fork(file, [], { env, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  return new Promise((resolve, reject) => {
    child.once('message', (ready) => resolve({ child, ready: ready as T }));
    child.once('exit', (code) => reject(new Error(`${file} exited with ${code} before it was ready`)));
  });
}

/** SIGTERM, and resolves once the process has exited. */
export function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}
