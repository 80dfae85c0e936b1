import { Injectable, type NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { RedisUnavailableError } from '../common/app-redis';
import { CsrfTokens } from './csrf-tokens';
import { WebSession } from './web-session';

/** Seconds a browser is asked to wait while the session store (Redis) is unreachable. */
const SESSION_STORE_RETRY_AFTER_S = 5;

/**
 * In front of every page and form: a CSRF token for the page's forms, a CSRF check on every
 * state-changing request, and a login check on everything but the login page itself.
 */
@Injectable()
export class WebAuthMiddleware implements NestMiddleware {
  constructor(
    private readonly session: WebSession,
    private readonly csrf: CsrfTokens,
  ) {}

  async use(req: Request, res: Response, next: NextFunction): Promise<void> {
    // req.path is relative to the middleware's mount point; the original URL is not.
    const isLoginPage = req.originalUrl.split('?')[0] === '/login';
    if (req.method !== 'GET' && req.method !== 'HEAD' && !this.csrf.valid(req)) {
      res
        .status(403)
        .type('text')
        .send('The form expired or did not come from this site. Go back, reload and try again.');
      return;
    }
    res.locals.csrfToken = this.csrf.tokenFor(req, res);
    let session;
    try {
      session = await this.session.read(req);
    } catch (error) {
      if (!(error instanceof RedisUnavailableError)) throw error;
      res.status(503).setHeader('Retry-After', String(SESSION_STORE_RETRY_AFTER_S));
      res.type('text').send('Sessions are unavailable for a moment (Redis does not answer); try again shortly.');
      return;
    }
    if (session) res.locals.admin = { id: session.userId, email: session.email };
    if (session || isLoginPage) return next();
    if (req.method === 'GET') {
      res.redirect(303, `/login?next=${encodeURIComponent(req.originalUrl)}`);
    } else {
      res.status(401).type('text').send('Log in first.');
    }
  }
}
