import { type ArgumentsHost, BadRequestException, Catch, HttpException, HttpStatus, Logger } from '@nestjs/common';
import { BaseExceptionFilter } from '@nestjs/core';
import type { Request, Response } from 'express';
import { AppError, AppErrorCode } from '../common/app-error';

const STATUS_BY_CODE: Record<AppErrorCode, number> = {
  [AppErrorCode.VALIDATION]: HttpStatus.BAD_REQUEST,
  [AppErrorCode.INVALID_JSON]: HttpStatus.BAD_REQUEST,
  [AppErrorCode.UNAUTHORIZED]: HttpStatus.UNAUTHORIZED,
  [AppErrorCode.NOT_FOUND]: HttpStatus.NOT_FOUND,
  [AppErrorCode.IDEMPOTENCY_KEY_REUSED]: HttpStatus.UNPROCESSABLE_ENTITY,
  [AppErrorCode.PAYLOAD_TOO_LARGE]: HttpStatus.PAYLOAD_TOO_LARGE,
  [AppErrorCode.GONE]: HttpStatus.GONE,
  [AppErrorCode.ATTACHMENTS_TOO_LARGE]: HttpStatus.PAYLOAD_TOO_LARGE,
};

export const MESSAGES_API_PATH = '/api/v1/messages';

/**
 * Every Messages API error as `{success:false, error:{code, message}}`,
 * including those raised before the controller (malformed JSON, a body over the limit).
 * Registered globally because body-parser errors never reach controller-scoped filters;
 * other routes keep Nest's default answer.
 */
@Catch()
export class MessagesApiExceptionFilter extends BaseExceptionFilter {
  private readonly logger = new Logger('MessagesApi');

  override catch(exception: unknown, host: ArgumentsHost): void {
    const req = host.switchToHttp().getRequest<Request>();
    if (!req.path?.startsWith(MESSAGES_API_PATH)) return super.catch(exception, host);
    const res = host.switchToHttp().getResponse<Response>();
    const { status, code, message } = describe(exception);
    if (status >= 500) this.logger.error(`Messages API failed: ${(exception as Error)?.stack ?? exception}`);
    res.status(status).json({ success: false, error: { code, message } });
  }
}

function describe(exception: unknown): { status: number; code: string; message: string } {
  if (exception instanceof AppError) {
    return { status: STATUS_BY_CODE[exception.code], code: exception.code, message: exception.message };
  }
  // body-parser: invalid JSON arrives as a BadRequestException, an oversized body as a 413 error.
  if (exception instanceof BadRequestException) {
    return {
      status: 400,
      code: AppErrorCode.INVALID_JSON,
      message: `the body is not valid JSON: ${exception.message}`,
    };
  }
  if ((exception as { type?: string }).type === 'entity.too.large') {
    return {
      status: 413,
      code: AppErrorCode.PAYLOAD_TOO_LARGE,
      message: 'the body is larger than EMAIL_WEBHOOK_MAX_BYTES allows',
    };
  }
  if (exception instanceof HttpException) {
    const status = exception.getStatus();
    return { status, code: status === 404 ? AppErrorCode.NOT_FOUND : 'http_error', message: exception.message };
  }
  return { status: 500, code: 'internal_error', message: 'the request failed; see the server log' };
}
