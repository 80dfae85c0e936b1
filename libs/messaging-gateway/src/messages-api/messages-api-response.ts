/* How answers of the Messages API become records or MessagingGatewayErrors (transient or not). */
import type { AxiosResponse } from 'axios';
import { isAxiosError } from 'axios';
import { ErrorCode } from '../core/errors/error-codes';
import { MessagingGatewayError } from '../core/errors/messaging-gateway.error';

/** 408 timeout, 409 same idempotency key still in flight, 425 too early, 429 rate limited. */
const TRANSIENT_STATUSES = new Set([408, 409, 425, 429]);

export function header(response: AxiosResponse | undefined, name: string): string | undefined {
  const value: unknown = response?.headers?.[name];
  return typeof value === 'string' ? value : undefined;
}

export function unwrap<T>(response: AxiosResponse, method: string, url: string): T {
  const body = response.data as { data?: unknown } | undefined;
  const data = body && typeof body === 'object' && 'data' in body ? body.data : body;
  if (method !== 'PATCH' && (!data || typeof data !== 'object' || typeof (data as { id?: unknown }).id !== 'string')) {
    throw new MessagingGatewayError(
      ErrorCode.HTTP_STATUS,
      `${method} ${url}: the Messages API answered ${response.status} without {success, data:{id}}: check MESSAGES_API_BASE_URL points at the Messages API`,
      false,
      { statusCode: response.status },
    );
  }
  return data as T;
}

export function statusError(method: string, url: string, response: AxiosResponse): MessagingGatewayError {
  const { status } = response;
  const transient = status >= 500 || TRANSIENT_STATUSES.has(status);
  const hint =
    status === 401 || status === 403
      ? ': check MESSAGES_API_KEY'
      : status === 404 && method !== 'GET'
        ? ': check MESSAGES_API_BASE_URL'
        : '';
  const reason = apiReason(response.data);
  return new MessagingGatewayError(
    ErrorCode.HTTP_STATUS,
    `${method} ${url} answered ${status}${reason ? ` ${reason}` : ''}${hint}`,
    transient,
    { statusCode: status },
  );
}

/**
 * The API's own words for a refusal, so an operator reads "validation_failed: text must not be
 * empty" and not only "answered 400": `{error: {code, message}}` (the contract's shape),
 * `{error: "…"}` or `{message: "…"}`. One line, bounded: it lands in logs and the email log.
 */
function apiReason(body: unknown): string {
  if (!body || typeof body !== 'object') return '';
  const { error, message } = body as { error?: unknown; message?: unknown };
  const nested = error && typeof error === 'object' ? (error as { code?: unknown; message?: unknown }) : undefined;
  const parts = nested ? [nested.code, nested.message] : [typeof error === 'string' ? error : undefined, message];
  const text = parts.filter((part): part is string => typeof part === 'string' && part.trim() !== '').join(': ');
  return text.replace(/[\u0000-\u001f\u007f]+/g, ' ').slice(0, 300);
}

export function networkError(method: string, url: string, error: unknown): MessagingGatewayError {
  if (error instanceof MessagingGatewayError) return error;
  const code = isAxiosError(error) ? error.code : undefined;
  const timedOut = code === 'ECONNABORTED' || code === 'ETIMEDOUT';
  return new MessagingGatewayError(
    timedOut ? ErrorCode.HTTP_TIMEOUT : ErrorCode.HTTP_NETWORK,
    `${method} ${url}: ${timedOut ? 'no answer in time (messagesApi.timeoutMs)' : `${code ?? 'network error'}`}`,
    true,
    { cause: error },
  );
}
