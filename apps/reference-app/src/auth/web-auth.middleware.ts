import { Injectable, type NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { WebSession } from './web-session';

/**
 * In front of every page and form: a CSRF token for the page's forms, a CSRF check on every
 * state-changing request, and a login check on everything but the login page itself.
 */
@Injectable()
export class WebAuthMiddleware implements NestMiddleware {
  constructor(private readonly session: WebSession) {}

  use(req: Request, res: Response, next: NextFunction): void {
    // req.path is relative to the middleware's mount point; the original URL is not.
    const isLoginPage = req.originalUrl.split('?')[0] === '/login';
    if (req.method !== 'GET' && req.method !== 'HEAD' && !this.session.csrfValid(req)) {
      res
        .status(403)
        .type('text')
        .send('The form expired or did not come from this site. Go back, reload and try again.');
      return;
    }
    res.locals.csrfToken = this.session.csrfToken(req, res);
    const session = this.session.read(req);
    if (session) res.locals.admin = { id: session.userId, email: session.email };
    if (session || isLoginPage) return next();
    if (req.method === 'GET') {
      res.redirect(303, `/login?next=${encodeURIComponent(req.originalUrl)}`);
    } else {
      res.status(401).type('text').send('Log in first.');
    }
  }
}
