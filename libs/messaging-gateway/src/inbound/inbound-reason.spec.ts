import { ErrorCode } from '../core/errors/error-codes';
import { MessagingGatewayError } from '../core/errors/messaging-gateway.error';
import { inboundFailureOf } from './inbound-reason';

describe('inboundFailureOf', () => {
  it('maps gateway errors to reason codes and keeps their transient flag', () => {
    expect(inboundFailureOf(new MessagingGatewayError(ErrorCode.TOO_MANY_PARTS, 'x'))).toMatchObject({
      reasonCode: 'too_many_parts',
      transient: false,
    });
    expect(inboundFailureOf(new MessagingGatewayError(ErrorCode.HTTP_STATUS, '503', true))).toMatchObject({
      reasonCode: 'api_unavailable',
      transient: true,
    });
    expect(inboundFailureOf(new MessagingGatewayError(ErrorCode.HTTP_STATUS, '422', false))).toMatchObject({
      reasonCode: 'api_rejected',
      transient: false,
    });
    expect(inboundFailureOf(new MessagingGatewayError(ErrorCode.HTTP_NETWORK, 'ECONNREFUSED', true)).reasonCode).toBe(
      'api_unavailable',
    );
  });

  it('treats unknown errors (a database hiccup) as transient internal errors, detail capped', () => {
    const failure = inboundFailureOf(new Error('connection terminated '.repeat(100)));
    expect(failure).toMatchObject({ reasonCode: 'internal_error', transient: true });
    expect(failure.detail.length).toBeLessThanOrEqual(1000);
  });
});
