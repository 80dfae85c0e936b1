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
  /**
   * Last failure (connection, login, token, mailbox, database), cleared by the next successful
   * pass. `reason`: `imap_auth_failed` (the server refused the login, or the token endpoint the
   * client: a person must act), `imap_token_unavailable`, `imap_connection_failed`,
   * `imap_mailbox_unavailable`, `database_unavailable` or `imap_session_failed`; `message` says
   * what to check, with the server's or provider's own words.
   */
  lastError: { code: string; reason: string; message: string; at: string } | null;
  /** Messages stored, recognised as duplicates, and recorded as failed since start. */
  counters: { stored: number; duplicates: number; failed: number; reconnects: number };
  /** True unless this instance is the active one and is disconnected. */
  healthy: boolean;
}
