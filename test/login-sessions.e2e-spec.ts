import IORedis from 'ioredis';
import { getAs, logIn, openLoginPage, postFormAs, postLogin, withCookiesFrom } from './helpers/admin-login';
import { startReferenceApp, type RunningReferenceApp } from './helpers/start-reference-app';
import { TEST_REDIS_URL } from './helpers/test-redis';

const ADMIN = { ADMIN_EMAIL: 'admin@test.example', ADMIN_PASSWORD: 'right password 1' };
const FIFTEEN_MINUTES_MS = 15 * 60_000;

/** One login attempt from a fresh browser (its own CSRF cookie); resolves with the status. */
async function attempt(url: string, email: string, password: string): Promise<Response> {
  return postLogin(url, await openLoginPage(url), email, password);
}

describe('login throttle (issue 17): @nestjs/throttler counted in Redis, keyed like the lookup', () => {
  let running: RunningReferenceApp;

  afterEach(async () => {
    await running?.stop();
  });

  it('throttles an account after 10 wrong passwords whatever whitespace, case or width it is typed in, across a restart', async () => {
    running = await startReferenceApp({ ...ADMIN, LOGIN_ATTEMPTS_PER_IP: '100' });
    for (let i = 0; i < 10; i++) {
      expect((await attempt(running.url, ADMIN.ADMIN_EMAIL, `wrong ${i}`)).status).toBe(401);
    }
    // The bypass of the probe: the lookup trimmed these, the old throttle key did not.
    for (const variant of [
      ' admin@test.example',
      'admin@test.example\t',
      'ADMIN@Test.Example',
      '\u00a0admin@test.example\u3000',
      'ａｄｍｉｎ@test.example',
    ]) {
      const response = await attempt(running.url, variant, ADMIN.ADMIN_PASSWORD);
      expect(response.status).toBe(429);
      expect(Number(response.headers.get('retry-after'))).toBeGreaterThan(60);
      expect(await response.text()).toContain('Too many attempts');
    }

    // Counted in Redis, so a new instance (or a restart) sees the same counter.
    await running.restart();
    expect((await attempt(running.url, ADMIN.ADMIN_EMAIL, ADMIN.ADMIN_PASSWORD)).status).toBe(429);
    // Another account from the same client is not affected.
    expect((await attempt(running.url, 'someone@test.example', 'x')).status).toBe(401);
  });

  it('throttles a client IP across addresses, with counters that expire by themselves and hold no address', async () => {
    running = await startReferenceApp({ ...ADMIN, LOGIN_ATTEMPTS_PER_IP: '4' });
    for (let i = 0; i < 4; i++) {
      expect((await attempt(running.url, `user${i}@test.example`, 'x')).status).toBe(401);
    }
    expect((await attempt(running.url, 'fresh@test.example', 'x')).status).toBe(429);
    expect((await attempt(running.url, ADMIN.ADMIN_EMAIL, ADMIN.ADMIN_PASSWORD)).status).toBe(429);

    const redis = new IORedis(TEST_REDIS_URL);
    try {
      const keys = await redis.keys(`{${running.redis.prefix}:app:throttle:*`);
      expect(keys.length).toBeGreaterThan(0);
      expect(keys.join(' ')).not.toMatch(/test\.example|user\d/);
      for (const key of keys) {
        const ttl = await redis.pttl(key);
        expect(ttl).toBeGreaterThan(0);
        expect(ttl).toBeLessThanOrEqual(FIFTEEN_MINUTES_MS);
      }
    } finally {
      redis.disconnect();
    }
  });
});

describe('server-side sessions (issue 17): logout ends every copy of a session', () => {
  let running: RunningReferenceApp;

  beforeAll(async () => {
    running = await startReferenceApp(ADMIN);
  });

  afterAll(async () => {
    await running?.stop();
  });

  const inboxStatus = async (browser: { cookie: string; csrf: string }): Promise<number> =>
    (await getAs(`${running.url}/inbox`, browser)).status;

  it('refuses a copied cookie once its session logged out', async () => {
    const browser = await logIn(running.url, ADMIN.ADMIN_EMAIL, ADMIN.ADMIN_PASSWORD);
    const copy = { ...browser };
    expect(await inboxStatus(copy)).toBe(200);
    expect((await postFormAs(`${running.url}/logout`, browser)).status).toBe(303);
    const refused = await getAs(`${running.url}/inbox`, copy);
    expect(refused.status).toBe(303);
    expect(refused.headers.get('location')).toBe('/login?next=%2Finbox');
  });

  it('rotates the session id at login: the session a browser carried before is ended', async () => {
    const first = await logIn(running.url, ADMIN.ADMIN_EMAIL, ADMIN.ADMIN_PASSWORD);
    const again = await postLogin(running.url, first, ADMIN.ADMIN_EMAIL, ADMIN.ADMIN_PASSWORD);
    expect(again.status).toBe(303);
    const second = withCookiesFrom(first, again);
    const sessionOf = (cookie: string) => /mgw_session=([^;]+)$/.exec(cookie)![1];
    expect(sessionOf(second.cookie)).not.toBe(sessionOf(first.cookie));
    expect(await inboxStatus(first)).toBe(303);
    expect(await inboxStatus(second)).toBe(200);
  });

  it('"Log out everywhere" ends the sessions of every browser of that admin', async () => {
    const laptop = await logIn(running.url, ADMIN.ADMIN_EMAIL, ADMIN.ADMIN_PASSWORD);
    const phone = await logIn(running.url, ADMIN.ADMIN_EMAIL, ADMIN.ADMIN_PASSWORD);
    expect(await inboxStatus(phone)).toBe(200);
    const ended = await postFormAs(`${running.url}/logout-everywhere`, laptop);
    expect(ended.status).toBe(303);
    expect(ended.headers.get('location')).toBe('/login?ended=everywhere');
    expect(await inboxStatus(phone)).toBe(303);
    expect(await inboxStatus(laptop)).toBe(303);
    // Without its CSRF token, the action is refused like any other form.
    const victim = await logIn(running.url, ADMIN.ADMIN_EMAIL, ADMIN.ADMIN_PASSWORD);
    expect((await postFormAs(`${running.url}/logout-everywhere`, { ...victim, csrf: 'forged' })).status).toBe(403);
    expect(await inboxStatus(victim)).toBe(200);
  });

  it('keeps a session across a restart, and ends it when the admin password changed', async () => {
    const browser = await logIn(running.url, ADMIN.ADMIN_EMAIL, ADMIN.ADMIN_PASSWORD);
    await running.restart();
    expect(await inboxStatus(browser)).toBe(200);

    await running.restart({ ADMIN_PASSWORD: 'a new password 2' });
    expect(await inboxStatus(browser)).toBe(303);
    expect((await attempt(running.url, ADMIN.ADMIN_EMAIL, ADMIN.ADMIN_PASSWORD)).status).toBe(401);
    await logIn(running.url, ADMIN.ADMIN_EMAIL, 'a new password 2');
  });
});
