import { randomBytes } from 'node:crypto';
import type { CookieOptions, Request, Response } from 'express';
import { mac, sign, unsign } from './signed-value';
import { safeEqual } from '../common/safe-equal';

export const SESSION_COOKIE = 'mgw_session';
export const CSRF_COOKIE = 'mgw_csrf';
/** A login lasts a working day. */
const SESSION_TTL_MS = 12 * 60 * 60 * 1000;

export interface SessionData {
  userId: string;
  email: string;
  expiresAt: number;
}

/**
 * Stateless sessions and CSRF tokens. The session cookie is signed (HMAC-SHA256, SESSION_SECRET),
 * HttpOnly and SameSite=Strict, Secure behind https. CSRF: a random per-browser cookie, and forms
 * carry HMAC(secret, cookie); a cross-site page can read neither (OWASP "signed double submit").
 */
export class WebSession {
  constructor(
    private readonly secret: string,
    private readonly secure: boolean,
  ) {}

  read(req: Request): SessionData | null {
    const payload = unsign(this.secret, 'session', cookies(req)[SESSION_COOKIE]);
    if (!payload) return null;
    try {
      const data = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as SessionData;
      return data.expiresAt > Date.now() ? data : null;
    } catch {
      return null;
    }
  }

  start(res: Response, user: { id: string; email: string }): void {
    const data: SessionData = { userId: user.id, email: user.email, expiresAt: Date.now() + SESSION_TTL_MS };
    const payload = Buffer.from(JSON.stringify(data)).toString('base64url');
    res.cookie(SESSION_COOKIE, sign(this.secret, 'session', payload), {
      ...this.cookieOptions(),
      maxAge: SESSION_TTL_MS,
    });
  }

  end(res: Response): void {
    res.clearCookie(SESSION_COOKIE, this.cookieOptions());
  }

  /** The CSRF token for this browser's forms, setting its cookie on first use. */
  csrfToken(req: Request, res: Response): string {
    let value = cookies(req)[CSRF_COOKIE];
    if (!value || !/^[A-Za-z0-9_-]{20,64}$/.test(value)) {
      value = randomBytes(24).toString('base64url');
      res.cookie(CSRF_COOKIE, value, this.cookieOptions());
      (req.cookies as Record<string, string>)[CSRF_COOKIE] = value;
    }
    return mac(this.secret, 'csrf', value);
  }

  csrfValid(req: Request): boolean {
    const value = cookies(req)[CSRF_COOKIE];
    const given = (req.body as Record<string, unknown> | undefined)?._csrf;
    return Boolean(value) && typeof given === 'string' && safeEqual(given, mac(this.secret, 'csrf', value));
  }

  private cookieOptions(): CookieOptions {
    return { httpOnly: true, sameSite: 'strict', secure: this.secure, path: '/' };
  }
}

function cookies(req: Request): Record<string, string> {
  req.cookies ??= {};
  return req.cookies as Record<string, string>;
}
