import { ErrorCode } from '../../core/errors/error-codes';
import { MessagingGatewayError } from '../../core/errors/messaging-gateway.error';

/** Shorthands for the errors every adapter throws; the HTTP status is chosen by the filter only. */
export const signatureError = (message: string): MessagingGatewayError =>
  new MessagingGatewayError(ErrorCode.WEBHOOK_SIGNATURE, message);

export const malformedError = (message: string): MessagingGatewayError =>
  new MessagingGatewayError(ErrorCode.WEBHOOK_MALFORMED, message);

export const unsupportedError = (message: string): MessagingGatewayError =>
  new MessagingGatewayError(ErrorCode.WEBHOOK_UNSUPPORTED, message);
