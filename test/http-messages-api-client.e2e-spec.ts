import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Injectable } from '@nestjs/common';
import {
  type CreateMessageInput,
  type CreateThreadInput,
  type MessagesApiClient,
  resolveMessagingGatewayOptions,
} from 'nestjs-messaging-gateway';
import { HttpMessagesApiClient } from 'nestjs-messaging-gateway/messages-api/http-messages-api.client';
import { MESSAGES_API_CLIENT } from 'nestjs-messaging-gateway/core/gateway.constants';
import { plainEmail } from './helpers/inbound-email-samples';
import { type MessagesApiStub, startMessagesApiStub } from './helpers/messages-api-stub';
import { startGateway } from './helpers/start-gateway';

const thread: CreateThreadInput = {
  sourceType: 'email',
  identityEmail: 'ann@example.org',
  mailbox: 'general',
  priority: 'standard',
  subject: 'Hi',
  metadata: { emailFrom: 'ann@example.org', emailSubject: 'Hi', lastEmailMessageId: 'm@x' },
};
const message: CreateMessageInput = { direction: 'inbound', text: 'hello', metadata: {} };

function client(
  baseUrl: string,
  apiKey: string,
  extra: { retries?: number; timeoutMs?: number } = {},
): HttpMessagesApiClient {
  const options = resolveMessagingGatewayOptions({
    env: {},
    replyTokens: { domain: 'reply.example.com', secrets: [{ kid: '1', secret: 'a3f1c9e07b5d2468ace13579bdf02468' }] },
    messagesApi: { baseUrl, apiKey, retries: 3, timeoutMs: 2000, ...extra },
    outbound: { enabled: false },
  });
  return new HttpMessagesApiClient(options.messagesApi);
}

describe('HttpMessagesApiClient against a real HTTP Messages API', () => {
  let api: MessagesApiStub;
  let http: HttpMessagesApiClient;

  beforeAll(async () => {
    api = await startMessagesApiStub();
    http = client(api.baseUrl, api.apiKey);
  });
  afterAll(async () => {
    http.onApplicationShutdown();
    await api.close();
  });
  beforeEach(() => api.reset());

  it('sends the bearer key and the Idempotency-Key, and a repeated key creates nothing new', async () => {
    const first = await http.createThread(thread, 'inbound:1:thread');
    const again = await http.createThread(thread, 'inbound:1:thread');
    expect(again.id).toBe(first.id);
    expect(api.threads.size).toBe(1);
    expect(api.calls[0]).toMatchObject({ authorization: `Bearer ${api.apiKey}`, idempotencyKey: 'inbound:1:thread' });
  });

  it('retries 503 and 429 (honouring Retry-After) and succeeds once', async () => {
    const created = await http.createThread(thread, 'k1');
    api.failNext(2, 503);
    await http.createMessage(created.id, message, 'k2');
    api.failNext(1, 429, { retryAfter: 1 });
    const started = Date.now();
    await http.createMessage(created.id, message, 'k3');
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
    expect(api.messages).toHaveLength(2);
  });

  it('fails a 4xx at once as permanent EGW_HTTP_STATUS, and 5xx past the retries as transient', async () => {
    api.failNext(5, 422);
    await expect(http.createThread(thread, 'k4')).rejects.toMatchObject({
      code: 'EGW_HTTP_STATUS',
      transient: false,
      context: { statusCode: 422 },
    });
    expect(api.calls).toHaveLength(1);
    api.failNext(10, 502);
    await expect(http.createThread(thread, 'k5')).rejects.toMatchObject({ code: 'EGW_HTTP_STATUS', transient: true });
    expect(api.calls).toHaveLength(1 + 4);
  });

  it('names the key on 401, returns null for an unknown thread, and keeps ids inside the base path', async () => {
    await expect(client(api.baseUrl, 'wrong').createThread(thread, 'k6')).rejects.toThrow(/MESSAGES_API_KEY/);
    await expect(http.getThread('../../admin?x=1#')).resolves.toBeNull();
    expect(api.calls.at(-1)!.path).toBe('/api/v1/messages/threads/..%2F..%2Fadmin%3Fx%3D1%23');
  });

  it('reports timeouts and refused connections as transient with their own codes', async () => {
    const silent: Server = createServer(() => undefined);
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const { port } = silent.address() as AddressInfo;
    try {
      await expect(
        client(`http://127.0.0.1:${port}/api`, 'k', { retries: 0, timeoutMs: 200 }).getThread('t'),
      ).rejects.toMatchObject({
        code: 'EGW_HTTP_TIMEOUT',
        transient: true,
      });
    } finally {
      silent.closeAllConnections();
      silent.close();
    }
    await expect(client('http://127.0.0.1:9/api', 'k', { retries: 0 }).getThread('t')).rejects.toMatchObject({
      code: 'EGW_HTTP_NETWORK',
      transient: true,
    });
  });
});

@Injectable()
class InMemoryMessagesApi implements MessagesApiClient {
  readonly posted: CreateMessageInput[] = [];
  async createThread() {
    return { id: 'host-thread' };
  }
  async createMessage(_threadId: string, input: CreateMessageInput) {
    this.posted.push(input);
    return { id: `host-message-${this.posted.length}` };
  }
  async updateThread() {
    return { id: 'host-thread' };
  }
  async getThread() {
    return null;
  }
}

describe('a host Messages API client (messagesApiClient option)', () => {
  it('replaces the HTTP client and receives the inbound messages', async () => {
    const gw = await startGateway({ gateway: { messagesApiClient: InMemoryMessagesApi } });
    try {
      const host = gw.app.get(MESSAGES_API_CLIENT) as InMemoryMessagesApi;
      expect(host).toBeInstanceOf(InMemoryMessagesApi);
      const { id } = await gw.store.accept({ raw: plainEmail(), source: 'webhook', provider: 'generic' });
      const row = await gw.waitFor(async () =>
        (await gw.statusOf(id)).status === 'delivered' ? gw.statusOf(id) : undefined,
      );
      expect(row).toMatchObject({ thread_id: 'host-thread', created_message_id: 'host-message-1' });
      expect(gw.api.calls).toHaveLength(0);
    } finally {
      await gw.stop();
    }
  });
});
