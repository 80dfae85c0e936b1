import { ErrorCode } from '../../core/errors/error-codes';
import { DAY_MS } from './reply-token-v2.format';
import { DOMAIN, NOW, RECIPIENT, SECRET_A, SECRET_B, service, THREAD } from './reply-token.test-support';

describe('ReplyTokenService (v2)', () => {
  const tokens = service();

  it('round-trips: a generated token verifies for its thread and recipient', () => {
    const token = tokens.generate({ threadId: THREAD, recipient: RECIPIENT });
    expect(tokens.verify(token, { threadId: THREAD, recipient: RECIPIENT })).toEqual({
      ok: true,
      kid: '1',
      format: 'v2',
    });
    expect(tokens.verify(token, { threadId: THREAD })).toEqual({ ok: true, kid: '1', format: 'v2' });
    expect(token).toMatch(/^1\.[a-z2-7]{48}$/);
  });

  it('makes every token unique, even for the same thread and recipient', () => {
    const seen = new Set(
      Array.from({ length: 1000 }, () => tokens.generate({ threadId: THREAD, recipient: RECIPIENT })),
    );
    expect(seen.size).toBe(1000);
  });

  it('binds the recipient case-insensitively and refuses another recipient as recipient_mismatch', () => {
    const token = tokens.generate({ threadId: THREAD, recipient: RECIPIENT });
    expect(tokens.verify(token, { threadId: THREAD, recipient: ' customer.one@EXAMPLE.org ' }).ok).toBe(true);
    expect(tokens.verify(token, { threadId: THREAD, recipient: 'attacker@example.net' })).toEqual({
      ok: false,
      reason: 'recipient_mismatch',
    });
  });

  it('refuses the token for another thread as bad_signature', () => {
    const token = tokens.generate({ threadId: THREAD, recipient: RECIPIENT });
    for (const threadId of ['other-thread', THREAD.toUpperCase(), `${THREAD} `, '']) {
      expect(tokens.verify(token, { threadId, recipient: RECIPIENT })).toEqual({ ok: false, reason: 'bad_signature' });
    }
  });

  it('verifies a case-folded (UPPERCASED) token, and normalize() gives the stored lowercase form', () => {
    const token = tokens.generate({ threadId: THREAD, recipient: RECIPIENT });
    const upper = token.toUpperCase();
    expect(tokens.verify(upper, { threadId: THREAD, recipient: RECIPIENT }).ok).toBe(true);
    expect(tokens.normalize(upper)).toBe(token);
  });

  it('builds reply+TOKEN@domain within the 64-octet local part for every key id length up to 8', () => {
    for (let length = 1; length <= 8; length++) {
      const kid = 'k'.repeat(length);
      const withKid = service({ secrets: [{ kid, secret: SECRET_A }] });
      const token = withKid.generate({ threadId: `${THREAD}-${'x'.repeat(500)}`, recipient: RECIPIENT });
      const address = withKid.replyAddress(token);
      const localPart = address.slice(0, address.lastIndexOf('@'));
      expect(Buffer.byteLength(localPart)).toBeLessThanOrEqual(64);
      expect(address.endsWith(`@${DOMAIN}`)).toBe(true);
      expect(withKid.verify(token, { threadId: `${THREAD}-${'x'.repeat(500)}`, recipient: RECIPIENT }).ok).toBe(true);
    }
  });

  it('refuses a token signed with another secret under the same key id', () => {
    const token = service({ secrets: [{ kid: '1', secret: SECRET_B }] }).generate({
      threadId: THREAD,
      recipient: RECIPIENT,
    });
    expect(tokens.verify(token, { threadId: THREAD, recipient: RECIPIENT })).toEqual({
      ok: false,
      reason: 'bad_signature',
    });
  });

  it('rotates keys: the old kid still verifies after a new key signs first; a removed kid is unknown_key', () => {
    const old = tokens.generate({ threadId: THREAD, recipient: RECIPIENT });
    const rotated = service({
      secrets: [
        { kid: '2', secret: SECRET_B },
        { kid: '1', secret: SECRET_A },
      ],
    });
    const fresh = rotated.generate({ threadId: THREAD, recipient: RECIPIENT });
    expect(fresh.startsWith('2.')).toBe(true);
    expect(rotated.verify(old, { threadId: THREAD, recipient: RECIPIENT })).toEqual({
      ok: true,
      kid: '1',
      format: 'v2',
    });
    expect(rotated.verify(fresh, { threadId: THREAD, recipient: RECIPIENT })).toEqual({
      ok: true,
      kid: '2',
      format: 'v2',
    });
    const retired = service({ secrets: [{ kid: '2', secret: SECRET_B }] });
    expect(retired.verify(old, { threadId: THREAD, recipient: RECIPIENT })).toEqual({
      ok: false,
      reason: 'unknown_key',
    });
    expect(retired.inspect(old)).toEqual({ ok: false, reason: 'unknown_key' });
  });

  it('expires after maxAgeDays (default 365), checked by both inspect and verify', () => {
    let now = NOW;
    const clocked = service({ maxAgeDays: 30 }, () => now);
    const token = clocked.generate({ threadId: THREAD, recipient: RECIPIENT });
    const inspected = clocked.inspect(token);
    expect(inspected).toMatchObject({ ok: true, format: 'v2', kid: '1' });
    const expiresAt = (inspected as { expiresAt: Date }).expiresAt.getTime();
    expect(expiresAt - NOW).toBeGreaterThanOrEqual(30 * DAY_MS);
    expect(expiresAt - NOW).toBeLessThan(31 * DAY_MS);
    now = expiresAt - 1;
    expect(clocked.verify(token, { threadId: THREAD, recipient: RECIPIENT }).ok).toBe(true);
    now = expiresAt;
    expect(clocked.verify(token, { threadId: THREAD, recipient: RECIPIENT })).toEqual({ ok: false, reason: 'expired' });
    expect(clocked.inspect(token)).toEqual({ ok: false, reason: 'expired' });
    const defaultAge = service().inspect(service().generate({ threadId: THREAD, recipient: RECIPIENT }));
    expect((defaultAge as { expiresAt: Date }).expiresAt.getTime() - NOW).toBeGreaterThanOrEqual(365 * DAY_MS);
  });

  it('answers a forgery as bad_signature and a stranger as recipient_mismatch even when expired', () => {
    let now = NOW;
    const clocked = service({ maxAgeDays: 1 }, () => now);
    const token = clocked.generate({ threadId: THREAD, recipient: RECIPIENT });
    now += 3 * DAY_MS;
    expect(clocked.verify(token, { threadId: 'other', recipient: RECIPIENT })).toEqual({
      ok: false,
      reason: 'bad_signature',
    });
    expect(clocked.verify(token, { threadId: THREAD, recipient: 'x@example.net' })).toEqual({
      ok: false,
      reason: 'recipient_mismatch',
    });
  });

  it('refuses to generate without a thread id or recipient, with a stable code', () => {
    expect(() => tokens.generate({ threadId: '', recipient: RECIPIENT })).toThrow(
      expect.objectContaining({ code: ErrorCode.REPLY_TOKEN_INPUT }),
    );
    expect(() => tokens.generate({ threadId: THREAD, recipient: ' ' })).toThrow(
      expect.objectContaining({ code: ErrorCode.REPLY_TOKEN_INPUT }),
    );
  });

  it('refuses to build an address from anything but a token (no header injection)', () => {
    for (const bad of ['', 'x>\r\nBcc: victim@example.org', 'a b', '1.short']) {
      expect(() => tokens.replyAddress(bad)).toThrow(expect.objectContaining({ code: ErrorCode.REPLY_TOKEN_INPUT }));
    }
  });

  it('refuses unusable options at construction with a configuration error', () => {
    expect(() => service({ secrets: [] })).toThrow(expect.objectContaining({ code: ErrorCode.CONFIG }));
    expect(() => service({ domain: '' })).toThrow(/replyTokens.domain/);
    expect(() => service({ secrets: [{ kid: 'Key!', secret: SECRET_A }] })).toThrow(/key id/);
    expect(() =>
      service({
        secrets: [
          { kid: '1', secret: SECRET_A },
          { kid: '1', secret: SECRET_B },
        ],
      }),
    ).toThrow(/repeated/);
  });
});
