import { createHmac } from 'node:crypto';
import { verifyRelaySignature } from './relay-signature';

describe('verifyRelaySignature', () => {
  const secret = 's'.repeat(40);
  const raw = Buffer.from('{"type":"password_reset"}');
  const now = Date.parse('2026-01-01T12:00:00Z');
  const mac = (data: string) => createHmac('sha256', secret).update(data).digest('hex');

  it('accepts HMAC(timestamp + "." + rawBody) within 5 minutes, in either direction', () => {
    const ts = '2026-01-01T12:04:59Z';
    expect(verifyRelaySignature(secret, raw, mac(`${ts}.${raw}`), ts, now)).toBe(true);
    const early = '2026-01-01T11:55:01Z';
    expect(verifyRelaySignature(secret, raw, `sha256=${mac(`${early}.${raw}`)}`, early, now)).toBe(true);
  });

  it('refuses a timestamp outside the window even with a valid MAC', () => {
    const ts = '2026-01-01T11:54:59Z';
    expect(verifyRelaySignature(secret, raw, mac(`${ts}.${raw}`), ts, now)).toBe(false);
    expect(verifyRelaySignature(secret, raw, mac(`yesterday.${raw}`), 'yesterday', now)).toBe(false);
  });

  it('accepts HMAC(rawBody) without a timestamp, and refuses other bytes, lengths and keys', () => {
    expect(verifyRelaySignature(secret, raw, mac(raw.toString()), undefined, now)).toBe(true);
    expect(verifyRelaySignature(secret, Buffer.from('{}'), mac(raw.toString()), undefined, now)).toBe(false);
    expect(verifyRelaySignature(secret, raw, mac(raw.toString()).slice(0, 62), undefined, now)).toBe(false);
    expect(verifyRelaySignature(secret, raw, 'zz', undefined, now)).toBe(false);
    expect(verifyRelaySignature(`${secret}x`, raw, mac(raw.toString()), undefined, now)).toBe(false);
  });
});
