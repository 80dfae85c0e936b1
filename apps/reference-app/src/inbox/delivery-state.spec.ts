import type { OutboundEmail } from 'nestjs-messaging-gateway';
import { deliveryState } from './delivery-state';

const row = (fields: Partial<OutboundEmail>): OutboundEmail =>
  ({
    status: 'queued',
    attempts: 0,
    reasonCode: null,
    smtpResponse: null,
    nextAttemptAt: null,
    ...fields,
  }) as OutboundEmail;

describe('deliveryState', () => {
  it('calls a tried, queued row retrying, with its next attempt to the second and the last reply', () => {
    const state = deliveryState(
      row({
        attempts: 3,
        reasonCode: 'smtp_unavailable',
        smtpResponse: '451 4.7.1 greylisted',
        nextAttemptAt: new Date('2026-12-03T10:00:04.900Z'),
      }),
      false,
    );
    expect(state).toEqual({
      state: 'retrying',
      detail: 'next attempt at 2026-12-03 10:00:04 UTC, after 3 attempts',
      lastError: '451 4.7.1 greylisted',
      resendable: false,
    });
  });

  it('keeps a never-tried row queued, and a row being sent sending', () => {
    expect(deliveryState(row({}), false).state).toBe('queued');
    expect(deliveryState(row({ status: 'sending', attempts: 1 }), false).state).toBe('sending');
  });

  it('calls an expired row expired, and lets the caller say whether it can be resent', () => {
    const expired = row({
      status: 'failed',
      reasonCode: 'expired',
      attempts: 14,
      smtpResponse: 'connect ECONNREFUSED',
    });
    expect(deliveryState(expired, true)).toMatchObject({
      state: 'expired',
      resendable: true,
      lastError: 'connect ECONNREFUSED',
    });
    expect(deliveryState(expired, true).detail).toBe('not delivered before it expired, after 14 attempts');
    expect(deliveryState(row({ status: 'failed', reasonCode: 'invalid_recipient' }), false)).toMatchObject({
      state: 'failed',
      detail: 'stopped: invalid_recipient',
      resendable: false,
    });
  });

  it('shows no old error on a sent row', () => {
    expect(deliveryState(row({ status: 'sent', attempts: 2, smtpResponse: '451 later' }), false).lastError).toBe('');
  });
});
