import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A real HTTP Messages API in memory, for e2e tests and the bench.
 *
 * ```ts
 * const api = await startMessagesApiStub();          // random port on 127.0.0.1
 * options.messagesApi = { baseUrl: api.baseUrl, apiKey: api.apiKey };
 * api.failNext(3, 503);                              // or failNext(1, 429, { retryAfter: 1 })
 * api.threads / api.messagesOf(threadId) / api.calls // what the gateway did
 * await api.close();
 * ```
 * POSTs honour `Idempotency-Key`: the same key answers the first result again and creates
 * nothing. PATCH merges metadata keys. Every request is recorded in `calls` (also failed ones).
 */
export interface StubThread {
  id: string;
  sourceType: string;
  identityEmail: string;
  mailbox: string;
  priority: string;
  subject: string;
  metadata: Record<string, unknown>;
  createdAt: string;
}

export interface StubMessage {
  id: string;
  threadId: string;
  direction: string;
  text: string;
  html?: string;
  authorEmail?: string;
  authorName?: string;
  metadata: Record<string, unknown>;
  createdAt: string;
}

export interface StubCall {
  method: string;
  path: string;
  status: number;
  idempotencyKey?: string;
  authorization?: string;
  body?: unknown;
}

export interface StubFailureOptions {
  retryAfter?: number;
  pathEndsWith?: string;
  body?: unknown;
}

export interface MessagesApiStub {
  /** e.g. http://127.0.0.1:PORT/api/v1/messages */
  baseUrl: string;
  apiKey: string;
  threads: Map<string, StubThread>;
  messages: StubMessage[];
  calls: StubCall[];
  messagesOf(threadId: string): StubMessage[];
  /** The next `count` requests answer `status` (503 by default; 429 with Retry-After seconds when given). */
  /**
   * Answers the next `count` requests (those whose path ends with `options.pathEndsWith`, when
   * given) with `status` and `options.body` (default `{success:false, error:'stub failure'}`).
   */
  failNext(count: number, status?: number, options?: StubFailureOptions): void;
  /** Delay every answer by `ms` (to widen a crash window). */
  setLatency(ms: number): void;
  /**
   * Runs `hook` with each message created, after it is stored and before the HTTP answer (a host
   * that emits `message.created` synchronously in its create handler); `undefined` removes it.
   */
  beforeAnsweringMessage(hook: ((message: StubMessage) => Promise<void>) | undefined): void;
  reset(): void;
  close(): Promise<void>;
}

const PREFIX = '/api/v1/messages';

export async function startMessagesApiStub(apiKey = 'stub-api-key'): Promise<MessagesApiStub> {
  const threads = new Map<string, StubThread>();
  const messages: StubMessage[] = [];
  const calls: StubCall[] = [];
  const idempotent = new Map<string, { status: number; body: unknown }>();
  let failures: { count: number; status: number } & StubFailureOptions = { count: 0, status: 503 };
  let latency = 0;
  let messageHook: ((message: StubMessage) => Promise<void>) | undefined;

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const body = await readJson(req);
    const path = (req.url ?? '').split('?')[0];
    const key = header(req, 'idempotency-key');
    const call: StubCall = {
      method: req.method ?? '',
      path,
      status: 0,
      idempotencyKey: key,
      authorization: header(req, 'authorization'),
      body,
    };
    calls.push(call);
    const send = (status: number, payload: unknown, headers: Record<string, string> = {}): void => {
      call.status = status;
      res.writeHead(status, { 'content-type': 'application/json', ...headers });
      res.end(JSON.stringify(payload));
    };
    if (latency > 0) await new Promise((resolve) => setTimeout(resolve, latency));
    if (failures.count > 0 && (!failures.pathEndsWith || path.endsWith(failures.pathEndsWith))) {
      failures.count--;
      const extra: Record<string, string> =
        failures.retryAfter !== undefined ? { 'retry-after': String(failures.retryAfter) } : {};
      return send(failures.status, failures.body ?? { success: false, error: 'stub failure' }, extra);
    }
    if (call.authorization !== `Bearer ${apiKey}`) return send(401, { success: false, error: 'unauthorized' });
    if (!path.startsWith(PREFIX)) return send(404, { success: false, error: 'not found' });
    const parts = path.slice(PREFIX.length).split('/').filter(Boolean).map(decodeURIComponent);
    if (req.method === 'POST' && !key) return send(400, { success: false, error: 'Idempotency-Key required' });
    const remembered = key ? idempotent.get(`${req.method} ${path} ${key}`) : undefined;
    if (remembered) return send(remembered.status, remembered.body);
    const answer = route(req.method ?? '', parts, body as Record<string, unknown>);
    if (key && answer.status < 300) idempotent.set(`${req.method} ${path} ${key}`, answer);
    if (messageHook && answer.status === 201 && parts[2] === 'messages') {
      await messageHook((answer.body as { data: StubMessage }).data);
    }
    send(answer.status, answer.body);
  };

  const route = (method: string, parts: string[], body: Record<string, unknown>): { status: number; body: unknown } => {
    const now = new Date().toISOString();
    if (parts[0] !== 'threads') return { status: 404, body: { success: false } };
    if (method === 'POST' && parts.length === 1) {
      if (typeof body?.identityEmail !== 'string')
        return { status: 400, body: { success: false, error: 'identityEmail' } };
      const thread: StubThread = {
        ...(body as unknown as StubThread),
        id: randomUUID(),
        createdAt: now,
        metadata: (body.metadata as Record<string, unknown>) ?? {},
      };
      threads.set(thread.id, thread);
      return { status: 201, body: { success: true, data: thread } };
    }
    const thread = threads.get(parts[1] ?? '');
    if (!thread) return { status: 404, body: { success: false, error: 'thread not found' } };
    if (method === 'GET' && parts.length === 2) return { status: 200, body: { success: true, data: thread } };
    if (method === 'PATCH' && parts.length === 2) {
      thread.metadata = { ...thread.metadata, ...((body?.metadata as Record<string, unknown>) ?? {}) };
      return { status: 200, body: { success: true, data: thread } };
    }
    if (parts[2] === 'messages' && method === 'POST') {
      if (typeof body?.text !== 'string') return { status: 400, body: { success: false, error: 'text' } };
      const message: StubMessage = {
        ...(body as unknown as StubMessage),
        id: randomUUID(),
        threadId: thread.id,
        createdAt: now,
      };
      messages.push(message);
      return { status: 201, body: { success: true, data: message } };
    }
    if (parts[2] === 'messages' && method === 'GET') {
      return { status: 200, body: { success: true, data: messages.filter((m) => m.threadId === thread.id) } };
    }
    return { status: 405, body: { success: false } };
  };

  const server: Server = createServer((req, res) => {
    handle(req, res).catch(() => {
      res.writeHead(500);
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}${PREFIX}`,
    apiKey,
    threads,
    messages,
    calls,
    messagesOf: (threadId) => messages.filter((m) => m.threadId === threadId),
    failNext: (count, status = 503, options = {}) => {
      failures = { count, status, ...options };
    },
    setLatency: (ms) => {
      latency = ms;
    },
    beforeAnsweringMessage: (hook) => {
      messageHook = hook;
    },
    reset: () => {
      threads.clear();
      messages.length = 0;
      calls.length = 0;
      idempotent.clear();
      failures = { count: 0, status: 503 };
      messageHook = undefined;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  if (chunks.length === 0) return undefined;
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch {
    return undefined;
  }
}
