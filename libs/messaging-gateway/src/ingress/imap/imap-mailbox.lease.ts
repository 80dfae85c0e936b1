/**
 * The advisory-lock namespace (first key of the two-key form), so that our lock ids never
 * collide with the host's own `pg_advisory_lock(bigint)` users.
 */
export const LOCK_NAMESPACE = 'nestjs-messaging-gateway:imap';

/** The `pg` client and pool release function TypeORM's Postgres driver hands out. */
export interface PooledPgClient {
  query(sql: string, params?: unknown[]): Promise<{ rows: Record<string, unknown>[] }>;
  on(event: 'error', listener: (error: Error) => void): unknown;
  removeListener(event: 'error', listener: (error: Error) => void): unknown;
}
export type PoolRelease = (destroy?: boolean | Error) => void;
export interface PostgresDriverLike {
  obtainMasterConnection(): Promise<[PooledPgClient, PoolRelease]>;
}

/**
 * Exclusive right to read one mailbox, held as a session-level PostgreSQL advisory lock on a
 * connection of its own. PostgreSQL drops the lock when that session ends, so a killed instance
 * frees the mailbox as soon as its socket closes; a standby takes it on its next attempt.
 * GitLab's reply-by-email created one comment per app server before mail_room added this kind
 * of arbitration.
 */
export class ImapMailboxLease {
  private lost = false;
  private released = false;
  private readonly onError = (): void => {
    this.lost = true;
  };

  constructor(
    private readonly client: PooledPgClient,
    private readonly releaseToPool: PoolRelease,
    private readonly key: string,
  ) {
    client.on('error', this.onError);
  }

  get held(): boolean {
    return !this.lost && !this.released;
  }

  /**
   * Round trip on the lock's own session: if the session is gone, so is the lock. No answer
   * within `timeoutMs` counts as lost too: behind a network partition PostgreSQL may already
   * have ended the session and granted the lock to a standby, so this reader must stop.
   */
  async verify(timeoutMs: number): Promise<boolean> {
    if (!this.held) return false;
    let timer: NodeJS.Timeout | undefined;
    const answered = await Promise.race([
      this.client.query('SELECT 1').then(
        () => true,
        () => false,
      ),
      new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), timeoutMs))),
    ]);
    clearTimeout(timer);
    if (!answered) this.lost = true;
    return this.held;
  }

  /**
   * Unlocks, then destroys the connection instead of returning it to the pool: should the
   * unlock fail, a pooled session would otherwise keep the lock forever.
   */
  async release(): Promise<void> {
    if (this.released) return;
    this.released = true;
    try {
      if (!this.lost) {
        await this.client.query('SELECT pg_advisory_unlock(hashtext($1), hashtext($2))', [LOCK_NAMESPACE, this.key]);
      }
    } catch {
      // The session is going away anyway.
    } finally {
      this.client.removeListener('error', this.onError);
      this.client.on('error', () => undefined);
      this.releaseToPool(true);
    }
  }
}
