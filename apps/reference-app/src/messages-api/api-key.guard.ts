import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import type { Request } from 'express';
import { AppError, AppErrorCode } from '../common/app-error';
import { safeEqual } from '../common/safe-equal';
import { AppConfig } from '../config/app-config';

/** `Authorization: Bearer ${MESSAGES_API_KEY}`, compared in constant time. */
@Injectable()
export class ApiKeyGuard implements CanActivate {
  constructor(private readonly config: AppConfig) {}

  canActivate(context: ExecutionContext): boolean {
    const header = context.switchToHttp().getRequest<Request>().headers.authorization ?? '';
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (!match) {
      throw new AppError(AppErrorCode.UNAUTHORIZED, 'send the API key as "Authorization: Bearer <MESSAGES_API_KEY>"');
    }
    if (!safeEqual(match[1], this.config.messagesApiKey)) {
      throw new AppError(AppErrorCode.UNAUTHORIZED, 'the API key is not valid');
    }
    return true;
  }
}
