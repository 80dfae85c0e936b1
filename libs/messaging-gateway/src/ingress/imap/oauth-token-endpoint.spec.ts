import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { MessagingGatewayError } from '../../core/errors/messaging-gateway.error';
import { requestOauthToken } from './oauth-token-endpoint';

type Handler = (form: URLSearchParams, req: IncomingMessage, res: ServerResponse) => void;

/** A token endpoint on 127.0.0.1 whose answer each test writes. */
function endpoint(): { url: () => string; answer: (handler: Handler) => void } {
  let handler: Handler = (_, __, res) => res.end();
  let server: Server;
  beforeAll(async () => {
    server = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString()));
      req.on('end', () => handler(new URLSearchParams(body), req, res));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });
  return {
    url: () => `http://127.0.0.1:${(server.address() as AddressInfo).port}/token`,
    answer: (next) => (handler = next),
  };
}

const json = (res: ServerResponse, status: number, body: unknown): void => {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
};

async function failure(promise: Promise<unknown>): Promise<MessagingGatewayError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(MessagingGatewayError);
  return error as MessagingGatewayError;
}

describe('requestOauthToken', () => {
  const server = endpoint();
  const SECRET = 'client-secret-value-9f8e7d';
  const REFRESH = 'refresh-token-value-1a2b3c';

  it('asks for client credentials with the scope, and reads the token and its lifetime', async () => {
    let seen: URLSearchParams | undefined;
    server.answer((form, req, res) => {
      seen = form;
      expect(req.headers['content-type']).toBe('application/x-www-form-urlencoded');
      json(res, 200, { access_token: 'at-1', token_type: 'Bearer', expires_in: 3599 });
    });
    const issued = await requestOauthToken({
      tokenUrl: server.url(),
      clientId: 'client',
      clientSecret: SECRET,
      scope: 'https://outlook.office365.com/.default',
    });
    expect(issued).toEqual({ accessToken: 'at-1', expiresInMs: 3_599_000, refreshToken: undefined });
    expect(Object.fromEntries(seen!)).toEqual({
      grant_type: 'client_credentials',
      client_id: 'client',
      client_secret: SECRET,
      scope: 'https://outlook.office365.com/.default',
    });
  });

  it('uses the refresh token grant when a refresh token is set, and returns a rotated one', async () => {
    let seen: URLSearchParams | undefined;
    server.answer((form, _, res) => {
      seen = form;
      json(res, 200, { access_token: 'at-2', token_type: 'bearer', expires_in: '3600', refresh_token: 'rotated' });
    });
    const issued = await requestOauthToken({ tokenUrl: server.url(), clientId: 'client', refreshToken: REFRESH });
    expect(issued).toEqual({ accessToken: 'at-2', expiresInMs: 3_600_000, refreshToken: 'rotated' });
    expect(Object.fromEntries(seen!)).toEqual({
      grant_type: 'refresh_token',
      refresh_token: REFRESH,
      client_id: 'client',
    });
  });

  it('reports a refusal as EGW_IMAP_AUTH with the provider reason and a fix, never the secrets', async () => {
    server.answer((_, __, res) =>
      json(res, 401, {
        error: 'invalid_client',
        error_description: `AADSTS7000215: Invalid client secret provided (${SECRET}).\r\nTrace ID: 42`,
      }),
    );
    const error = await failure(
      requestOauthToken({ tokenUrl: server.url(), clientId: 'client', clientSecret: SECRET, scope: 's' }),
    );
    expect(error.code).toBe('EGW_IMAP_AUTH');
    expect(error.message).toMatch(
      /HTTP 401 invalid_client: AADSTS7000215: Invalid client secret provided \(\*\*\*\)\. Trace ID: 42/,
    );
    expect(error.message).toMatch(/check EMAIL_IMAP_OAUTH_CLIENT_ID and EMAIL_IMAP_OAUTH_CLIENT_SECRET/);
    expect(error.message).not.toContain(SECRET);
    expect(error.message).not.toMatch(/[\r\n]/);

    server.answer((_, __, res) =>
      json(res, 400, { error: 'invalid_grant', error_description: 'Token has been revoked.' }),
    );
    const revoked = await failure(requestOauthToken({ tokenUrl: server.url(), clientId: 'c', refreshToken: REFRESH }));
    expect(revoked.message).toMatch(/invalid_grant: Token has been revoked.*EMAIL_IMAP_OAUTH_REFRESH_TOKEN/);
  });

  it.each([
    ['a 503', (res: ServerResponse) => json(res, 503, { error: 'temporarily_unavailable' }), /HTTP 503/],
    ['a 429', (res: ServerResponse) => json(res, 429, { error: 'slow_down' }), /HTTP 429/],
    ['no token in a 200', (res: ServerResponse) => json(res, 200, { token_type: 'Bearer' }), /without a usable/],
    ['a MAC token', (res: ServerResponse) => json(res, 200, { access_token: 'x', token_type: 'mac' }), /not a bearer/],
    [
      'a token with a control character',
      (res: ServerResponse) => json(res, 200, { access_token: 'a\u0001b' }),
      /usable/,
    ],
    ['HTML', (res: ServerResponse) => res.writeHead(502).end('<html>bad gateway</html>'), /HTTP 502/],
    [
      'a redirect (never followed: the form carries the secret)',
      (res: ServerResponse) => res.writeHead(302, { location: 'http://127.0.0.1:1/' }).end(),
      /redirect/,
    ],
  ])('reports %s as EGW_IMAP_OAUTH_TOKEN (retried)', async (_, answer, reason) => {
    server.answer((__, ___, res) => answer(res));
    const error = await failure(requestOauthToken({ tokenUrl: server.url(), clientId: 'c', clientSecret: SECRET }));
    expect(error).toMatchObject({ code: 'EGW_IMAP_OAUTH_TOKEN', transient: true });
    expect(error.message).toMatch(reason);
  });

  it('gives up on a slow endpoint at the deadline and on an answer over the size cap', async () => {
    server.answer(() => undefined); // never answers
    const slow = await failure(
      requestOauthToken({ tokenUrl: server.url(), clientId: 'c' }, { timeoutMs: 200, maxBytes: 1000 }),
    );
    expect(slow.message).toMatch(/no complete answer within 200 ms/);

    server.answer((_, __, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write(`{"access_token":"${'a'.repeat(5000)}`);
      res.end('"}');
    });
    const large = await failure(
      requestOauthToken({ tokenUrl: server.url(), clientId: 'c' }, { timeoutMs: 2000, maxBytes: 1000 }),
    );
    expect(large.message).toMatch(/over 1000 bytes/);
  });

  it('reports an unreachable endpoint', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const error = await failure(requestOauthToken({ tokenUrl: `http://127.0.0.1:${port}/token`, clientId: 'c' }));
    expect(error).toMatchObject({ code: 'EGW_IMAP_OAUTH_TOKEN' });
    expect(error.message).toMatch(/ECONNREFUSED/);
  });
});
