import { spawnSync } from 'node:child_process';
import { freePort } from '../apps/reference-app/src/common/free-port';
import { startPrivateRedis } from './helpers/private-redis';
import { startReferenceApp, type RunningReferenceApp } from './helpers/start-reference-app';
import { testSecret } from './helpers/test-env';
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

describe('production refuses unsafe settings at boot (issue 17), one line each naming the fix', () => {
  const main = 'dist/apps/reference-app/src/main.js';
  const SAFE = {
    NODE_ENV: 'production',
    PORT: '0',
    SESSION_SECRET: testSecret(),
    ADMIN_EMAIL: 'ops@example.com',
    ADMIN_PASSWORD: 'k3Jd9-qLx2-Pw7v',
  };
  let running: RunningReferenceApp | undefined;

  afterEach(async () => {
    await running?.stop();
    running = undefined;
  });

  const boot = (env: NodeJS.ProcessEnv) =>
    spawnSync('node', [main], { env: { PATH: process.env.PATH, ...env }, encoding: 'utf8', timeout: 20000 });

  it.each([
    [
      'RELAY_ALLOW_UNSIGNED=true',
      { ...SAFE, RELAY_ALLOW_UNSIGNED: 'true' },
      /^Cannot start: RELAY_ALLOW_UNSIGNED: refused in production.*set RELAY_WEBHOOK_SECRET/,
    ],
    [
      'the default password admin',
      { ...SAFE, ADMIN_PASSWORD: 'admin' },
      /^Cannot start: ADMIN_PASSWORD: shorter than 12 characters; set another/,
    ],
    [
      'a long default password',
      { ...SAFE, ADMIN_PASSWORD: 'Administrator' },
      /^Cannot start: ADMIN_PASSWORD: a default password; set another/,
    ],
    ['no admin password', { ...SAFE, ADMIN_PASSWORD: '' }, /^Cannot start: ADMIN_PASSWORD: required in production/],
    [
      'no admin at all',
      { ...SAFE, ADMIN_EMAIL: '', ADMIN_PASSWORD: '' },
      /^Cannot start: ADMIN_EMAIL: required in production/,
    ],
  ])('refuses %s', (_what, env, message) => {
    const result = boot(env);
    expect(result.status).not.toBe(0);
    const lines = result.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(message);
  });

  it('starts with safe settings, and then answers /metrics only with the operations token', async () => {
    const port = await freePort();
    const operationsToken = testSecret();
    running = await startReferenceApp({
      ...SAFE,
      PORT: String(port),
      MESSAGES_API_BASE_URL: `http://127.0.0.1:${port}/api/v1/messages`,
      SMTP_HOST: '127.0.0.1',
      SMTP_PORT: String(await freePort()),
      OPERATIONS_TOKEN: operationsToken,
    });
    expect((await fetch(`${running.url}/health`)).status).toBe(200);
    expect((await fetch(`${running.url}/metrics`)).status).toBe(401);
    const scraped = await fetch(`${running.url}/metrics`, { headers: { authorization: `Bearer ${operationsToken}` } });
    expect(scraped.status).toBe(200);
  });
});
