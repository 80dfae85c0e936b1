import { ReplyTokenService } from 'nestjs-messaging-gateway';
import { startReferenceApp, type RunningReferenceApp } from './helpers/start-reference-app';
import { testSecret } from './helpers/test-env';

describe('ReplyTokenService as a Nest provider (reference app, real PostgreSQL and Redis)', () => {
  const oldSecret = testSecret();
  const newSecret = testSecret();
  let running: RunningReferenceApp;

  beforeAll(async () => {
    running = await startReferenceApp({
      EMAIL_REPLY_SECRETS: `k2:${newSecret},k1:${oldSecret}`,
      EMAIL_REPLY_TOKEN_MAX_AGE_DAYS: '30',
    });
  });

  afterAll(async () => {
    await running?.stop();
  });

  it('is injectable, signs with the first key of EMAIL_REPLY_SECRETS and builds addresses on EMAIL_REPLY_DOMAIN', () => {
    const tokens = running.app.get(ReplyTokenService);
    const token = tokens.generate({ threadId: 'thread-1', recipient: 'customer@example.org' });
    expect(token.startsWith('k2.')).toBe(true);
    expect(tokens.replyAddress(token)).toBe(`reply+${token}@reply.test.example`);
    expect(tokens.verify(token, { threadId: 'thread-1', recipient: 'customer@example.org' }).ok).toBe(true);
    const inspected = tokens.inspect(token);
    expect(inspected.ok && inspected.expiresAt.getTime() - Date.now()).toBeLessThanOrEqual(31 * 86_400_000);
  });

  it('verifies tokens signed before the rotation with the old key, as a plain `new ReplyTokenService` made them', () => {
    const before = new ReplyTokenService({ domain: 'reply.test.example', secrets: [{ kid: 'k1', secret: oldSecret }] });
    const token = before.generate({ threadId: 'thread-2', recipient: 'customer@example.org' });
    expect(running.app.get(ReplyTokenService).verify(token, { threadId: 'thread-2' })).toEqual({
      ok: true,
      kid: 'k1',
      format: 'v2',
    });
  });
});
