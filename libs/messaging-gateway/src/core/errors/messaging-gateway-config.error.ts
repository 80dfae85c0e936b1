import { ErrorCode } from './error-codes';
import { MessagingGatewayError } from './messaging-gateway.error';

/**
 * A setting is missing or wrong. Thrown once at boot; the message is one line that names the
 * setting (the environment variable when there is one), what is wrong and how to fix it.
 * @publicApi
 */
export class MessagingGatewayConfigError extends MessagingGatewayError {
  constructor(
    readonly setting: string,
    problem: string,
    fix: string,
  ) {
    super(ErrorCode.CONFIG, `${setting}: ${problem}; ${fix}.`);
  }
}
