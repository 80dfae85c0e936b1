import { Injectable, Logger } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { ImapMailboxLease, LOCK_NAMESPACE, type PostgresDriverLike } from './imap-mailbox.lease';
import { InjectGatewayDataSource } from '../../core/host-prerequisites.providers';

/** Acquires {@link ImapMailboxLease}s on the host's TypeORM PostgreSQL connection settings. */
@Injectable()
export class ImapLeaseService {
  private readonly logger = new Logger('ImapReceiver');

  constructor(@InjectGatewayDataSource() private readonly dataSource: DataSource) {}

  /** The lease when no other session holds this mailbox, else undefined. Never waits. */
  async tryAcquire(mailboxKey: string): Promise<ImapMailboxLease | undefined> {
    const driver = this.dataSource.driver as unknown as PostgresDriverLike;
    const [client, release] = await driver.obtainMasterConnection();
    const swallow = (): void => undefined;
    client.on('error', swallow);
    try {
      const { rows } = await client.query('SELECT pg_try_advisory_lock(hashtext($1), hashtext($2)) AS locked', [
        LOCK_NAMESPACE,
        mailboxKey,
      ]);
      if (rows[0]?.locked !== true) {
        release();
        return undefined;
      }
      return new ImapMailboxLease(client, release, mailboxKey);
    } catch (error) {
      this.logger.debug(`advisory lock attempt failed: ${(error as Error).message}`);
      release(true);
      throw error;
    } finally {
      client.removeListener('error', swallow);
    }
  }
}
