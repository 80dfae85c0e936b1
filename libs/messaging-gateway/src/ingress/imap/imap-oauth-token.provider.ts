import { Injectable, Logger } from '@nestjs/common';
import { ErrorCode } from '../../core/errors/error-codes';
import { MessagingGatewayError } from '../../core/errors/messaging-gateway.error';
import { InjectGatewayOptions } from '../../core/options/gateway-options.providers';
import type { GatewaySettings } from '../../core/options/gateway-options.schema';
import type { ImapAccessTokenProvider } from '../../core/options/groups/imap.options';
import { isBearerToken, requestOauthToken } from './oauth-token-endpoint';
import { safeReason } from './safe-reason';

/**
 * A cached token is replaced this long before it expires, so that it is still valid when the
 * server checks it; a tenth of the lifetime for short-lived tokens.
 */
const REFRESH_MARGIN_MS = 60_000;
/** A host provider that neither answers nor fails would stall the receiver: it gets this long. */
const HOST_PROVIDER_TIMEOUT_MS = 30_000;

/**
 * The access token of the next IMAP login under `EMAIL_IMAP_AUTH=oauth2`: the host's
 * `imap.accessToken` when given (it manages its own cache, and is told when to bypass it), else
 * the built-in OAuth2 flow of `imap.oauth`, whose token is kept until shortly before it expires.
 * An IMAP session authenticates once, so a token is only needed to (re)connect. Tokens and
 * secrets are never logged.
 */
@Injectable()
export class ImapOauthTokenProvider {
  private readonly logger = new Logger('ImapReceiver');
  private cached?: { accessToken: string; refreshAt: number };
  /** RFC 6749 6: when the server rotates the refresh token, the new one replaces the old. */
  private refreshToken?: string;

  constructor(@InjectGatewayOptions('imap') private readonly imap: GatewaySettings<'imap'>) {
    this.refreshToken = imap.oauth.refreshToken;
  }

  /** `forceRefresh`: the server refused the last token (revoked, expired early): get a new one. */
  async get(forceRefresh = false): Promise<string> {
    if (this.imap.accessToken) return this.fromHost(this.imap.accessToken, forceRefresh);
    if (!forceRefresh && this.cached && Date.now() < this.cached.refreshAt) return this.cached.accessToken;
    this.cached = undefined;
    return this.fromEndpoint();
  }

  private async fromEndpoint(): Promise<string> {
    const { tokenUrl, clientId, clientSecret, scope } = this.imap.oauth;
    const requestedAt = Date.now(); // the lifetime runs from the request, not from our reading of the answer
    const issued = await requestOauthToken({
      tokenUrl: tokenUrl ?? '',
      clientId: clientId ?? '',
      clientSecret,
      refreshToken: this.refreshToken,
      scope,
    });
    if (issued.refreshToken) this.refreshToken = issued.refreshToken;
    // Without a stated lifetime the token is used for this login only: logins are rare (one per
    // connection), and a guess could hand out an expired token.
    if (issued.expiresInMs !== undefined) {
      const margin = Math.min(REFRESH_MARGIN_MS, issued.expiresInMs / 10);
      this.cached = { accessToken: issued.accessToken, refreshAt: requestedAt + issued.expiresInMs - margin };
    }
    const lifetime = issued.expiresInMs === undefined ? 'unstated' : `${Math.round(issued.expiresInMs / 1000)} s`;
    this.logger.debug(`mailbox=${this.imap.mailbox} new OAuth2 access token (lifetime ${lifetime})`);
    return issued.accessToken;
  }

  private async fromHost(provider: ImapAccessTokenProvider, forceRefresh: boolean): Promise<string> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new Error(`no token within ${HOST_PROVIDER_TIMEOUT_MS} ms`)),
        HOST_PROVIDER_TIMEOUT_MS,
      );
    });
    let token: unknown;
    try {
      token = await Promise.race([provider({ forceRefresh }), timeout]);
    } catch (error) {
      throw new MessagingGatewayError(
        ErrorCode.IMAP_OAUTH_TOKEN,
        `imap.accessToken failed (${safeReason((error as Error)?.message ?? String(error))}); retrying`,
        true,
        { cause: error },
      );
    } finally {
      clearTimeout(timer);
    }
    if (!isBearerToken(token)) {
      throw new MessagingGatewayError(
        ErrorCode.IMAP_OAUTH_TOKEN,
        'imap.accessToken resolved to no usable token (a non-empty string of visible ASCII characters); retrying',
        true,
      );
    }
    return token;
  }
}
