import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { ErrorCode } from '../../core/errors/error-codes';
import { MessagingGatewayError } from '../../core/errors/messaging-gateway.error';
import { WEBHOOK_ERROR_STATUS } from './webhook-error-status';

/** A Redis restart or failover takes seconds; a provider that honours Retry-After comes back after this. */
const UNAVAILABLE_RETRY_AFTER_S = 30;

/**
 * Answers every failure of `/gateway/inbound` as `{ok:false, code, message}` with the status of
 * `WEBHOOK_ERROR_STATUS`. Messages of gateway errors say what to fix and never carry bodies or
 * secrets; anything unexpected is logged with its stack and answered 500 EGW_INTERNAL without
 * details. Expected refusals are one line each, with no stack. Replies through the HTTP adapter,
 * so Express and Fastify hosts get the same answer.
 */
@Catch()
export class WebhookExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('MessagingGateway:Webhook');

  constructor(private readonly adapterHost: HttpAdapterHost) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const { httpAdapter } = this.adapterHost;
    const response: unknown = host.switchToHttp().getResponse();
    let status: number = HttpStatus.INTERNAL_SERVER_ERROR;
    let code: string = ErrorCode.INTERNAL;
    let message = 'The webhook could not be processed; the provider should retry.';
    if (exception instanceof MessagingGatewayError) {
      status = WEBHOOK_ERROR_STATUS[exception.code] ?? HttpStatus.INTERNAL_SERVER_ERROR;
      code = exception.code;
      message = exception.message;
    } else if (exception instanceof HttpException) {
      status = exception.getStatus();
      message = exception.message;
    }
    const expected = exception instanceof MessagingGatewayError && WEBHOOK_ERROR_STATUS[exception.code] !== undefined;
    if (!expected) {
      this.logger.error(
        `${code}: ${exception instanceof Error ? (exception.stack ?? exception.message) : String(exception)}`,
      );
    } else if (code === ErrorCode.WEBHOOK_UNAVAILABLE) {
      // The outage itself is logged once by the Redis watcher, not once per refused request.
      this.logger.debug(`webhook refused ${status} ${code}`);
    } else {
      this.logger.warn(`webhook refused ${status} ${code}: ${message}`);
    }
    // An unread oversize body must not keep the connection: close it after this answer.
    if (status === HttpStatus.PAYLOAD_TOO_LARGE) httpAdapter.setHeader(response, 'Connection', 'close');
    if (status === HttpStatus.TOO_MANY_REQUESTS) httpAdapter.setHeader(response, 'Retry-After', '60');
    if (code === ErrorCode.WEBHOOK_UNAVAILABLE) {
      httpAdapter.setHeader(response, 'Retry-After', String(UNAVAILABLE_RETRY_AFTER_S));
    }
    httpAdapter.reply(response, { ok: false, code, message }, status);
  }
}
