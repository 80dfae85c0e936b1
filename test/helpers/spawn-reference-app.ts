import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

const MAIN = join(__dirname, '..', '..', 'dist', 'apps', 'reference-app', 'src', 'main.js');
const READY = /Reference app listening on (\S+)/;

/** The built reference app running as a separate OS process, so a test can SIGKILL it. */
export interface ChildReferenceApp {
  pid: number;
  url: string;
  /** Sends the signal and waits until the process is gone. */
  kill(signal?: NodeJS.Signals): Promise<void>;
  output(): string;
  /** Starts recording what the process prints; the function returns everything since this call. */
  capture(): () => string;
}

/**
 * Starts `dist/apps/reference-app/src/main.js` (built by `npm run build`, which `npm test` runs
 * first) with the given environment and waits until it listens.
 */
export async function spawnReferenceApp(env: NodeJS.ProcessEnv, timeoutMs = 30_000): Promise<ChildReferenceApp> {
  if (!existsSync(MAIN)) throw new Error(`${MAIN} is missing: run npm run build first (npm test does)`);
  const child = spawn(process.execPath, [MAIN], { env: { PATH: process.env.PATH, ...env }, stdio: 'pipe' });
  let output = '';
  const recordings: string[][] = [];
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`reference app not ready in ${timeoutMs} ms:\n${output}`)),
      timeoutMs,
    );
    const onData = (chunk: Buffer): void => {
      output = (output + chunk.toString()).slice(-20_000);
      for (const recording of recordings) recording.push(chunk.toString());
      const match = READY.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`reference app exited with ${code}:\n${output}`));
    });
  });
  return {
    pid: child.pid!,
    url,
    output: () => output,
    capture: () => {
      const recording: string[] = [];
      recordings.push(recording);
      return () => recording.join('');
    },
    kill: async (signal = 'SIGKILL') => {
      if (!isRunning(child)) return;
      child.kill(signal);
      await exited;
    },
  };
}

function isRunning(child: ChildProcess): boolean {
  return child.exitCode === null && child.signalCode === null;
}
