import type { CookieOptions, Request, Response } from 'express';
import { requestCookies } from './request-cookies';
import { SESSION_TTL_MS, type SessionData, SessionStore } from './session-store';
import { sign, unsign } from './signed-value';

export const SESSION_COOKIE = 'mgw_session';

/** A logged-in admin as pages see it. */
export interface ActiveSession extends SessionData {
  id: string;
}

/**
 * The session cookie: a random id, signed (HMAC-SHA256, SESSION_SECRET) so that a forged cookie
 * is refused without a Redis round trip, HttpOnly and SameSite=Strict, Secure behind https. The
 * session itself lives in Redis (SessionStore): logout, "log out everywhere" and a password change
 * end it for every copy of the cookie.
 */
export class WebSession {
  constructor(
    private readonly secret: string,
    private readonly cookieOptions: CookieOptions,
    private readonly store: SessionStore,
  ) {}

  /** The session of this request, or null. Throws RedisUnavailableError when Redis is down. */
  async read(req: Request): Promise<ActiveSession | null> {
    const id = this.idOf(req);
    if (!id) return null;
    const data = await this.store.get(id);
    return data ? { ...data, id } : null;
  }

  /**
   * Starts a session under a new id. Any session this browser already carried is ended first,
   * so an id planted before login (session fixation) is never the one that gets logged in.
   */
  async start(req: Request, res: Response, user: { id: string; email: string }): Promise<void> {
    const previous = this.idOf(req);
    if (previous) await this.store.delete(previous);
    const id = await this.store.create(user);
    res.cookie(SESSION_COOKIE, sign(this.secret, 'session', id), { ...this.cookieOptions, maxAge: SESSION_TTL_MS });
  }

  /** Logout: the session ends in Redis (copies of the cookie stop working) and the cookie is cleared. */
  async end(req: Request, res: Response): Promise<void> {
    const id = this.idOf(req);
    if (id) await this.store.delete(id);
    res.clearCookie(SESSION_COOKIE, this.cookieOptions);
  }

  /** "Log out everywhere": every session of this admin ends, this browser's included. */
  async endEverywhere(req: Request, res: Response, userId: string): Promise<number> {
    const ended = await this.store.deleteAllFor(userId);
    res.clearCookie(SESSION_COOKIE, this.cookieOptions);
    return ended;
  }

  private idOf(req: Request): string | null {
    return unsign(this.secret, 'session', requestCookies(req)[SESSION_COOKIE]);
  }
}
