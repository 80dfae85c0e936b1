import { type CanActivate, type ExecutionContext, Injectable, UnauthorizedException } from '@nestjs/common';
import type { Request, Response } from 'express';
import { WebSession } from '../auth/web-session';
import { safeEqual } from '../common/safe-equal';
import { AppConfig } from '../config/app-config';

/**
 * `/metrics` and `/health/detailed` show hosts, ports and queue depths, and a detailed check
 * opens connections: only an admin session or `Authorization: Bearer ${OPERATIONS_TOKEN}` (for
 * scrapers and monitors; compared in constant time, and it needs no Redis, so it works during an
 * outage) gets through. Anyone else gets 401 with `WWW-Authenticate: Bearer`.
 */
@Injectable()
export class OperationsAccessGuard implements CanActivate {
  /** Whether an admin's session cookie is enough (read-only endpoints), or only the token is. */
  protected readonly acceptsSession: boolean = true;

  constructor(
    private readonly config: AppConfig,
    private readonly session: WebSession,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const req = context.switchToHttp().getRequest<Request>();
    const bearer = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '')?.[1];
    if (bearer !== undefined) {
      if (this.config.operationsToken && safeEqual(bearer, this.config.operationsToken)) return true;
    } else if (this.acceptsSession && (await this.session.read(req))) {
      return true;
    }
    context.switchToHttp().getResponse<Response>().setHeader('WWW-Authenticate', 'Bearer realm="operations"');
    throw new UnauthorizedException('Log in as an admin, or send Authorization: Bearer <OPERATIONS_TOKEN>.');
  }
}

/**
 * For state-changing operations: `Authorization: Bearer ${OPERATIONS_TOKEN}` only. A session cookie
 * rides along on a cross-site POST, so it is not accepted here; admins use the pages' forms, which
 * carry a CSRF token.
 */
@Injectable()
export class OperationsTokenGuard extends OperationsAccessGuard {
  protected override readonly acceptsSession = false;
}
