import type { ErrorCode } from './error-codes';

/** Context that helps an operator find the email or the protocol step at fault. */
export interface MessagingGatewayErrorContext {
  inboundEmailId?: string;
  outboundEmailId?: string;
  /** A thread already created in the Messages API when a later call failed. */
  threadId?: string;
  /** A message already created in the Messages API when a later call failed (never to be emailed back). */
  messageId?: string;
  command?: string;
  responseCode?: number;
  statusCode?: number;
  response?: string;
  cause?: unknown;
}

/**
 * Base of every error the gateway throws. `code` is stable (see `ErrorCode`); `transient`
 * tells the queue whether a retry can help.
 * @publicApi
 */
export class MessagingGatewayError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly transient = false,
    readonly context: MessagingGatewayErrorContext = {},
  ) {
    super(message, context.cause === undefined ? undefined : { cause: context.cause });
    this.name = new.target.name;
  }
}
