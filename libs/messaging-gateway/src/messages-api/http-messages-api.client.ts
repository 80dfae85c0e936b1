import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import { Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import axios, { type AxiosInstance, type AxiosResponse } from 'axios';
import { InjectGatewayOptions } from '../core/options/gateway-options.providers';
import type { GatewaySettings } from '../core/options/gateway-options.schema';
import { MessagingGatewayError } from '../core/errors/messaging-gateway.error';
import type {
  CreateMessageInput,
  CreateThreadInput,
  MessageRecord,
  MessagesApiClient,
  ThreadRecord,
} from './messages-api-client.types';
import { header, networkError, statusError, unwrap } from './messages-api-response';
import { retryDelayMs } from './retry-delay';

/** Answers of the Messages API are small JSON documents; anything bigger is refused. */
const MAX_RESPONSE_BYTES = 5 * 1024 * 1024;
/** Request bodies carry a message's text and sanitized HTML (each capped at 1 M characters). */
const MAX_REQUEST_BYTES = 16 * 1024 * 1024;

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
const path = (...segments: string[]): string => segments.map(encodeURIComponent).join('/');

/**
 * The default `MessagesApiClient`: the Messages API contract (INTEGRATION.md) over HTTP. Network errors, timeouts, 408/409/
 * 425/429 and 5xx are retried (`messagesApi.retries`, exponential backoff with jitter, Retry-After
 * honoured); other 4xx fail at once as permanent `EGW_HTTP_STATUS`. Every POST carries the
 * caller's Idempotency-Key, so a retry never creates a second record.
 * @publicApi
 */
@Injectable()
export class HttpMessagesApiClient implements MessagesApiClient, OnApplicationShutdown {
  private readonly logger = new Logger(HttpMessagesApiClient.name);
  private readonly http: AxiosInstance;
  // Every email makes two or three calls: reusing connections saves a TCP (and TLS) handshake each.
  private readonly httpAgent = new HttpAgent({ keepAlive: true, maxSockets: 32 });
  private readonly httpsAgent = new HttpsAgent({ keepAlive: true, maxSockets: 32 });
  private readonly retries: number;

  constructor(@InjectGatewayOptions('messagesApi') private readonly messagesApi: GatewaySettings<'messagesApi'>) {
    const { baseUrl, apiKey, timeoutMs, retries } = this.messagesApi;
    this.retries = retries;
    this.http = axios.create({
      baseURL: (baseUrl ?? '').replace(/\/+$/, '') + '/',
      // Paths are always relative to the base: a thread id cannot redirect the call elsewhere.
      allowAbsoluteUrls: false,
      maxRedirects: 0,
      timeout: timeoutMs,
      maxContentLength: MAX_RESPONSE_BYTES,
      maxBodyLength: MAX_REQUEST_BYTES,
      headers: { Authorization: `Bearer ${apiKey ?? ''}`, Accept: 'application/json' },
      validateStatus: () => true,
      httpAgent: this.httpAgent,
      httpsAgent: this.httpsAgent,
    });
  }

  onApplicationShutdown(): void {
    this.httpAgent.destroy();
    this.httpsAgent.destroy();
  }

  createThread(input: CreateThreadInput, idempotencyKey: string): Promise<ThreadRecord> {
    return this.send<ThreadRecord>('POST', 'threads', input, idempotencyKey);
  }

  createMessage(threadId: string, input: CreateMessageInput, idempotencyKey: string): Promise<MessageRecord> {
    return this.send<MessageRecord>('POST', path('threads', threadId, 'messages'), input, idempotencyKey);
  }

  updateThread(threadId: string, patch: { metadata: Record<string, unknown> }): Promise<ThreadRecord> {
    return this.send<ThreadRecord>('PATCH', path('threads', threadId), patch);
  }

  async getThread(threadId: string): Promise<ThreadRecord | null> {
    try {
      return await this.send<ThreadRecord>('GET', path('threads', threadId));
    } catch (error) {
      if (error instanceof MessagingGatewayError && error.context.statusCode === 404) return null;
      throw error;
    }
  }

  private async send<T>(method: string, url: string, data?: unknown, idempotencyKey?: string): Promise<T> {
    const headers = idempotencyKey ? { 'Idempotency-Key': idempotencyKey } : undefined;
    for (let attempt = 1; ; attempt++) {
      let response: AxiosResponse | undefined;
      let failure: MessagingGatewayError;
      try {
        const answer = await this.http.request({ method, url, data, headers });
        response = answer;
        if (answer.status >= 200 && answer.status < 300) return unwrap<T>(answer, method, url);
        failure = statusError(method, url, answer);
      } catch (error) {
        failure = networkError(method, url, error);
      }
      if (!failure.transient || attempt > this.retries) throw failure;
      const delay = retryDelayMs(attempt, header(response, 'retry-after'));
      this.logger.warn(`${failure.message}; retry ${attempt}/${this.retries} in ${delay} ms`);
      await sleep(delay);
    }
  }
}
