import { EventEmitter2 } from '@nestjs/event-emitter';
import { Client } from 'pg';
import { startReferenceApp, type RunningReferenceApp } from './helpers/start-reference-app';

describe('Messages API (real HTTP, PostgreSQL)', () => {
  let running: RunningReferenceApp;
  let base: string;
  let db: Client;
  const emitted: Record<string, unknown>[] = [];

  const call = async (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) => {
    const response = await fetch(`${base}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${running.env.MESSAGES_API_KEY}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...headers,
      },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    return { status: response.status, body: await response.json() };
  };
  const thread = (overrides: Record<string, unknown> = {}) => ({
    sourceType: 'email',
    identityEmail: 'Customer@Example.com',
    mailbox: 'general',
    priority: 'normal',
    subject: 'Order 42',
    metadata: { emailFrom: 'customer@example.com', emailSubject: 'Order 42', lastEmailMessageId: 'a@example.com' },
    ...overrides,
  });
  const count = async (table: string): Promise<number> =>
    (await db.query(`SELECT count(*)::int AS n FROM ${table}`)).rows[0].n;

  beforeAll(async () => {
    running = await startReferenceApp();
    base = `${running.url}/api/v1/messages`;
    db = new Client({ connectionString: running.database.url });
    await db.connect();
    running.app.get(EventEmitter2).on('message.created', (payload: Record<string, unknown>) => emitted.push(payload));
  });

  afterAll(async () => {
    await db?.end();
    await running?.stop();
  });

  describe('authentication', () => {
    it('answers 401 in the error shape without a bearer key, and with a wrong one', async () => {
      const none = await fetch(`${base}/threads`);
      expect(none.status).toBe(401);
      expect(await none.json()).toEqual({
        success: false,
        error: { code: 'unauthorized', message: expect.any(String) },
      });
      const wrong = await call('GET', '/threads', undefined, { authorization: 'Bearer not-the-key' });
      expect(wrong.status).toBe(401);
    });
  });

  describe('threads', () => {
    it('creates a thread (201), reads it back and merges PATCHed metadata', async () => {
      const created = await call('POST', '/threads', thread(), { 'idempotency-key': 'create-1' });
      expect(created.status).toBe(201);
      expect(created.body).toMatchObject({
        success: true,
        data: { sourceType: 'email', identityEmail: 'customer@example.com', mailbox: 'general', subject: 'Order 42' },
      });
      const id = created.body.data.id;

      const read = await call('GET', `/threads/${id}`);
      expect(read.status).toBe(200);
      expect(read.body.data).toMatchObject({ id, priority: 'normal', metadata: { emailFrom: 'customer@example.com' } });
      expect(new Date(read.body.data.createdAt).getTime()).toBeGreaterThan(0);

      const patched = await call('PATCH', `/threads/${id}`, { metadata: { lastEmailMessageId: 'b@example.com' } });
      expect(patched.status).toBe(200);
      expect(patched.body.data.metadata).toEqual({
        emailFrom: 'customer@example.com',
        emailSubject: 'Order 42',
        lastEmailMessageId: 'b@example.com',
      });
    });

    it('answers 404 for an unknown id and for an id that is not a UUID', async () => {
      expect((await call('GET', '/threads/00000000-0000-4000-8000-000000000000')).body.error.code).toBe('not_found');
      expect((await call('GET', "/threads/1' OR 1=1")).status).toBe(404);
      const post = await call('POST', '/threads/00000000-0000-4000-8000-000000000000/messages', {
        direction: 'inbound',
        text: 'hi',
      });
      expect(post.status).toBe(404);
    });
  });

  describe('validation', () => {
    it.each([
      ['no sourceType', thread({ sourceType: undefined }), /sourceType/],
      ['a bad identityEmail', thread({ identityEmail: 'not an address' }), /identityEmail/],
      ['metadata that is not an object', thread({ metadata: [1] }), /metadata/],
      ['a subject that is not a string', thread({ subject: 42 }), /subject/],
      ['a body that is not an object', [1, 2], /body/],
    ])('refuses a thread with %s (400, naming the field)', async (_name, body, message) => {
      const response = await call('POST', '/threads', body);
      expect(response.status).toBe(400);
      expect(response.body).toEqual({
        success: false,
        error: { code: 'validation_failed', message: expect.any(String) },
      });
      expect(response.body.error.message).toMatch(message);
    });

    it('refuses malformed JSON with 400 invalid_json', async () => {
      const response = await call('POST', '/threads', '{"sourceType": ');
      expect(response.status).toBe(400);
      expect(response.body).toEqual({ success: false, error: { code: 'invalid_json', message: expect.any(String) } });
    });

    it('refuses a message with an unknown direction or no text, and a bad limit', async () => {
      const { body } = await call('POST', '/threads', thread());
      const id = body.data.id;
      const direction = await call('POST', `/threads/${id}/messages`, { direction: 'sideways', text: 'x' });
      expect(direction.status).toBe(400);
      expect(direction.body.error.message).toMatch(/direction/);
      expect((await call('POST', `/threads/${id}/messages`, { direction: 'inbound' })).status).toBe(400);
      expect((await call('GET', '/threads?limit=101')).body.error.message).toMatch(/limit/);
      expect((await call('GET', '/threads?cursor=forged')).status).toBe(400);
      expect((await call('PATCH', `/threads/${id}`, {})).status).toBe(400);
    });
  });

  describe('idempotency', () => {
    it('answers a repeated key with the first result and creates no second row', async () => {
      const before = await count('app_threads');
      const first = await call('POST', '/threads', thread({ subject: 'repeat' }), { 'idempotency-key': 'repeat-1' });
      const second = await call('POST', '/threads', thread({ subject: 'repeat' }), { 'idempotency-key': 'repeat-1' });
      expect(second.status).toBe(201);
      expect(second.body).toEqual(first.body);
      expect(await count('app_threads')).toBe(before + 1);
    });

    it('refuses the same key with a different body (422)', async () => {
      await call('POST', '/threads', thread({ subject: 'one' }), { 'idempotency-key': 'reuse-1' });
      const reused = await call('POST', '/threads', thread({ subject: 'two' }), { 'idempotency-key': 'reuse-1' });
      expect(reused.status).toBe(422);
      expect(reused.body.error.code).toBe('idempotency_key_reused');
    });

    it('creates exactly one thread and one message under 10 concurrent requests with the same key', async () => {
      const threadsBefore = await count('app_threads');
      const racing = await Promise.all(
        Array.from({ length: 10 }, () =>
          call('POST', '/threads', thread({ subject: 'race' }), { 'idempotency-key': 'race-thread' }),
        ),
      );
      expect(new Set(racing.map((r) => r.body.data.id)).size).toBe(1);
      expect(racing.every((r) => r.status === 201)).toBe(true);
      expect(await count('app_threads')).toBe(threadsBefore + 1);

      const id = racing[0].body.data.id;
      const messages = await Promise.all(
        Array.from({ length: 10 }, () =>
          call(
            'POST',
            `/threads/${id}/messages`,
            { direction: 'inbound', text: 'once' },
            { 'idempotency-key': 'race-msg' },
          ),
        ),
      );
      expect(new Set(messages.map((r) => r.body.data.id)).size).toBe(1);
      const listed = await call('GET', `/threads/${id}/messages`);
      expect(listed.body.data).toHaveLength(1);
      expect((await call('GET', `/threads/${id}`)).body.data.messageCount).toBe(1);
    });

    it('scopes keys per endpoint: the same key on two threads creates two messages', async () => {
      const a = (await call('POST', '/threads', thread())).body.data.id;
      const b = (await call('POST', '/threads', thread())).body.data.id;
      const body = { direction: 'inbound', text: 'same' };
      const one = await call('POST', `/threads/${a}/messages`, body, { 'idempotency-key': 'scoped' });
      const two = await call('POST', `/threads/${b}/messages`, body, { 'idempotency-key': 'scoped' });
      expect(one.body.data.id).not.toBe(two.body.data.id);
    });
  });

  describe('listing', () => {
    it('pages threads newest first with an opaque cursor, filtering by mailbox and priority', async () => {
      const ids: string[] = [];
      for (let i = 0; i < 25; i++) {
        const priority = i % 5 === 0 ? 'urgent' : 'normal';
        ids.push(
          (await call('POST', '/threads', thread({ mailbox: 'paging', priority, subject: `p${i}` }))).body.data.id,
        );
      }
      const seen: string[] = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const query: string = `/threads?mailbox=paging&limit=10${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
        const page = await call('GET', query);
        expect(page.status).toBe(200);
        expect(page.body.data.length).toBeLessThanOrEqual(10);
        seen.push(...page.body.data.map((t: { id: string }) => t.id));
        cursor = page.body.nextCursor;
        pages++;
      } while (cursor);
      expect(pages).toBe(3);
      expect(seen).toEqual([...ids].reverse());

      const urgent = await call('GET', '/threads?mailbox=paging&priority=urgent&limit=100');
      expect(urgent.body.data.map((t: { subject: string }) => t.subject)).toEqual(['p20', 'p15', 'p10', 'p5', 'p0']);
      expect(urgent.body.nextCursor).toBeNull();
    });

    it('lists the messages of a thread oldest first with the documented fields', async () => {
      const id = (await call('POST', '/threads', thread())).body.data.id;
      await call('POST', `/threads/${id}/messages`, {
        direction: 'inbound',
        text: 'first',
        authorEmail: 'customer@example.com',
        metadata: { emailMessageId: 'm1@example.com', matchStrategy: 'new_thread', elidedText: '', attachments: [] },
      });
      await call('POST', `/threads/${id}/messages`, { direction: 'outbound', text: 'second', html: '<p>second</p>' });
      await call('POST', `/threads/${id}/messages`, { direction: 'inbound', text: 'third' });
      const { body } = await call('GET', `/threads/${id}/messages`);
      expect(body.data.map((m: { text: string }) => m.text)).toEqual(['first', 'second', 'third']);
      expect(body.data[0]).toMatchObject({
        direction: 'inbound',
        authorEmail: 'customer@example.com',
        html: null,
        metadata: { matchStrategy: 'new_thread' },
      });
      expect(Object.keys(body.data[1])).toEqual(
        expect.arrayContaining(['id', 'direction', 'text', 'html', 'authorEmail', 'metadata', 'createdAt']),
      );
    });
  });

  describe('message.created', () => {
    it('emits the plain message.created payload for an outbound message, once, and nothing for inbound ones', async () => {
      const id = (await call('POST', '/threads', thread())).body.data.id;
      emitted.length = 0;
      await call('POST', `/threads/${id}/messages`, { direction: 'inbound', text: 'question' });
      expect(emitted).toHaveLength(0);

      const answer = {
        direction: 'outbound',
        text: 'answer',
        html: '<p>answer</p>',
        senderProfile: { displayName: 'Ada' },
      };
      const created = await call('POST', `/threads/${id}/messages`, answer, { 'idempotency-key': 'answer-1' });
      await call('POST', `/threads/${id}/messages`, answer, { 'idempotency-key': 'answer-1' });
      expect(emitted).toEqual([
        {
          threadId: id,
          messageId: created.body.data.id,
          messageText: 'answer',
          html: '<p>answer</p>',
          direction: 'outbound',
          threadMetadata: {
            sourceType: 'email',
            emailFrom: 'customer@example.com',
            emailSubject: 'Order 42',
            lastEmailMessageId: 'a@example.com',
          },
          senderProfile: { displayName: 'Ada' },
        },
      ]);
    });
  });
});
