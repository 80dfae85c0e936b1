/**
 * State of the IMAP receiver, as a plain object for health checks and dashboards (no
 * dependency on @nestjs/terminus). @publicApi
 */
export interface ImapReceiverStatus {
  /** False when `inbound.mode` is `webhook`: nothing below applies. */
  enabled: boolean;
  /**
   * `active`: this instance holds the mailbox lease and reads it; `standby`: another instance
   * does, this one retries every few seconds; `stopped`: disabled or shutting down.
   */
  role: 'active' | 'standby' | 'stopped';
  /** Connected and logged in (only ever true on the active instance). */
  connected: boolean;
  /** `idle` when the server supports IDLE (RFC 2177), else `poll`; null while not connected. */
  mode: 'idle' | 'poll' | null;
  /** The mailbox read, e.g. INBOX. */
  mailbox: string;
  uidValidity: string | null;
  /** Highest UID stored and acknowledged. */
  lastUid: number | null;
  /** End of the last complete catch-up pass (ISO 8601). */
  lastSyncAt: string | null;
  /** Last failure (connection, login, mailbox, database), cleared by the next successful pass. */
  lastError: { code: string; message: string; at: string } | null;
  /** Messages stored, recognised as duplicates, and recorded as failed since start. */
  counters: { stored: number; duplicates: number; failed: number; reconnects: number };
  /** True unless this instance is the active one and is disconnected. */
  healthy: boolean;
}
