import { type ChildProcess, fork } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { plainEmail } from './helpers/inbound-email-samples';
import { type RunningGateway, startGateway } from './helpers/start-gateway';

const CHILD = join(__dirname, 'helpers/inbound-worker.child.js');
const BATCH = 40;

/** Starts a worker process on the gateway's database, Redis prefix and Messages API. */
function startWorker(gw: RunningGateway): Promise<ChildProcess> {
  const child = fork(CHILD, [], {
    env: {
      ...process.env,
      ...gw.env,
      MESSAGES_API_BASE_URL: gw.api.baseUrl,
      MESSAGES_API_KEY: gw.api.apiKey,
      INBOUND_STUCK_AFTER_MS: '2000',
    },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  return new Promise((resolve, reject) => {
    child.once('message', () => resolve(child));
    child.once('exit', (code) => reject(new Error(`worker exited with ${code} before it was ready`)));
  });
}

describe('inbound worker killed in the middle of a batch (child processes, real PostgreSQL, Redis, HTTP)', () => {
  let gw: RunningGateway;
  const children: ChildProcess[] = [];

  beforeAll(async () => {
    if (!existsSync(join(__dirname, '../libs/messaging-gateway/dist/index.js'))) {
      throw new Error('libs/messaging-gateway/dist is missing: run npm run build:lib (npm test does it)');
    }
    // This process only accepts; the workers run in children.
    gw = await startGateway({ inbound: { runWorker: false, processInline: false, stuckAfterMs: 2000 } });
  });

  afterAll(async () => {
    for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
    await gw.stop();
  });

  it('delivers every email exactly once after a SIGKILL and a restart', async () => {
    gw.api.setLatency(60);
    const ids: string[] = [];
    for (let i = 0; i < BATCH; i++) {
      const { id } = await gw.store.accept({
        raw: plainEmail({ from: `customer${i}@example.org`, body: `Email number ${i}\r\n` }),
        source: 'webhook',
        provider: 'generic',
      });
      ids.push(id);
    }

    const first = await startWorker(gw);
    children.push(first);
    await gw.waitFor(() => gw.api.messages.length >= 8, 60_000);
    // Slow the API down so that the worker is surely inside the pipeline (emails claimed, requests
    // sent, answers not yet read) when it dies; on a busy machine a 60 ms window can be missed.
    gw.api.setLatency(1500);
    await new Promise((resolve) => setTimeout(resolve, 400));
    first.kill('SIGKILL');
    await new Promise((resolve) => first.once('exit', resolve));
    expect(gw.api.messages.length).toBeLessThan(BATCH);
    // The crash left emails claimed mid-pipeline: the recovery below is what is under test.
    const [{ inFlight }] = await gw.dataSource.query(
      `SELECT count(*)::int AS "inFlight" FROM messaging_gateway_inbound_emails WHERE id = ANY($1) AND status = 'processing'`,
      [ids],
    );
    expect(inFlight).toBeGreaterThan(0);
    gw.api.setLatency(60);

    const second = await startWorker(gw);
    children.push(second);
    await gw.waitFor(async () => {
      const [{ n }] = await gw.dataSource.query(
        `SELECT count(*)::int AS n FROM messaging_gateway_inbound_emails WHERE id = ANY($1) AND status = 'delivered'`,
        [ids],
      );
      return n === BATCH;
    }, 90_000);

    for (const id of ids) {
      expect(gw.api.messages.filter((m) => m.metadata.inboundEmailId === id)).toHaveLength(1);
      expect([...gw.api.threads.values()].filter((t) => t.metadata.inboundEmailId === id)).toHaveLength(1);
    }
    second.kill('SIGTERM');
    await new Promise((resolve) => second.once('exit', resolve));
  }, 150_000);
});
