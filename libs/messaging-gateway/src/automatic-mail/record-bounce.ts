import type { EntityManager } from 'typeorm';
import type { BouncedRecipient } from './classify/classification-result';
import type { BouncedRecipientOutcome } from './automatic-mail.events';
import { recordSoftBounce, suppress } from './suppression-ledger';

/** The original's recipient, failed for a reason the bounce did not make readable (soft, Sisimai `undefined`). */
export const unreadableFailure = (address: string): BouncedRecipient => ({
  address: address.toLowerCase(),
  status: '',
  action: 'failed',
  hard: false,
  reason: 'undefined',
});

/**
 * Feeds the suppression list with failed recipients: a hard bounce suppresses at once, a soft
 * one counts towards `softBounceThreshold`. `inboundEmailId` goes into `detail`, which makes a
 * retried job a no-op for the soft-bounce count.
 */
export async function recordFailedRecipients(
  manager: EntityManager,
  failed: BouncedRecipient[],
  softBounceThreshold: number,
  inboundEmailId: string,
): Promise<BouncedRecipientOutcome[]> {
  const outcomes: BouncedRecipientOutcome[] = [];
  for (const recipient of failed) {
    const detail = `${recipient.status || 'no status'} ${recipient.reason} (inbound ${inboundEmailId})`;
    const state = recipient.hard
      ? await suppress(manager, recipient.address, 'hard_bounce', detail)
      : await recordSoftBounce(manager, recipient.address, softBounceThreshold, detail);
    const { address, status, action, hard, reason } = recipient;
    outcomes.push({ address, status, action, hard, reason, ...state });
  }
  return outcomes;
}

/** The reason and the remote servers' words recorded on the original outbound emails of a bounce. */
export function bounceOutcome(failed: BouncedRecipient[]): { reasonCode: string; diagnostic: string | null } {
  const diagnostic = failed
    .map((recipient) => `${recipient.status} ${recipient.diagnostic ?? ''}`.trim())
    .join('\n')
    .slice(0, 2000);
  return {
    reasonCode: failed.some((recipient) => recipient.hard) ? 'hard_bounce' : 'soft_bounce',
    diagnostic: diagnostic || null,
  };
}
