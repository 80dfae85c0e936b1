import http from 'node:http';
import https from 'node:https';
import { ErrorCode } from '../../../core/errors/error-codes';
import { MessagingGatewayError } from '../../../core/errors/messaging-gateway.error';

export interface SafeGetOptions {
  timeoutMs: number;
  maxBytes: number;
  headers?: Record<string, string>;
}

/** A GET answer: status and body (2xx only reach the caller). */
export interface SafeGetResponse {
  status: number;
  body: Buffer;
}

const fetchError = (what: string, message: string): MessagingGatewayError =>
  new MessagingGatewayError(ErrorCode.WEBHOOK_FETCH, `${what}: ${message}`, true);

/**
 * A GET for provider resources (Resend emails, SNS certificates and subscription URLs): http or
 * https only, redirects refused (a redirect could lead a validated URL anywhere), a total
 * timeout, and a size cap enforced while reading. Non-2xx answers fail with EGW_WEBHOOK_FETCH.
 * `what` names the resource in errors; URLs are never logged (they may carry tokens).
 */
export function safeGet(url: string, what: string, options: SafeGetOptions): Promise<SafeGetResponse> {
  let target: URL;
  try {
    target = new URL(url);
  } catch {
    return Promise.reject(fetchError(what, 'the URL is invalid'));
  }
  const client = target.protocol === 'https:' ? https : target.protocol === 'http:' ? http : undefined;
  if (!client) return Promise.reject(fetchError(what, `protocol ${target.protocol} is not allowed`));
  return new Promise((resolve, reject) => {
    const request = client.get(target, { headers: options.headers, timeout: options.timeoutMs }, (response) => {
      const status = response.statusCode ?? 0;
      if (status < 200 || status >= 300) {
        response.resume();
        reject(
          fetchError(
            what,
            `answered HTTP ${status}${status >= 300 && status < 400 ? ' (redirects are not followed)' : ''}`,
          ),
        );
        return;
      }
      const declared = Number(response.headers['content-length']);
      if (declared > options.maxBytes) {
        request.destroy();
        reject(fetchError(what, `${declared} bytes is over the ${options.maxBytes}-byte limit`));
        return;
      }
      const chunks: Buffer[] = [];
      let size = 0;
      response.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > options.maxBytes) {
          request.destroy();
          reject(fetchError(what, `more than the ${options.maxBytes}-byte limit`));
          return;
        }
        chunks.push(chunk);
      });
      response.on('end', () => resolve({ status, body: Buffer.concat(chunks, size) }));
      response.on('error', (error) => reject(fetchError(what, error.message)));
    });
    const timer = setTimeout(() => {
      request.destroy();
      reject(fetchError(what, `no complete answer within ${options.timeoutMs} ms`));
    }, options.timeoutMs);
    request.on('close', () => clearTimeout(timer));
    request.on('timeout', () => request.destroy(new Error('socket timeout')));
    request.on('error', (error) => reject(fetchError(what, error.message)));
  });
}
