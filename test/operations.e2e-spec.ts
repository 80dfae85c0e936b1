import { EventEmitter2 } from '@nestjs/event-emitter';
import { GatewayEvents } from 'nestjs-messaging-gateway';
import { freePort } from '../apps/reference-app/src/common/free-port';
import { startReferenceApp, type RunningReferenceApp } from './helpers/start-reference-app';

const ADMIN = { ADMIN_EMAIL: 'ops@test.example', ADMIN_PASSWORD: 'operations password' };

/** Logs in through the form and returns the cookies of the session. */
async function logIn(url: string): Promise<string> {
  const page = await fetch(`${url}/login`);
  const csrfCookie = page.headers.getSetCookie().map((cookie) => cookie.split(';')[0]);
  const token = /name="_csrf" value="([^"]+)"/.exec(await page.text())![1];
  const response = await fetch(`${url}/login`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: csrfCookie.join('; ') },
    body: new URLSearchParams({ _csrf: token, email: ADMIN.ADMIN_EMAIL, password: ADMIN.ADMIN_PASSWORD }).toString(),
  });
  expect(response.status).toBe(303);
  return [...csrfCookie, ...response.headers.getSetCookie().map((cookie) => cookie.split(';')[0])].join('; ');
}

describe('operations: detailed health, metrics, queue dashboard (real app)', () => {
  let running: RunningReferenceApp;

  beforeAll(async () => {
    running = await startReferenceApp(ADMIN);
  });

  afterAll(async () => {
    await running?.stop();
  });

  it('reports every dependency up with the queue depths', async () => {
    const response = await fetch(`${running.url}/health/detailed`);
    const body = await response.json();
    expect(response.status).toBe(200);
    expect(body.status).toBe('ok');
    expect(Object.keys(body.details)).toEqual(['postgres', 'redis', 'smtp', 'imap', 'messagesApi', 'queues']);
    expect(body.details.smtp).toMatchObject({ status: 'up', host: '127.0.0.1' });
    expect(body.details.queues).toMatchObject({ status: 'up', inbound: { waiting: 0 }, outbound: { failed: 0 } });
    expect(await (await fetch(`${running.url}/health`)).json()).toEqual({ status: 'ok' });
  });

  it('exposes Prometheus metrics fed by gateway events and webhook timing', async () => {
    const events = running.app.get(EventEmitter2);
    events.emit(GatewayEvents.EMAIL_PROCESSED, { inboundEmailId: 'x', status: 'delivered', reasonCode: null });
    events.emit(GatewayEvents.EMAIL_OUTBOUND_FAILED, { outboundEmailId: 'y', reasonCode: 'EGW_SMTP_PERMANENT' });
    await fetch(`${running.url}/gateway/inbound`, { method: 'POST', body: 'x' });

    const response = await fetch(`${running.url}/metrics`);
    expect(response.headers.get('content-type')).toMatch(/text\/plain/);
    const text = await response.text();
    expect(text).toContain('emails_processed_total{direction="inbound",status="delivered"} 1');
    expect(text).toContain('emails_processed_total{direction="outbound",status="failed"} 1');
    expect(text).toMatch(/webhook_processing_duration_seconds_count\{status="\d{3}"\} 1/);
    expect(text).toContain('queue_depth{queue="inbound",state="waiting"} 0');
    expect(text).toContain('queue_depth{queue="outbound",state="active"} 0');
    expect(text).toContain('# TYPE queue_jobs_total counter');
  });

  it('serves the queue dashboard only behind the login', async () => {
    const anonymous = await fetch(`${running.url}/admin/queues`, { redirect: 'manual' });
    expect(anonymous.status).toBe(303);
    expect(anonymous.headers.get('location')).toBe('/login?next=%2Fadmin%2Fqueues');
    const api = await fetch(`${running.url}/admin/queues/api/queues`, { redirect: 'manual' });
    expect(api.status).toBe(303);

    const cookie = await logIn(running.url);
    const dashboard = await fetch(`${running.url}/admin/queues`, { headers: { cookie } });
    expect(dashboard.status).toBe(200);
    expect(await dashboard.text()).toMatch(/bull-board|Bull Dashboard/i);
    const queues = await (await fetch(`${running.url}/admin/queues/api/queues`, { headers: { cookie } })).json();
    expect(queues.queues.map((queue: { name: string }) => queue.name).sort()).toEqual(['mgw-inbound', 'mgw-outbound']);
  });
});

describe('detailed health with SMTP down', () => {
  it('answers 503 naming smtp', async () => {
    const running = await startReferenceApp({ SMTP_HOST: '127.0.0.1', SMTP_PORT: String(await freePort()) });
    try {
      const response = await fetch(`${running.url}/health/detailed`);
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
