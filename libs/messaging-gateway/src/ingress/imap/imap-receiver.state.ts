import type { Logger } from '@nestjs/common';
import { describeImapError } from './imap-error';
import type { ImapSyncReport } from './imap-fetch.loop';
import type { ImapReceiverStatus } from './imap-receiver-status.types';

type MutableStatus = Omit<ImapReceiverStatus, 'healthy'>;

/**
 * What the receiver knows about itself, kept in one place: updated by the session loop, read
 * by `getStatus()`, and the one spot that logs passes and failures (a failure at warn once, its
 * repeats at debug, so a long outage does not flood the log).
 */
export class ImapReceiverState {
  readonly status: MutableStatus;

  constructor(
    enabled: boolean,
    private readonly mailbox: string,
    private readonly logger: Logger,
  ) {
    this.status = {
      enabled,
      role: 'stopped',
      connected: false,
      mode: null,
      mailbox,
      uidValidity: null,
      lastUid: null,
      lastSyncAt: null,
      lastError: null,
      counters: { stored: 0, duplicates: 0, failed: 0, reconnects: 0 },
    };
  }

  /** A copy that is plain data, safe to serialize; `healthy` is false only for a disconnected reader. */
  snapshot(): ImapReceiverStatus {
    const s = this.status;
    return {
      ...s,
      lastError: s.lastError && { ...s.lastError },
      counters: { ...s.counters },
      healthy: !s.enabled || s.role !== 'active' || s.connected,
    };
  }

  recordPass(report: ImapSyncReport): void {
    const s = this.status;
    s.counters.stored += report.stored;
    s.counters.duplicates += report.duplicates;
    s.counters.failed += report.failed;
    s.uidValidity = report.uidValidity;
    s.lastUid = report.lastUid;
    s.lastSyncAt = new Date().toISOString();
    if (s.lastError) this.logger.log(`mailbox=${this.mailbox} reading again`);
    s.lastError = null;
    if (report.stored + report.failed > 0) {
      this.logger.log(
        `mailbox=${this.mailbox} stored=${report.stored} duplicates=${report.duplicates} failed=${report.failed} lastUid=${report.lastUid}`,
      );
    }
  }

  recordFailure(error: unknown): void {
    const { code, reason, message } = describeImapError(error);
    const repeated = this.status.lastError?.message === message;
    this.status.lastError = { code, reason, message, at: new Date().toISOString() };
    if (repeated) this.logger.debug(`${code} ${reason} ${message}`);
    else this.logger.warn(`mailbox=${this.mailbox} ${code} ${reason}: ${message}`);
  }
}
