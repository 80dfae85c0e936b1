import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { ImapFlow } from 'imapflow';
import { InjectGatewayOptions } from '../../core/options/gateway-options.providers';
import type { GatewaySettings } from '../../core/options/gateway-options.schema';
import { ErrorCode } from '../../core/errors/error-codes';
import { MessagingGatewayError } from '../../core/errors/messaging-gateway.error';
import { ReconnectBackoff } from './reconnect-backoff';
import { ImapConnectionFactory } from './imap-connection.factory';
import { describeImapError } from './imap-error';
import { ImapFetchLoop } from './imap-fetch.loop';
import { ImapLeaseService } from './imap-lease.service';
import type { ImapMailboxLease } from './imap-mailbox.lease';
import { imapMailboxKey } from './imap-mailbox-key';
import type { ImapReceiverStatus } from './imap-receiver-status.types';
import { ImapReceiverState } from './imap-receiver.state';
import { ImapWakeSignal } from './imap-wake-signal';

/** A standby instance tries to take the mailbox this often: takeover well within a minute. */
const IMAP_LEASE_RETRY_MS = 5000;
/** The active instance checks that its lock session is alive this often. */
const IMAP_LEASE_CHECK_MS = 5000;
/** LOGOUT gets this long at shutdown before the socket is simply closed. */
const LOGOUT_TIMEOUT_MS = 2000;
/** How long shutdown waits for the current batch before closing the connection under it. */
const SHUTDOWN_GRACE_MS = 10_000;

/**
 * The IMAP ingress (`inbound.mode` imap or both). One instance per mailbox reads at a time
 * (lease); it connects, catches up, then waits for an IDLE `EXISTS` or the poll interval,
 * whichever comes first, and catches up again; any failure closes the session and reconnects
 * after a capped, jittered backoff. Started and stopped with the Nest application lifecycle.
 * @publicApi
 */
@Injectable()
export class ImapReceiverService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('ImapReceiver');
  private readonly wake = new ImapWakeSignal();
  private readonly backoff = new ReconnectBackoff();
  private readonly mailboxKey: string;
  private readonly state: ImapReceiverState;
  private stopping = false;
  private loop?: Promise<void>;
  private client?: ImapFlow;

  /** @internal Nest injects it. */
  constructor(
    @InjectGatewayOptions('imap') private readonly imap: GatewaySettings<'imap'>,
    @InjectGatewayOptions('inbound') private readonly inbound: GatewaySettings<'inbound'>,
    private readonly connections: ImapConnectionFactory,
    private readonly leases: ImapLeaseService,
    private readonly fetchLoop: ImapFetchLoop,
  ) {
    this.mailboxKey = imapMailboxKey(this.imap);
    this.state = new ImapReceiverState(this.inbound.mode !== 'webhook', this.imap.mailbox, this.logger);
  }

  onApplicationBootstrap(): void {
    if (!this.state.status.enabled) return;
    this.state.status.role = 'standby';
    this.loop = this.run();
  }

  /**
   * Lets the current batch finish (its commits get acknowledged), then logs out; a session that
   * does not end within SHUTDOWN_GRACE_MS (a connect to an unreachable host) is closed. Nothing
   * is lost either way: unacknowledged mail is fetched again by the next reader.
   */
  async onApplicationShutdown(): Promise<void> {
    this.stopping = true;
    this.wake.fire();
    const grace = setTimeout(() => this.client?.close(), SHUTDOWN_GRACE_MS);
    await this.loop;
    clearTimeout(grace);
    this.state.status.role = 'stopped';
  }

  /** A snapshot for health checks: plain data, safe to serialize. */
  getStatus(): ImapReceiverStatus {
    return this.state.snapshot();
  }

  private async run(): Promise<void> {
    while (!this.stopping) {
      const lease = await this.acquireLease();
      if (!lease) return;
      await this.lead(lease);
    }
  }

  private async acquireLease(): Promise<ImapMailboxLease | undefined> {
    while (!this.stopping) {
      try {
        const lease = await this.leases.tryAcquire(this.mailboxKey);
        if (lease) return lease;
      } catch (error) {
        this.state.recordFailure(error);
      }
      await this.wake.wait(IMAP_LEASE_RETRY_MS);
    }
    return undefined;
  }

  /** Reads the mailbox for as long as the lease holds, reconnecting after failures. */
  private async lead(lease: ImapMailboxLease): Promise<void> {
    this.state.status.role = 'active';
    this.logger.log(`mailbox=${this.imap.mailbox} lease taken: this instance reads it`);
    let checking = false;
    const watch = setInterval(() => {
      if (checking) return;
      checking = true;
      void lease.verify(IMAP_LEASE_CHECK_MS).then((held) => {
        checking = false;
        if (held) return;
        this.client?.close();
        this.wake.fire();
      });
    }, IMAP_LEASE_CHECK_MS);
    try {
      while (!this.stopping && lease.held) {
        try {
          await this.session(lease);
        } catch (error) {
          if (this.stopping) break;
          this.state.recordFailure(error);
          this.state.status.counters.reconnects += 1;
          this.wake.clear(); // wake-ups of the dead session; only shutdown or a lost lease end the backoff
          await this.wake.wait(this.backoff.next());
        }
      }
    } finally {
      clearInterval(watch);
      if (!lease.held && !this.stopping) {
        this.logger.warn(`mailbox=${this.imap.mailbox} lease lost (its PostgreSQL session ended): stopped reading`);
      }
      await lease.release();
      this.state.status.role = this.stopping ? 'stopped' : 'standby';
    }
  }

  /** One connection: catch up at once, then at every wake-up, until it fails or must stop. */
  private async session(lease: ImapMailboxLease): Promise<void> {
    let client: ImapFlow | undefined;
    let closed = false;
    const connectionLost = (): MessagingGatewayError =>
      new MessagingGatewayError(ErrorCode.IMAP_CONNECTION, 'the IMAP connection closed', true);
    try {
      client = await this.connections.connect((connecting) => (this.client = connecting));
      // Attached in the same tick as the login resolves: no event of this client can be missed.
      client.on('close', () => {
        closed = true;
        this.wake.fire();
      });
      client.on('exists', () => this.wake.fire());
      this.state.status.connected = true;
      this.state.status.mode = client.capabilities.has('IDLE') ? 'idle' : 'poll';
      const target = {
        client,
        mailbox: this.imap.mailbox,
        processedMailbox: this.imap.processedMailbox,
        mailboxKey: this.mailboxKey,
        shouldContinue: () => !this.stopping && lease.held && !closed,
      };
      if (target.processedMailbox) await this.ensureMailbox(client, target.processedMailbox);
      for (;;) {
        this.state.recordPass(await this.fetchLoop.sync(target));
        this.backoff.reset();
        if (closed) throw connectionLost();
        if (!target.shouldContinue()) return;
        await this.wake.wait(this.imap.pollIntervalMs);
        if (closed) throw connectionLost();
        if (!target.shouldContinue()) return;
      }
    } finally {
      this.state.status.connected = false;
      this.state.status.mode = null;
      this.client = undefined;
      if (client) {
        // This connection's close must not cut the reconnect backoff short.
        client.removeAllListeners('close');
        client.removeAllListeners('exists');
        await closeQuietly(client);
      }
    }
  }

  private async ensureMailbox(client: ImapFlow, path: string): Promise<void> {
    try {
      await client.mailboxCreate(path); // answers created:false when it exists (RFC 5530 ALREADYEXISTS)
    } catch (error) {
      throw new MessagingGatewayError(
        ErrorCode.IMAP_MAILBOX,
        `the processed mailbox cannot be created (${describeImapError(error).message}): create it or check EMAIL_IMAP_PROCESSED_MAILBOX`,
        true,
      );
    }
  }
}

async function closeQuietly(client: ImapFlow): Promise<void> {
  if (client.usable) {
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      client.logout().catch(() => undefined),
      new Promise((resolve) => (timer = setTimeout(resolve, LOGOUT_TIMEOUT_MS))),
    ]);
    clearTimeout(timer);
  }
  client.close();
}
