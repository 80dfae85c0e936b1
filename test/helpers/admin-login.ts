/** A browser-less admin: its cookie header (CSRF cookie and session) and the CSRF token of its pages. */
export interface AdminBrowser {
  cookie: string;
  csrf: string;
}

const cookiesOf = (response: Response): string[] =>
  response.headers.getSetCookie().map((cookie) => cookie.split(';')[0]);

/** The browser's cookie header after a response: cookies it set replace those of the same name. */
export function withCookiesFrom(browser: AdminBrowser, response: Response): AdminBrowser {
  const jar = new Map(
    browser.cookie
      .split('; ')
      .filter(Boolean)
      .map((pair) => [pair.split('=')[0], pair] as const),
  );
  for (const pair of cookiesOf(response)) jar.set(pair.split('=')[0], pair);
  return { ...browser, cookie: [...jar.values()].join('; ') };
}

/** Opens the login page as a fresh browser: its CSRF cookie and the form's token. */
export async function openLoginPage(url: string): Promise<AdminBrowser> {
  const page = await fetch(`${url}/login`);
  const csrf = /name="_csrf" value="([^"]+)"/.exec(await page.text())![1];
  return { cookie: cookiesOf(page).join('; '), csrf };
}

/** Posts the login form; resolves with the response (303 on success, 401 or 429 otherwise). */
export async function postLogin(
  url: string,
  browser: AdminBrowser,
  email: string,
  password: string,
): Promise<Response> {
  return fetch(`${url}/login`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: browser.cookie },
    body: new URLSearchParams({ _csrf: browser.csrf, email, password }).toString(),
  });
}

/** Logs in through the form and returns the browser with its session cookie; fails unless it got 303. */
export async function logIn(url: string, email: string, password: string): Promise<AdminBrowser> {
  const browser = await openLoginPage(url);
  const response = await postLogin(url, browser, email, password);
  if (response.status !== 303) throw new Error(`login answered ${response.status}`);
  return withCookiesFrom(browser, response);
}

/** GET with the browser's cookies, no redirect following. */
export function getAs(url: string, browser: AdminBrowser): Promise<Response> {
  return fetch(url, { headers: { cookie: browser.cookie }, redirect: 'manual' });
}

/** A form post with the browser's cookies and CSRF token. */
export function postFormAs(url: string, browser: AdminBrowser, fields: Record<string, string> = {}): Promise<Response> {
  return fetch(url, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: browser.cookie },
    body: new URLSearchParams({ _csrf: browser.csrf, ...fields }).toString(),
  });
}
