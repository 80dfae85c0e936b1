import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { safeGet } from './safe-get';

describe('safeGet (real local HTTP server)', () => {
  let server: Server;
  let origin: string;

  beforeAll(async () => {
    server = createServer((req, res) => {
      if (req.url === '/ok') return void res.end('hello');
      if (req.url === '/redirect') return void res.writeHead(302, { location: '/ok' }).end();
      if (req.url === '/big') return void res.end(Buffer.alloc(4096));
      if (req.url === '/slow') return void setTimeout(() => res.end('late'), 500);
      res.writeHead(500).end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise((resolve) => server.close(resolve)));

  const options = { timeoutMs: 200, maxBytes: 1024 };

  it('returns a 2xx body', async () => {
    expect((await safeGet(`${origin}/ok`, 'test', options)).body.toString()).toBe('hello');
  });

  it.each([
    ['a redirect', '/redirect', /redirects are not followed/],
    ['an error status', '/error', /HTTP 500/],
    ['a body over the cap', '/big', /limit/],
    ['a slow answer', '/slow', /within 200 ms/],
  ])('refuses %s with EGW_WEBHOOK_FETCH', async (_, path, message) => {
    await expect(safeGet(origin + path, 'test', options)).rejects.toMatchObject({
      code: 'EGW_WEBHOOK_FETCH',
      message: expect.stringMatching(message),
    });
  });

  it('refuses other protocols', async () => {
    await expect(safeGet('file:///etc/passwd', 'test', options)).rejects.toMatchObject({ code: 'EGW_WEBHOOK_FETCH' });
  });
});
