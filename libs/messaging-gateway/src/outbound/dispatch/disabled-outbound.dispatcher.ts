import { ErrorCode } from '../../core/errors/error-codes';
import { MessagingGatewayError } from '../../core/errors/messaging-gateway.error';
import { OutboundDispatcher } from './outbound.dispatcher';

/** With EMAIL_OUTBOUND_ENABLED=false nothing is queued (no Redis connection is opened for it). */
export class DisabledOutboundDispatcher extends OutboundDispatcher {
  readonly gatewaySends = false;

  dispatch(): Promise<string> {
    return Promise.reject(
      new MessagingGatewayError(
        ErrorCode.OUTBOUND_DISABLED,
        'Outbound email is disabled (EMAIL_OUTBOUND_ENABLED=false).',
      ),
    );
  }
}
