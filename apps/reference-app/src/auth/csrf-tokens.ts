import { randomBytes } from 'node:crypto';
import type { CookieOptions, Request, Response } from 'express';
import { safeEqual } from '../common/safe-equal';
import { mac } from './signed-value';
import { requestCookies } from './request-cookies';

export const CSRF_COOKIE = 'mgw_csrf';
/** The header a script sends the token in: axios (bull-board's UI) sends X-XSRF-TOKEN by itself. */
const CSRF_HEADERS = ['x-xsrf-token', 'x-csrf-token'];

/**
 * Signed double-submit CSRF tokens (OWASP): a random per-browser cookie, and forms carry
 * HMAC(SESSION_SECRET, cookie) in `_csrf`, scripts in an X-XSRF-TOKEN / X-CSRF-Token header. A
 * cross-site page can read neither the cookie nor the token, and cannot set the header.
 */
export class CsrfTokens {
  constructor(
    private readonly secret: string,
    private readonly cookieOptions: CookieOptions,
  ) {}

  /** The token for this browser's forms, setting its cookie on first use. */
  tokenFor(req: Request, res: Response): string {
    let value = requestCookies(req)[CSRF_COOKIE];
    if (!value || !/^[A-Za-z0-9_-]{20,64}$/.test(value)) {
      value = randomBytes(24).toString('base64url');
      res.cookie(CSRF_COOKIE, value, this.cookieOptions);
      requestCookies(req)[CSRF_COOKIE] = value;
    }
    return mac(this.secret, 'csrf', value);
  }

  valid(req: Request): boolean {
    const value = requestCookies(req)[CSRF_COOKIE];
    const fromForm = (req.body as Record<string, unknown> | undefined)?._csrf;
    const given = typeof fromForm === 'string' ? fromForm : CSRF_HEADERS.map((name) => req.get(name)).find(Boolean);
    return Boolean(value) && typeof given === 'string' && safeEqual(given, mac(this.secret, 'csrf', value));
  }
}
