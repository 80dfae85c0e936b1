import { connect } from 'node:net';

/** A probe that does not answer within this time counts as down. */
export const PROBE_TIMEOUT_MS = 2000;

/**
 * Opens a TCP connection and, when `greeting` is given, waits for a line starting with it
 * (SMTP `220`, IMAP `* OK`): proves the server answers without logging in or sending mail.
 */
export function probeTcp(host: string, port: number, greeting?: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host, port });
    const done = (error?: Error) => {
      clearTimeout(timer);
      socket.destroy();
      if (error) reject(error);
      else resolve();
    };
    const timer = setTimeout(() => done(new Error(`no answer within ${PROBE_TIMEOUT_MS} ms`)), PROBE_TIMEOUT_MS);
    socket.once('error', (error) => done(error));
    socket.once('connect', () => {
      if (!greeting) return done();
      socket.once('data', (chunk: Buffer) => {
        const line = chunk.toString('latin1');
        done(line.startsWith(greeting) ? undefined : new Error(`unexpected greeting "${line.slice(0, 40).trim()}"`));
      });
    });
  });
}

/** Rejects when `run` takes longer than the probe timeout. */
export async function withTimeout<T>(run: () => Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      run(),
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${PROBE_TIMEOUT_MS} ms`)), PROBE_TIMEOUT_MS);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}
