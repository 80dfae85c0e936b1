import { Injectable, Logger } from '@nestjs/common';
import { ImapFlow, type ImapFlowOptions, type Logger as ImapFlowLogger } from 'imapflow';
import { InjectGatewayOptions } from '../../core/options/gateway-options.providers';
import type { GatewaySettings } from '../../core/options/gateway-options.schema';
import { isLoginRefused, oauthLoginRefused } from './imap-error';
import { ImapOauthTokenProvider } from './imap-oauth-token.provider';

/**
 * A quiet socket with a command in flight is dead after this long; imapflow then closes it and
 * the receiver reconnects. While idling, imapflow answers the same timeout with a NOOP instead,
 * which is what catches an IDLE that died silently (a NAT that forgot the connection).
 */
const IMAP_SOCKET_TIMEOUT_MS = 60_000;
/** Budget for DNS, TCP and TLS together (imapflow's default is 90 s). */
const IMAP_CONNECTION_TIMEOUT_MS = 30_000;
/**
 * Inactivity before imapflow enters IDLE once the mailbox is selected. Mail that arrives before
 * IDLE starts is only announced when it does (or at the next poll), so this is the delay added
 * to mail arriving right after a pass. imapflow never starts IDLE while our mailbox lock is
 * held, so a pass is not interrupted however short this is.
 */
const IMAP_AUTO_IDLE_DELAY_MS = 200;
/** RFC 2177 3: clients should re-issue IDLE at least every 29 minutes; we restart it sooner. */
const IMAP_MAX_IDLE_MS = 5 * 60_000;

/** How one login authenticates: the password, or an OAuth2 access token (XOAUTH2/OAUTHBEARER). */
export type ImapCredentials = { pass: string | undefined } | { accessToken: string };

/**
 * Builds the imapflow client from the options and logs in. TLS: `secure` is implicit TLS (993);
 * `starttls` maps to imapflow's `doSTARTTLS: true`, which refuses to continue in plaintext when
 * the server does not offer STARTTLS (no downgrade); with neither, imapflow upgrades when the
 * server offers it. Certificates are verified unless `tlsRejectUnauthorized` is false.
 */
@Injectable()
export class ImapConnectionFactory {
  private readonly logger = new Logger('ImapReceiver');

  constructor(
    @InjectGatewayOptions('imap') private readonly imap: GatewaySettings<'imap'>,
    @InjectGatewayOptions('inbound') private readonly inbound: GatewaySettings<'inbound'>,
    private readonly tokens: ImapOauthTokenProvider,
  ) {}

  /**
   * A connected, logged-in client. `track` receives each client before it connects, so that
   * shutdown or a lost lease can close a connect in progress. Under `oauth2` the token comes
   * from `ImapOauthTokenProvider` (cached, renewed before it expires); a token the server
   * refuses is replaced once by a fresh one (revoked early, or a clock that disagrees), and a
   * second refusal is `EGW_IMAP_AUTH` with the server's reason: the receiver then backs off.
   */
  async connect(track: (client: ImapFlow) => void): Promise<ImapFlow> {
    if (this.imap.auth !== 'oauth2') return this.login({ pass: this.imap.pass }, track);
    try {
      return await this.login({ accessToken: await this.tokens.get() }, track);
    } catch (error) {
      if (!isLoginRefused(error)) throw error;
      this.logger.debug(`mailbox=${this.imap.mailbox} the server refused the OAuth2 token: trying a fresh one`);
    }
    try {
      return await this.login({ accessToken: await this.tokens.get(true) }, track);
    } catch (error) {
      throw isLoginRefused(error) ? oauthLoginRefused(error) : error;
    }
  }

  private async login(credentials: ImapCredentials, track: (client: ImapFlow) => void): Promise<ImapFlow> {
    const client = new ImapFlow(imapFlowOptions(this.imap, this.inbound.maxMessageBytes, credentials));
    client.on('error', (error: Error) => this.logger.debug(`imap client error: ${error.message}`));
    track(client);
    try {
      await client.connect();
      return client;
    } catch (error) {
      client.close();
      throw error;
    }
  }
}

/**
 * imapflow's options for our settings. `maxMessageBytes` also bounds what the server may send
 * in one literal (imapflow allows 1 GB by default): sources above the limit are never fetched,
 * so a larger literal is a hostile or broken server; the margin absorbs honest size slack.
 */
export function imapFlowOptions(
  imap: GatewaySettings<'imap'>,
  maxMessageBytes: number,
  credentials: ImapCredentials,
): ImapFlowOptions {
  const maxLiteralSize = 2 * maxMessageBytes + 1024 * 1024;
  return {
    host: imap.host,
    port: imap.port,
    secure: imap.secure,
    doSTARTTLS: imap.secure ? undefined : imap.starttls ? true : undefined,
    tls: { rejectUnauthorized: imap.tlsRejectUnauthorized },
    auth: { user: imap.user ?? '', ...credentials },
    logger: imapFlowLogger(),
    connectionTimeout: IMAP_CONNECTION_TIMEOUT_MS,
    socketTimeout: IMAP_SOCKET_TIMEOUT_MS,
    autoIdleDelay: IMAP_AUTO_IDLE_DELAY_MS,
    maxIdleTime: Math.min(imap.pollIntervalMs, IMAP_MAX_IDLE_MS),
    missingIdleCommand: 'NOOP',
    maxLiteralSize,
    maxResponseSize: maxLiteralSize + 1024 * 1024,
    clientInfo: { name: 'nestjs-messaging-gateway' },
  };
}

/**
 * imapflow logs every command at debug and info; Nest prints those levels by default, and they
 * can name the account, so only imapflow's warnings and errors come through, at verbose. The
 * receiver reports each failure itself, once, at warn.
 */
function imapFlowLogger(): ImapFlowLogger {
  const logger = new Logger('imapflow');
  const ignore = (): void => undefined;
  const write = (entry: { msg?: string; err?: Error }): void => {
    if (entry?.msg) logger.verbose(entry.err ? `${entry.msg}: ${entry.err.message}` : entry.msg);
  };
  return { debug: ignore, info: ignore, warn: write, error: write };
}
