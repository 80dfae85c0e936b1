import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A small OAuth2 authorization server in memory, for the IMAP OAuth2 e2e suites: a token
 * endpoint (RFC 6749 client credentials and refresh token grants, client_secret_post) issuing
 * short-lived opaque tokens, and an RFC 7662 introspection endpoint that Dovecot's `oauth2`
 * passdb asks whether a token is valid.
 *
 * ```ts
 * const oauth = await startOauthServerStub({ username: dovecot.user, tokenLifetimeMs: 3000 });
 * oauth.tokenUrl / oauth.introspectionUrl / oauth.clientId / oauth.clientSecret / oauth.refreshToken
 * oauth.issue()            // a token for a host provider, as its own identity platform would give
 * oauth.revokeClient(...)  // every token dies and the token endpoint refuses the client
 * oauth.tokenRequests / oauth.introspections
 * ```
 */
export interface OauthServerStub {
  tokenUrl: string;
  introspectionUrl: string;
  clientId: string;
  clientSecret: string;
  refreshToken: string;
  scope: string;
  /** The grant of every token request, in order, with its answer status. */
  tokenRequests: { grantType: string; status: number }[];
  /** Every token Dovecot asked about, with the answer. */
  introspections: { token: string; active: boolean }[];
  /** Issues a token directly (what a host's own token library would hold). */
  issue(lifetimeMs?: number): { accessToken: string; expiresAt: number };
  /** Ends every token at once (as an administrator revoking sessions would). */
  expireAll(): void;
  /** Revokes the client: its tokens stop working and the token endpoint answers this error. */
  revokeClient(error: { error: string; error_description: string }): void;
  /** Every token issued so far. */
  issued(): string[];
  /** Lifetime of the tokens issued from now on. */
  setTokenLifetime(ms: number): void;
  /** Forgets tokens, requests and a revocation (between tests sharing one Dovecot). */
  reset(): void;
  close(): Promise<void>;
}

export interface OauthServerStubOptions {
  /** The mailbox login the tokens grant (Dovecot compares it with the IMAP user). */
  username: string;
  /** Lifetime of issued tokens; `expires_in` says it in whole seconds. @default 3600000 */
  tokenLifetimeMs?: number;
}

const MAX_BODY_BYTES = 64 * 1024;

export async function startOauthServerStub(options: OauthServerStubOptions): Promise<OauthServerStub> {
  let lifetimeMs = options.tokenLifetimeMs ?? 3_600_000;
  const clientId = 'mgw-test-client';
  const clientSecret = `secret-${randomBytes(12).toString('hex')}`;
  const refreshToken = `refresh-${randomBytes(12).toString('hex')}`;
  const scope = 'https://outlook.office365.com/.default';
  const tokens = new Map<string, number>(); // token → expiry (ms since epoch)
  const tokenRequests: OauthServerStub['tokenRequests'] = [];
  const introspections: OauthServerStub['introspections'] = [];
  let revoked: { error: string; error_description: string } | undefined;

  const issue = (ms?: number): { accessToken: string; expiresAt: number } => {
    ms ??= lifetimeMs;
    const accessToken = `at-${randomBytes(24).toString('base64url')}`;
    const expiresAt = Date.now() + ms;
    tokens.set(accessToken, expiresAt);
    return { accessToken, expiresAt };
  };

  const tokenEndpoint = (form: URLSearchParams): { status: number; body: object } => {
    const grantType = form.get('grant_type') ?? '';
    if (revoked) return { status: 401, body: revoked };
    if (form.get('client_id') !== clientId || form.get('client_secret') !== clientSecret) {
      return { status: 401, body: { error: 'invalid_client', error_description: 'unknown client or wrong secret' } };
    }
    if (grantType === 'refresh_token' && form.get('refresh_token') !== refreshToken) {
      return { status: 400, body: { error: 'invalid_grant', error_description: 'the refresh token is not valid' } };
    }
    if (grantType === 'client_credentials' && form.get('scope') !== scope) {
      return { status: 400, body: { error: 'invalid_scope', error_description: `scope must be ${scope}` } };
    }
    if (grantType !== 'refresh_token' && grantType !== 'client_credentials') {
      return { status: 400, body: { error: 'unsupported_grant_type', error_description: grantType } };
    }
    const { accessToken } = issue();
    return {
      status: 200,
      body: { access_token: accessToken, token_type: 'Bearer', expires_in: Math.ceil(lifetimeMs / 1000), scope },
    };
  };

  const introspect = (form: URLSearchParams): object => {
    const token = form.get('token') ?? '';
    const expiresAt = tokens.get(token);
    const active = !revoked && expiresAt !== undefined && expiresAt > Date.now();
    introspections.push({ token, active });
    return active ? { active: true, username: options.username, client_id: clientId } : { active: false };
  };

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    void readForm(req).then(
      (form) => {
        if (req.method === 'POST' && req.url === '/token') {
          const answer = tokenEndpoint(form);
          tokenRequests.push({ grantType: form.get('grant_type') ?? '', status: answer.status });
          return send(res, answer.status, answer.body);
        }
        if (req.method === 'POST' && req.url === '/introspect') return send(res, 200, introspect(form));
        send(res, 404, { error: 'not_found' });
      },
      () => send(res, 413, { error: 'too_large' }),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    tokenUrl: `${base}/token`,
    introspectionUrl: `${base}/introspect`,
    clientId,
    clientSecret,
    refreshToken,
    scope,
    tokenRequests,
    introspections,
    issue,
    expireAll: () => {
      for (const token of tokens.keys()) tokens.set(token, 0);
    },
    revokeClient: (error) => {
      revoked = error;
    },
    issued: () => [...tokens.keys()],
    setTokenLifetime: (ms) => {
      lifetimeMs = ms;
    },
    reset: () => {
      tokens.clear();
      tokenRequests.length = 0;
      introspections.length = 0;
      revoked = undefined;
      lifetimeMs = options.tokenLifetimeMs ?? 3_600_000;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

async function readForm(req: IncomingMessage): Promise<URLSearchParams> {
  let body = '';
  for await (const chunk of req) {
    body += (chunk as Buffer).toString();
    if (body.length > MAX_BODY_BYTES) throw new Error('too large');
  }
  return new URLSearchParams(body);
}

/**
 * `Connection: close`: Dovecot's HTTP client keeps connections open and does not retry a request
 * on one the server has since closed (Node closes idle ones after 5 s), which it would report as
 * a temporary authentication failure.
 */
function send(res: ServerResponse, status: number, body: object): void {
  res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store', connection: 'close' });
  res.end(JSON.stringify(body));
}
