import { join } from 'node:path';
import { type ArgumentsHost, Catch, type ExceptionFilter, Injectable } from '@nestjs/common';
import { ThrottlerException } from '@nestjs/throttler';
import type { Request, Response } from 'express';
import { RedisUnavailableError } from '../common/app-redis';
import { ViewRenderer } from '../web/view-renderer';

export const LOGIN_VIEW = join(__dirname, 'views', 'login.hbs');

/**
 * The login form again, with the reason, when the throttle refuses an attempt (429, Retry-After
 * set by the guard) or cannot count it because Redis is down (503: no attempt goes uncounted).
 */
@Injectable()
@Catch(ThrottlerException, RedisUnavailableError)
export class LoginRefusalFilter implements ExceptionFilter {
  constructor(private readonly views: ViewRenderer) {}

  catch(exception: ThrottlerException | RedisUnavailableError, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const req = http.getRequest<Request>();
    const res = http.getResponse<Response>();
    const throttled = exception instanceof ThrottlerException;
    const error = throttled
      ? 'Too many attempts; wait 15 minutes.'
      : 'Login is unavailable for a moment (Redis does not answer); try again shortly.';
    if (!throttled) res.setHeader('Retry-After', '5');
    const body = req.body as Record<string, unknown> | undefined;
    const email = typeof body?.email === 'string' ? body.email : '';
    this.views.render(res, LOGIN_VIEW, { title: 'Log in', email, next: '/inbox', error }, exception.getStatus());
  }
}
