import { Body, Controller, Get, Post, Query, Req, Res, UseFilters } from '@nestjs/common';
import type { Request, Response } from 'express';
import { ThrottledBy } from '../throttles/throttled-by.decorator';
import { Throttles } from '../throttles/throttle-names';
import { ViewRenderer } from '../web/view-renderer';
import { AdminUsersService } from './admin-users.service';
import { LOGIN_VIEW, LoginRefusalFilter } from './login-refusal.filter';
import { WebSession } from './web-session';

/**
 * Login and logout of the web inbox. Every login attempt counts against the client's IP and the
 * normalised address it names (ThrottlesModule), before the password is even compared.
 */
@Controller()
export class AuthController {
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
  loginPage(
    @Query('next') next: string | undefined,
    @Query('ended') ended: string | undefined,
    @Res() res: Response,
  ): void {
    const flash =
      ended === 'everywhere' ? { kind: 'info', text: 'Every session of this account has ended.' } : undefined;
    this.views.render(res, LOGIN_VIEW, { title: 'Log in', next: safeNext(next), flash });
  }

  @Post('login')
  @ThrottledBy(Throttles.LOGIN_IP, Throttles.LOGIN_ADDRESS)
  @UseFilters(LoginRefusalFilter)
  async login(@Body() body: Record<string, unknown>, @Req() req: Request, @Res() res: Response): Promise<void> {
    const email = typeof body.email === 'string' ? body.email : '';
    const next = safeNext(body.next);
    const user = await this.users.verify(email, typeof body.password === 'string' ? body.password : '');
    if (!user) {
      return this.views.render(
        res,
        LOGIN_VIEW,
        { title: 'Log in', email, next, error: 'Wrong email or password.' },
        401,
      );
    }
    await this.session.start(req, res, user);
    res.redirect(303, next);
  }

  @Post('logout')
  async logout(@Req() req: Request, @Res() res: Response): Promise<void> {
    await this.session.end(req, res);
    res.redirect(303, '/login');
  }

  /** Ends every session of this admin: other browsers, and any copy of a cookie, are logged out too. */
  @Post('logout-everywhere')
  async logoutEverywhere(@Req() req: Request, @Res() res: Response): Promise<void> {
    const admin = res.locals.admin as { id: string };
    await this.session.endEverywhere(req, res, admin.id);
    res.redirect(303, '/login?ended=everywhere');
  }
}

/** Only local paths: `next` must never send a person to another site after login. */
function safeNext(next: unknown): string {
  return typeof next === 'string' && /^\/(?![/\\])/.test(next) ? next : '/inbox';
}
