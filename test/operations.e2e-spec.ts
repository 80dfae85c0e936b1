import { createServer, type Server } from 'node:net';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { Queue } from 'bullmq';
import { GatewayEvents, INBOUND_QUEUE, OUTBOUND_QUEUE } from 'nestjs-messaging-gateway';
import type { Browser } from 'playwright-core';
import { freePort } from '../apps/reference-app/src/common/free-port';
import { type AdminBrowser, getAs, logIn } from './helpers/admin-login';
import { launchChromium } from './helpers/chromium';
import { startReferenceApp, type RunningReferenceApp } from './helpers/start-reference-app';
import { testSecret } from './helpers/test-env';
import { TEST_REDIS_URL } from './helpers/test-redis';
import { waitFor } from './helpers/wait-for';

const ADMIN = { ADMIN_EMAIL: 'ops@test.example', ADMIN_PASSWORD: 'operations password' };
const OPERATIONS_TOKEN = testSecret();

/** An SMTP server that only greets, and counts the connections the detailed health opens. */
async function countingSmtpServer(): Promise<{ server: Server; port: number; connections: () => number }> {
  let count = 0;
  const server = createServer((socket) => {
    count++;
    socket.on('error', () => undefined);
    socket.end('220 counting.test ESMTP\r\n');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, port: (server.address() as { port: number }).port, connections: () => count };
}

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

describe('operations: detailed health, metrics, queue dashboard (real app)', () => {
  let running: RunningReferenceApp;
  let smtp: Awaited<ReturnType<typeof countingSmtpServer>>;
  let admin: AdminBrowser;

  beforeAll(async () => {
    smtp = await countingSmtpServer();
    running = await startReferenceApp({
      ...ADMIN,
      OPERATIONS_TOKEN,
      SMTP_HOST: '127.0.0.1',
      SMTP_PORT: String(smtp.port),
      SMTP_SECURITY: 'plain',
    });
    admin = await logIn(running.url, ADMIN.ADMIN_EMAIL, ADMIN.ADMIN_PASSWORD);
  });

  afterAll(async () => {
    await running?.stop();
    smtp?.server.close();
  });

  it('keeps GET /health public and cheap, and refuses anonymous /health/detailed and /metrics with 401', async () => {
    expect(await (await fetch(`${running.url}/health`)).json()).toEqual({ status: 'ok' });
    for (const path of ['/health/detailed', '/metrics']) {
      for (const headers of [{}, bearer('not-the-token'), bearer(`${OPERATIONS_TOKEN}x`)]) {
        const response = await fetch(`${running.url}${path}`, { headers });
        expect(response.status).toBe(401);
        expect(response.headers.get('www-authenticate')).toBe('Bearer realm="operations"');
        expect(await response.text()).not.toMatch(/127\.0\.0\.1|queue/);
      }
    }
  });

  it('reports every dependency to an admin session and to the scraper token, one check per 5 seconds', async () => {
    const before = smtp.connections();
    const asAdmin = await getAs(`${running.url}/health/detailed`, admin);
    expect(asAdmin.status).toBe(200);
    const body = await asAdmin.json();
    expect(body.status).toBe('ok');
    expect(Object.keys(body.details)).toEqual(['postgres', 'redis', 'smtp', 'imap', 'messagesApi', 'queues']);
    expect(body.details.smtp).toMatchObject({ status: 'up', host: '127.0.0.1', port: smtp.port });
    expect(body.details.queues).toMatchObject({ status: 'up', inbound: { waiting: 0 }, outbound: { failed: 0 } });

    // A burst of calls, by a monitor and a person: all answered from the one check.
    const burst = await Promise.all(
      Array.from({ length: 10 }, () => fetch(`${running.url}/health/detailed`, { headers: bearer(OPERATIONS_TOKEN) })),
    );
    expect(burst.map((response) => response.status)).toEqual(Array(10).fill(200));
    expect(smtp.connections() - before).toBe(1);
  });

  it('serves Prometheus metrics to the scraper token and to an admin session', async () => {
    const events = running.app.get(EventEmitter2);
    events.emit(GatewayEvents.EMAIL_PROCESSED, { inboundEmailId: 'x', status: 'delivered', reasonCode: null });
    events.emit(GatewayEvents.EMAIL_OUTBOUND_FAILED, { outboundEmailId: 'y', reasonCode: 'EGW_SMTP_PERMANENT' });
    await fetch(`${running.url}/gateway/inbound`, { method: 'POST', body: 'x' });

    const response = await fetch(`${running.url}/metrics`, { headers: bearer(OPERATIONS_TOKEN) });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/text\/plain/);
    const text = await response.text();
    expect(text).toContain('emails_processed_total{direction="inbound",status="delivered"} 1');
    expect(text).toContain('emails_processed_total{direction="outbound",status="failed"} 1');
    expect(text).toMatch(/webhook_processing_duration_seconds_count\{status="\d{3}"\} 1/);
    expect(text).toContain('queue_depth{queue="inbound",state="waiting"} 0');
    expect(text).toContain('queue_depth{queue="outbound",state="active"} 0');
    expect(text).toContain('# TYPE queue_jobs_total counter');
    expect((await getAs(`${running.url}/metrics`, admin)).status).toBe(200);
  });

  it('serves the queue dashboard only behind the login (the scraper token does not open it)', async () => {
    const anonymous = await fetch(`${running.url}/admin/queues`, { redirect: 'manual' });
    expect(anonymous.status).toBe(303);
    expect(anonymous.headers.get('location')).toBe('/login?next=%2Fadmin%2Fqueues');
    const api = await fetch(`${running.url}/admin/queues/api/queues`, { redirect: 'manual' });
    expect(api.status).toBe(303);
    const withToken = await fetch(`${running.url}/admin/queues/api/queues`, {
      redirect: 'manual',
      headers: bearer(OPERATIONS_TOKEN),
    });
    expect(withToken.status).toBe(303);

    const dashboard = await getAs(`${running.url}/admin/queues`, admin);
    expect(dashboard.status).toBe(200);
    expect(await dashboard.text()).toMatch(/bull-board|Bull Dashboard/i);
    const queues = await (await getAs(`${running.url}/admin/queues/api/queues`, admin)).json();
    expect(queues.queues.map((queue: { name: string }) => queue.name).sort()).toEqual(
      [INBOUND_QUEUE, OUTBOUND_QUEUE].sort(),
    );
  });
});

describe('bull-board actions with CSRF protection (issue 17)', () => {
  let running: RunningReferenceApp;
  let queue: Queue;
  let browser: Browser;

  /** A job that fails once (its row id is not a uuid), then waits in the paused queue after a retry. */
  const failedJob = async () => {
    await queue.resume();
    const job = await queue.add(INBOUND_QUEUE, { inboundEmailId: 'not-a-uuid' }, { attempts: 1 });
    await waitFor(async () => (await job.getState()) === 'failed', 15_000, 'job failed');
    await queue.pause();
    return job;
  };

  beforeAll(async () => {
    running = await startReferenceApp(ADMIN);
    queue = new Queue(INBOUND_QUEUE, { connection: { url: TEST_REDIS_URL }, prefix: running.redis.prefix });
    browser = await launchChromium();
  }, 600_000);

  afterAll(async () => {
    await browser?.close();
    await queue?.close();
    await running?.stop();
  });

  it('retries a failed job from the dashboard UI in a real browser (axios sends X-XSRF-TOKEN)', async () => {
    const job = await failedJob();
    const page = await (await browser.newContext()).newPage();
    await page.goto(`${running.url}/admin/queues/queue/${INBOUND_QUEUE}?status=failed`);
    await page.fill('#email', ADMIN.ADMIN_EMAIL);
    await page.fill('#password', ADMIN.ADMIN_PASSWORD);
    await page.click('button[type=submit]');
    await page.waitForURL(/\/admin\/queues\/queue\//);
    await page.click('button:has-text("Retry all")');
    const retried = page.waitForResponse((response) =>
      response.url().endsWith(`/api/queues/${INBOUND_QUEUE}/retry/failed`),
    );
    await page.click('[role=alertdialog] button:has-text("Confirm"), [role=dialog] button:has-text("Confirm")');
    expect((await retried).status()).toBe(200);
    await waitFor(async () => (await job.getState()) !== 'failed', 5_000, 'job out of failed');
    expect(['waiting', 'paused']).toContain(await job.getState());
  });

  it('refuses the same action without the token, with a wrong one, and without a session', async () => {
    const job = await failedJob();
    const admin = await logIn(running.url, ADMIN.ADMIN_EMAIL, ADMIN.ADMIN_PASSWORD);
    const retry = (headers: Record<string, string>) =>
      fetch(`${running.url}/admin/queues/api/queues/${INBOUND_QUEUE}/retry/failed`, {
        method: 'PUT',
        redirect: 'manual',
        headers: { 'content-type': 'application/json', ...headers },
        body: '{}',
      });
    expect((await retry({ cookie: admin.cookie })).status).toBe(403);
    expect((await retry({ cookie: admin.cookie, 'x-xsrf-token': 'guessed' })).status).toBe(403);
    expect((await retry({ 'x-xsrf-token': admin.csrf })).status).toBe(403);
    expect(await job.getState()).toBe('failed');

    const allowed = await retry({ cookie: admin.cookie, 'x-xsrf-token': admin.csrf });
    expect(allowed.status).toBe(200);
    expect(['waiting', 'paused']).toContain(await job.getState());
  });
});

describe('detailed health with SMTP down', () => {
  it('answers 503 naming smtp', async () => {
    const running = await startReferenceApp({
      OPERATIONS_TOKEN,
      SMTP_HOST: '127.0.0.1',
      SMTP_PORT: String(await freePort()),
    });
    try {
      const response = await fetch(`${running.url}/health/detailed`, { headers: bearer(OPERATIONS_TOKEN) });
      expect(response.status).toBe(503);
      const body = await response.json();
      expect(body.status).toBe('error');
      expect(Object.keys(body.error)).toEqual(['smtp']);
      expect(body.details.postgres.status).toBe('up');
    } finally {
      await running.stop();
    }
  });
});
