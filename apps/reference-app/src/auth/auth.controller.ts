import { join } from 'node:path';
import { Body, Controller, Get, Post, Query, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { ViewRenderer } from '../web/view-renderer';
import { AdminUsersService } from './admin-users.service';
import { LoginThrottle } from './login-throttle';
import { WebSession } from './web-session';

const LOGIN_VIEW = join(__dirname, 'views', 'login.hbs');

/** Login and logout of the web inbox. */
@Controller()
export class AuthController {
  private readonly throttle = new LoginThrottle();

  constructor(
    private readonly users: AdminUsersService,
    private readonly session: WebSession,
    private readonly views: ViewRenderer,
  ) {}

  @Get()
  home(@Res() res: Response): void {
    res.redirect(303, '/inbox');
  }

  @Get('login')
  loginPage(@Query('next') next: string | undefined, @Res() res: Response): void {
    this.views.render(res, LOGIN_VIEW, { title: 'Log in', next: safeNext(next) });
  }

  @Post('login')
  async login(@Body() body: Record<string, string>, @Req() req: Request, @Res() res: Response): Promise<void> {
    const email = String(body.email ?? '');
    const key = `${req.ip}|${email.toLowerCase()}`;
    const next = safeNext(body.next);
    if (this.throttle.blocked(key)) {
      return this.views.render(
        res,
        LOGIN_VIEW,
        { title: 'Log in', email, next, error: 'Too many attempts; wait 15 minutes.' },
        429,
      );
    }
    const user = await this.users.verify(email, String(body.password ?? ''));
    if (!user) {
      this.throttle.fail(key);
      return this.views.render(
        res,
        LOGIN_VIEW,
        { title: 'Log in', email, next, error: 'Wrong email or password.' },
        401,
      );
    }
    this.throttle.succeed(key);
    this.session.start(res, user);
    res.redirect(303, next);
  }

  @Post('logout')
  logout(@Res() res: Response): void {
    this.session.end(res);
    res.redirect(303, '/login');
  }
}

/** Only local paths: `next` must never send a person to another site after login. */
function safeNext(next: string | undefined): string {
  return typeof next === 'string' && /^\/(?![/\\])/.test(next) ? next : '/inbox';
}
