import { createHmac } from 'node:crypto';
import { DAY_MS } from './reply-token-v2.format';
import { NOW, RECIPIENT, SECRET_A, SECRET_B, service, THREAD } from './reply-token.test-support';

/** The legacy construction, written out independently of the implementation. */
function seedToken(secret: string, threadId: string, timestamp: number): string {
  const sig16 = createHmac('sha256', secret).update(`${threadId}:${timestamp}`).digest('hex').slice(0, 16);
  return Buffer.from(`${threadId}:${timestamp}:${sig16}`).toString('base64url');
}

describe('ReplyTokenService (legacy format)', () => {
  const legacy = service({ format: 'legacy' });

  it('generates exactly the legacy format and round-trips it', () => {
    const token = legacy.generate({ threadId: THREAD, recipient: RECIPIENT });
    expect(token).toBe(seedToken(SECRET_A, THREAD, NOW));
    expect(legacy.verify(token, { threadId: THREAD })).toEqual({ ok: true, kid: '1', format: 'legacy' });
    expect(legacy.inspect(token)).toEqual({
      ok: true,
      format: 'legacy',
      kid: '1',
      expiresAt: new Date(NOW + 365 * DAY_MS),
      threadId: THREAD,
    });
  });

  it('verifies legacy tokens in a v2 deployment, with thread ids that contain colons', () => {
    const v2 = service({
      secrets: [
        { kid: '2', secret: SECRET_B },
        { kid: '1', secret: SECRET_A },
      ],
    });
    const token = seedToken(SECRET_A, 'tenant:42:thread', NOW - DAY_MS);
    expect(v2.verify(token, { threadId: 'tenant:42:thread', recipient: 'anyone@example.org' })).toEqual({
      ok: true,
      kid: '1',
      format: 'legacy',
    });
  });

  it('refuses a legacy token for another thread, another secret, or after maxAgeDays', () => {
    const token = seedToken(SECRET_A, THREAD, NOW);
    expect(legacy.verify(token, { threadId: 'other' })).toEqual({ ok: false, reason: 'bad_signature' });
    expect(service({ secrets: [{ kid: '1', secret: SECRET_B }] }).verify(token, { threadId: THREAD })).toEqual({
      ok: false,
      reason: 'bad_signature',
    });
    const late = service({}, () => NOW + 365 * DAY_MS);
    expect(late.verify(token, { threadId: THREAD })).toEqual({ ok: false, reason: 'expired' });
  });

  it('fails when any character is changed (legacy tokens are case-sensitive)', () => {
    const token = seedToken(SECRET_A, THREAD, NOW);
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    for (let i = 0; i < token.length; i++) {
      for (const replacement of alphabet) {
        if (replacement === token[i]) continue;
        const tampered = token.slice(0, i) + replacement + token.slice(i + 1);
        expect(legacy.verify(tampered, { threadId: THREAD }).ok).toBe(false);
      }
    }
    expect(legacy.verify(token.toLowerCase(), { threadId: THREAD }).ok).toBe(false);
    expect(legacy.normalize(token)).toBe(token);
  });

  it('refuses a forged signature with the right thread and a fresh timestamp', () => {
    const forged = Buffer.from(`${THREAD}:${NOW}:0123456789abcdef`).toString('base64url');
    expect(legacy.verify(forged, { threadId: THREAD })).toEqual({ ok: false, reason: 'bad_signature' });
    expect(legacy.inspect(forged)).toEqual({ ok: false, reason: 'unknown_key' });
  });
});
