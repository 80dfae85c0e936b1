import { ErrorCode } from '../../core/errors/error-codes';
import { MessagingGatewayError } from '../../core/errors/messaging-gateway.error';
import type { SmtpFailure } from './smtp-failure';

/** An attempt failed; `failure` says whether a retry can help. */
export class SmtpSendError extends MessagingGatewayError {
  constructor(readonly failure: SmtpFailure) {
    super(
      failure.permanent ? ErrorCode.SMTP_PERMANENT : ErrorCode.SMTP_TRANSIENT,
      `SMTP ${failure.permanent ? 'refused the message' : 'failed temporarily'}: ${failure.response}`,
      !failure.permanent,
      { responseCode: failure.responseCode, response: failure.response },
    );
  }
}
