import type { OutboundEmail } from 'nestjs-messaging-gateway';

/** What a person sees of one outbox row: its state word, what happens next, and what went wrong. */
export interface DeliveryState {
  /** `sent`, `sending`, `retrying`, `queued`, `expired`, `failed` or `suppressed`; also the badge's CSS class. */
  state: string;
  /** One sentence: when the next attempt is, or why it stopped. Empty when there is nothing to say. */
  detail: string;
  /** The last SMTP reply or error, as the server or the host queue gave it. */
  lastError: string;
  /** Failed or expired, for a reason a resend can fix (`OutboundEmailService.canResend`). */
  resendable: boolean;
}

/**
 * The outbox's and the thread page's words for a delivery. A queued row that has been tried and
 * has a next attempt is "retrying", with the time of that attempt and the error of the last one,
 * so an agent knows the answer is not lost and when it will go.
 */
export function deliveryState(row: OutboundEmail, canResend: boolean): DeliveryState {
  const lastError = row.smtpResponse ?? '';
  if (row.status === 'queued' && row.attempts > 0) {
    const next = row.nextAttemptAt ? `next attempt at ${clock(row.nextAttemptAt)}` : 'next attempt due now';
    return { state: 'retrying', detail: `${next}, after ${attemptsText(row.attempts)}`, lastError, resendable: false };
  }
  if (row.status === 'failed' && row.reasonCode === 'expired') {
    return {
      state: 'expired',
      detail: `not delivered before it expired, after ${attemptsText(row.attempts)}`,
      lastError,
      resendable: canResend,
    };
  }
  if (row.status === 'failed') {
    return {
      state: 'failed',
      detail: row.reasonCode ? `stopped: ${row.reasonCode}` : '',
      lastError,
      resendable: canResend,
    };
  }
  return { state: row.status, detail: '', lastError: row.status === 'sent' ? '' : lastError, resendable: false };
}

const attemptsText = (attempts: number): string => (attempts === 1 ? '1 attempt' : `${attempts} attempts`);

/** To the second: retries in the first minute are seconds apart. */
const clock = (at: Date | string): string => new Date(at).toISOString().replace('T', ' ').slice(0, 19) + ' UTC';
