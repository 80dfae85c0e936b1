import { HttpStatus } from '@nestjs/common';
import { ErrorCode } from '../../core/errors/error-codes';

/**
 * The one mapping from gateway error codes to webhook HTTP statuses (INTEGRATION.md, "Webhook answers"). Providers
 * retry 5xx and 429 and give up on most 4xx, so only what a retry can fix is a 5xx.
 */
export const WEBHOOK_ERROR_STATUS: Partial<Record<ErrorCode, HttpStatus>> = {
  [ErrorCode.WEBHOOK_SIGNATURE]: HttpStatus.UNAUTHORIZED,
  [ErrorCode.WEBHOOK_TIMESTAMP]: HttpStatus.UNAUTHORIZED,
  [ErrorCode.WEBHOOK_REPLAY]: HttpStatus.UNAUTHORIZED,
  [ErrorCode.WEBHOOK_MALFORMED]: HttpStatus.BAD_REQUEST,
  [ErrorCode.PARSE]: HttpStatus.BAD_REQUEST,
  [ErrorCode.HEADER_INJECTION]: HttpStatus.BAD_REQUEST,
  [ErrorCode.WEBHOOK_UNKNOWN_PROVIDER]: HttpStatus.NOT_FOUND,
  [ErrorCode.WEBHOOK_TOO_LARGE]: HttpStatus.PAYLOAD_TOO_LARGE,
  [ErrorCode.MESSAGE_TOO_LARGE]: HttpStatus.PAYLOAD_TOO_LARGE,
  [ErrorCode.WEBHOOK_UNSUPPORTED]: HttpStatus.UNPROCESSABLE_ENTITY,
  [ErrorCode.WEBHOOK_RATE_LIMITED]: HttpStatus.TOO_MANY_REQUESTS,
  [ErrorCode.WEBHOOK_FETCH]: HttpStatus.BAD_GATEWAY,
  [ErrorCode.WEBHOOK_NOT_CONFIGURED]: HttpStatus.SERVICE_UNAVAILABLE,
  [ErrorCode.WEBHOOK_UNAVAILABLE]: HttpStatus.SERVICE_UNAVAILABLE,
};
