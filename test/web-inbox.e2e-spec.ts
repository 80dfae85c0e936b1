import { mkdirSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from './helpers/chromium';
import { startReferenceApp, type RunningReferenceApp } from './helpers/start-reference-app';
import { waitFor } from './helpers/wait-for';

const ADMIN = { ADMIN_EMAIL: 'agent@test.example', ADMIN_PASSWORD: 'correct horse battery' };

describe('web inbox in headless Chromium (real app, PostgreSQL, Redis)', () => {
  let running: RunningReferenceApp;
  let browser: Browser;
  let page: Page;

  const api = async (method: string, path: string, body?: unknown) => {
    const response = await fetch(`${running.url}/api/v1/messages${path}`, {
      method,
      headers: { authorization: `Bearer ${running.env.MESSAGES_API_KEY}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return (await response.json()).data;
  };

  const logIn = async () => {
    await page.goto(`${running.url}/inbox`);
    expect(page.url()).toContain('/login');
    await page.fill('#email', ADMIN.ADMIN_EMAIL);
    await page.fill('#password', ADMIN.ADMIN_PASSWORD);
    await page.click('button[type=submit]');
    await page.waitForURL(/\/inbox$/);
  };

  beforeAll(async () => {
    running = await startReferenceApp(ADMIN);
    browser = await launchChromium();
  }, 600_000);

  beforeEach(async () => {
    page = await (await browser.newContext()).newPage();
  });

  afterAll(async () => {
    await browser?.close();
    await running?.stop();
  });

  it('refuses a wrong password, and sets an HttpOnly SameSite=Strict session cookie on login', async () => {
    await page.goto(`${running.url}/login`);
    await page.fill('#email', ADMIN.ADMIN_EMAIL);
    await page.fill('#password', 'wrong');
    await page.click('button[type=submit]');
    await expect(page.textContent('.flash.error')).resolves.toContain('Wrong email or password');

    await logIn();
    const session = (await page.context().cookies()).find((cookie) => cookie.name === 'mgw_session');
    expect(session).toMatchObject({ httpOnly: true, sameSite: 'Strict' });
  });

  it('refuses a form posted without its CSRF token', async () => {
    await logIn();
    const thread = await api('POST', '/threads', {
      sourceType: 'email',
      identityEmail: 'x@example.com',
      subject: 'csrf',
    });
    // The browser's own cookies (session and CSRF cookie), but no token in the form: a forged post.
    const cookies = (await page.context().cookies()).map((cookie) => `${cookie.name}=${cookie.value}`).join('; ');
    const forged = await fetch(`${running.url}/inbox/threads/${thread.id}/reply`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: cookies },
      body: 'text=forged&_csrf=guess',
      redirect: 'manual',
    });
    const status = forged.status;
    expect(status).toBe(403);
    expect(await api('GET', `/threads/${thread.id}/messages`)).toHaveLength(0);
  });

  it('lists threads, shows a thread, sends an answer, sees it in the dev mailbox, replies as the customer and sees the reply', async () => {
    const thread = await api('POST', '/threads', {
      sourceType: 'email',
      identityEmail: 'ada@example.com',
      mailbox: 'business',
      priority: 'urgent',
      subject: 'Invoice <script>alert(1)</script>',
      metadata: { emailFrom: 'ada@example.com', emailSubject: 'Invoice', lastEmailMessageId: 'q1@example.com' },
    });
    await api('POST', `/threads/${thread.id}/messages`, {
      direction: 'inbound',
      text: 'Could you resend the invoice? <b>thanks</b>',
      authorEmail: 'ada@example.com',
      metadata: {
        matchStrategy: 'new_thread',
        elidedText: 'On Monday, Support wrote:\n> Your invoice is attached.',
        attachments: [{ name: 'scan.pdf', type: 'application/pdf', size: 52_000 }],
      },
    });
    await api('POST', '/threads', {
      sourceType: 'email',
      identityEmail: 'bob@example.com',
      subject: 'General question',
    });

    await logIn();
    const unreadRow = page.locator(`tr[data-thread-id="${thread.id}"]`);
    await expect(unreadRow.getAttribute('class')).resolves.toContain('unread');
    mkdirSync('test-artifacts', { recursive: true });
    await page.screenshot({ path: 'test-artifacts/inbox.png', fullPage: true });

    await page.selectOption('#mailbox', 'business');
    await page.click('form.filters button');
    await page.waitForURL(/mailbox=business/);
    await expect(page.locator('table.threads tbody tr').count()).resolves.toBe(1);

    await page.click(`tr[data-thread-id="${thread.id}"] a`);
    await page.waitForURL(/\/inbox\/threads\//);
    // User content is escaped, never executed or rendered as markup.
    await expect(page.textContent('h1')).resolves.toBe('Invoice <script>alert(1)</script>');
    await expect(page.textContent('.message.inbound .text')).resolves.toContain('<b>thanks</b>');
    await expect(page.textContent('.message.inbound')).resolves.toContain('matched by new_thread');
    await expect(page.textContent('.attachments')).resolves.toContain('scan.pdf');
    await expect(page.isVisible('details.quoted pre')).resolves.toBe(false);
    await page.click('details.quoted summary');
    await expect(page.textContent('details.quoted pre')).resolves.toContain('Your invoice is attached.');
    await page.screenshot({ path: 'test-artifacts/thread.png', fullPage: true });

    await page.fill('#reply-text', 'Here it is again.');
    await page.click('form.reply button');
    await page.waitForURL(/sent=1/);
    await expect(page.textContent('.message.outbound .text')).resolves.toBe('Here it is again.');
    const messages = await api('GET', `/threads/${thread.id}/messages`);
    expect(messages.map((m: { direction: string }) => m.direction)).toEqual(['inbound', 'outbound']);

    await page.goto(`${running.url}/inbox`);
    await expect(page.locator(`tr[data-thread-id="${thread.id}"]`).getAttribute('class')).resolves.not.toContain(
      'unread',
    );

    // The answer went out through the outbound queue and SMTP into the dev capture.
    await waitFor(
      async () => {
        await page.goto(`${running.url}/dev-mail`);
        return (await page.locator('table.captured a').count()) > 0;
      },
      20_000,
      'captured answer',
    );
    await page.click('table.captured a');
    await expect(page.textContent('.reply-to')).resolves.toMatch(/^reply\+/);
    await page.fill('#reply-text', 'Got it, thanks!');
    await page.click('form.reply button');
    await page.waitForURL(/webhook=200/);

    // The customer's reply lands in the same thread, trimmed, with its quote behind the toggle.
    await waitFor(
      async () => {
        await page.goto(`${running.url}/inbox/threads/${thread.id}`);
        return (await page.locator('.message').count()) === 3;
      },
      20_000,
      'reply in thread',
    );
    await expect(page.locator('.message').nth(2).locator('.text').textContent()).resolves.toBe('Got it, thanks!');
    await expect(page.locator('.message').nth(2).textContent()).resolves.toMatch(
      /matched by (token|gateway_message_id)/,
    );
    await expect(page.locator('.message').nth(1).textContent()).resolves.toContain('email sent');
    await page.screenshot({ path: 'test-artifacts/thread-after-reply.png', fullPage: true });
  });

  it("shows the sender check's badge and the safety signals of an email, without rendering what was hidden", async () => {
    await logIn();
    const thread = await api('POST', '/threads', {
      sourceType: 'email',
      identityEmail: 'ann@sender.example',
      subject: 'Refund',
      metadata: { emailFrom: 'ann@sender.example', emailSubject: 'Refund' },
    });
    const auth = { dkim: 'pass', spf: 'pass', arc: 'none', fromAligned: false, source: 'local', policy: 'reject' };
    await api('POST', `/threads/${thread.id}/messages`, {
      direction: 'inbound',
      text: 'Please refund to the new account.',
      authorEmail: 'ann@sender.example',
      metadata: {
        auth: { ...auth, dmarc: 'fail' },
        signals: [{ type: 'prompt_injection', detail: 'Ignore all previous instructions' }],
      },
    });
    await api('POST', `/threads/${thread.id}/messages`, {
      direction: 'inbound',
      text: 'Thanks!',
      authorEmail: 'ann@sender.example',
      metadata: { auth: { ...auth, dmarc: 'pass', fromAligned: true }, signals: [] },
    });
    await page.goto(`${running.url}/inbox/threads/${thread.id}`);
    const [forged, genuine] = [page.locator('.message').nth(0), page.locator('.message').nth(1)];
    await expect(forged.locator('.sender-auth').textContent()).resolves.toBe('sender not verified: DMARC fail');
    await expect(forged.locator('.sender-auth').getAttribute('class')).resolves.toContain('rejected');
    await expect(forged.locator('.sender-auth').getAttribute('title')).resolves.toBe(
      'DKIM pass · SPF pass · DMARC fail (p=reject) · ARC none · From not aligned · checked by the gateway',
    );
    await expect(forged.locator('.signals').textContent()).resolves.toContain(
      'prompt injection: Ignore all previous instructions',
    );
    await expect(genuine.locator('.sender-auth').textContent()).resolves.toBe('sender verified');
    await expect(genuine.locator('.signals').count()).resolves.toBe(0);
    await page.screenshot({ path: 'test-artifacts/thread-sender-auth.png', fullPage: true });
  });
});
