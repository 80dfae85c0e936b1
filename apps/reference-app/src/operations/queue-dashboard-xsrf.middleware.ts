import { Injectable, type NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { AppConfig } from '../config/app-config';
import { QUEUE_DASHBOARD_PATH } from './queue-dashboard';

/** The cookie axios reads before a same-origin request, sending its value as X-XSRF-TOKEN. */
const XSRF_COOKIE = 'XSRF-TOKEN';

/**
 * bull-board's UI posts its actions (retry, clean, promote…) with axios and no form field, so it
 * gets the page's CSRF token the way axios looks for one: a script-readable XSRF-TOKEN cookie,
 * limited to the dashboard's path and SameSite=Strict. axios sends it back as X-XSRF-TOKEN on
 * same-origin requests only, and WebAuthMiddleware checks that header like a form's `_csrf`. Runs
 * after WebAuthMiddleware, which put the token in `res.locals.csrfToken`.
 */
@Injectable()
export class QueueDashboardXsrfMiddleware implements NestMiddleware {
  constructor(private readonly config: AppConfig) {}

  use(_req: Request, res: Response, next: NextFunction): void {
    res.cookie(XSRF_COOKIE, res.locals.csrfToken as string, {
      httpOnly: false,
      sameSite: 'strict',
      secure: this.config.publicUrl.startsWith('https:'),
      path: QUEUE_DASHBOARD_PATH,
    });
    next();
  }
}
