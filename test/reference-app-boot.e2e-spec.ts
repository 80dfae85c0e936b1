import { spawnSync } from 'node:child_process';
import { freePort } from '../apps/reference-app/src/common/free-port';
import { startPrivateRedis } from './helpers/private-redis';
import { startReferenceApp, type RunningReferenceApp } from './helpers/start-reference-app';
import { waitFor } from './helpers/wait-for';

describe('reference app boot and health (real PostgreSQL and Redis)', () => {
  let running: RunningReferenceApp;

  afterEach(async () => {
    await running?.stop();
  });

  it('creates its database, applies migrations and answers GET /health with ok', async () => {
    running = await startReferenceApp();
    const response = await fetch(`${running.url}/health`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ok' });
  });

  it('answers 503 naming redis when Redis goes away, and ok again once it is back', async () => {
    const redis = await startPrivateRedis();
    try {
      running = await startReferenceApp({ REDIS_URL: redis.url });
      const health = async (): Promise<number> => (await fetch(`${running.url}/health`)).status;
      expect(await health()).toBe(200);

      await redis.stop();
      await waitFor(async () => (await health()) === 503);
      const body = await (await fetch(`${running.url}/health`)).json();
      expect(body).toEqual({ status: 'error', failing: ['redis'] });

      // Back up: the app reconnects by itself, and can then close its connections cleanly.
      await redis.start();
      await waitFor(async () => (await health()) === 200, 20000);
      await running.stop();
      running = undefined as unknown as RunningReferenceApp;
    } finally {
      await redis.stop();
    }
  });
});

describe('reference app start-up failures (the built app, as npm start runs it)', () => {
  const main = 'dist/apps/reference-app/src/main.js';

  it('exits non-zero with one line naming EMAIL_REPLY_SECRET when it is too short', () => {
    const result = spawnSync('node', [main], {
      env: { ...process.env, EMAIL_REPLY_SECRET: 'short', PORT: '0' },
      encoding: 'utf8',
      timeout: 20000,
    });
    expect(result.status).not.toBe(0);
    const lines = result.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/EMAIL_REPLY_SECRET.*too short/);
  });

  it('says in one line that Redis is missing and how to start it', async () => {
    const port = await freePort();
    const result = spawnSync('node', [main], {
      env: {
        ...process.env,
        REDIS_URL: `redis://127.0.0.1:${port}`,
        PORT: '0',
        DEV_SECRETS_FILE: '/tmp/mgw-boot-test.json',
      },
      encoding: 'utf8',
      timeout: 20000,
    });
    expect(result.status).not.toBe(0);
    const lines = result.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/Redis is not reachable.*redis-server/);
  });
});
