import { ErrorCode } from '../../core/errors/error-codes';
import { MessagingGatewayError } from '../../core/errors/messaging-gateway.error';
import { safeReason } from './safe-reason';

/** What the token request sends (RFC 6749 4.4 client credentials, or 6 refresh token). */
export interface OauthTokenRequest {
  tokenUrl: string;
  clientId: string;
  clientSecret?: string;
  refreshToken?: string;
  scope?: string;
}

/** A token endpoint's answer: the token, its lifetime when stated, and a rotated refresh token if any. */
export interface IssuedOauthToken {
  accessToken: string;
  expiresInMs?: number;
  refreshToken?: string;
}

/** The whole request, answer included: identity platforms answer in well under a second. */
const TOKEN_REQUEST_TIMEOUT_MS = 15_000;
/** A token answer is a few kilobytes (a Microsoft JWT is about 2–3 KB); anything larger is not one. */
const MAX_TOKEN_ANSWER_BYTES = 64 * 1024;

/** What to check, by the OAuth2 error code of RFC 6749 5.2. */
const FIX_BY_ERROR: Record<string, string> = {
  invalid_client: 'check EMAIL_IMAP_OAUTH_CLIENT_ID and EMAIL_IMAP_OAUTH_CLIENT_SECRET (secrets expire)',
  invalid_grant:
    'the refresh token is expired or revoked: obtain a new one with the consent flow and set EMAIL_IMAP_OAUTH_REFRESH_TOKEN',
  unauthorized_client: 'the app registration may not use this grant: check its platform and permissions',
  invalid_scope: 'check EMAIL_IMAP_OAUTH_SCOPE',
};
const DEFAULT_FIX =
  'check EMAIL_IMAP_OAUTH_CLIENT_ID, EMAIL_IMAP_OAUTH_CLIENT_SECRET, EMAIL_IMAP_OAUTH_REFRESH_TOKEN and EMAIL_IMAP_OAUTH_SCOPE';

/**
 * One POST to the token endpoint (client_secret_post, the form Microsoft and Google both
 * document): the refresh token grant when a refresh token is set, else client credentials.
 * Redirects are refused (the form carries the secret), the whole exchange has a deadline and the
 * answer a size cap. A refusal (4xx with an OAuth2 error) is `EGW_IMAP_AUTH` with the provider's
 * reason; anything else (network, timeout, 429, 5xx, an answer without a token) is
 * `EGW_IMAP_OAUTH_TOKEN`. No error ever carries the secret, the refresh token or a token.
 */
export async function requestOauthToken(
  request: OauthTokenRequest,
  limits = { timeoutMs: TOKEN_REQUEST_TIMEOUT_MS, maxBytes: MAX_TOKEN_ANSWER_BYTES },
): Promise<IssuedOauthToken> {
  const secrets = [request.clientSecret, request.refreshToken];
  let status: number;
  let text: string;
  try {
    const response = await fetch(request.tokenUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
      body: tokenForm(request),
      redirect: 'error',
      signal: AbortSignal.timeout(limits.timeoutMs),
    });
    status = response.status;
    text = await readCapped(response, limits.maxBytes);
  } catch (error) {
    throw unavailable(`the token request failed (${networkReason(error, limits.timeoutMs)})`, secrets);
  }
  const body = parseJson(text);
  if (status >= 200 && status < 300) return issuedToken(body, secrets);
  const code = typeof body?.error === 'string' ? body.error : undefined;
  if (status >= 400 && status < 500 && status !== 429 && code) {
    const description = typeof body?.error_description === 'string' ? `: ${body.error_description}` : '';
    throw new MessagingGatewayError(
      ErrorCode.IMAP_AUTH,
      `the token endpoint refused the client (HTTP ${status} ${safeReason(code + description, secrets)}): ${FIX_BY_ERROR[code] ?? DEFAULT_FIX}`,
      true,
    );
  }
  throw unavailable(
    `the token endpoint answered HTTP ${status}${code ? ` ${safeReason(code, secrets)}` : ''}`,
    secrets,
  );
}

function tokenForm(request: OauthTokenRequest): string {
  const form = new URLSearchParams();
  if (request.refreshToken) {
    form.set('grant_type', 'refresh_token');
    form.set('refresh_token', request.refreshToken);
  } else {
    form.set('grant_type', 'client_credentials');
  }
  form.set('client_id', request.clientId);
  if (request.clientSecret) form.set('client_secret', request.clientSecret);
  if (request.scope) form.set('scope', request.scope);
  return form.toString();
}

function issuedToken(body: Record<string, unknown> | undefined, secrets: (string | undefined)[]): IssuedOauthToken {
  const accessToken = body?.access_token;
  if (typeof accessToken !== 'string' || !isBearerToken(accessToken)) {
    throw unavailable('the token endpoint answered without a usable access_token', secrets);
  }
  const tokenType = body?.token_type;
  if (typeof tokenType === 'string' && tokenType.toLowerCase() !== 'bearer') {
    throw unavailable(
      `the token endpoint issued a "${safeReason(tokenType, secrets)}" token, not a bearer token`,
      secrets,
    );
  }
  // Some endpoints send expires_in as a string; a missing or odd value means "unknown lifetime".
  const seconds = Number(body?.expires_in);
  const refreshToken = typeof body?.refresh_token === 'string' && body.refresh_token ? body.refresh_token : undefined;
  return {
    accessToken,
    expiresInMs: Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : undefined,
    refreshToken,
  };
}

/**
 * A bearer token goes into the SASL exchange between \x01 separators: visible ASCII only
 * (RFC 6750's b64token is a subset), and bounded.
 */
export function isBearerToken(value: unknown): value is string {
  return typeof value === 'string' && value.length > 0 && value.length <= 16_384 && /^[\x21-\x7e]+$/.test(value);
}

/** Reads the body up to `maxBytes`, refusing more whatever Content-Length says. */
async function readCapped(response: Response, maxBytes: number): Promise<string> {
  if (!response.body) return '';
  if (Number(response.headers.get('content-length')) > maxBytes) {
    await response.body.cancel();
    throw new Error(`the answer is over ${maxBytes} bytes`);
  }
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel();
      throw new Error(`the answer is over ${maxBytes} bytes`);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function parseJson(text: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return value && typeof value === 'object' ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** fetch hides the socket error in `cause`, and a timeout is a DOMException named TimeoutError. */
function networkReason(error: unknown, timeoutMs: number): string {
  const e = error as { name?: string; message?: string; cause?: { code?: string; message?: string } };
  if (e?.name === 'TimeoutError' || e?.name === 'AbortError') return `no complete answer within ${timeoutMs} ms`;
  return e?.cause?.code ?? e?.cause?.message ?? e?.message ?? String(error);
}

function unavailable(message: string, secrets: (string | undefined)[]): MessagingGatewayError {
  return new MessagingGatewayError(ErrorCode.IMAP_OAUTH_TOKEN, `${safeReason(message, secrets)}; retrying`, true);
}
