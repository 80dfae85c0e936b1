import { webhookRequest } from '../webhook-request.test-support';
import { verifySvixSignature } from './resend-webhook.adapter';

// svix-webhooks python/tests/test_webhooks.py::test_sign_function (MIT).
const SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
const ID = 'msg_p5jXN8AQM9LWM0D4loKWxJek';
const TIMESTAMP = '1614265330';
const BODY = '{"test": 2432232314}';
const SIGNATURE = 'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=';
const AT = Number(TIMESTAMP) * 1000;

const request = (signature: string, body = BODY, at = AT, id = ID) =>
  webhookRequest(body, { 'svix-id': id, 'svix-timestamp': TIMESTAMP, 'svix-signature': signature }, at);

describe('Svix (Resend) verification', () => {
  it('verifies the published vector', () => {
    expect(() => verifySvixSignature(request(SIGNATURE), SECRET, 300_000)).not.toThrow();
  });

  it('accepts a header with several signatures when one of them matches (key rotation)', () => {
    const header = `v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OA= v1a,abc ${SIGNATURE}`;
    expect(() => verifySvixSignature(request(header), SECRET, 300_000)).not.toThrow();
  });

  it('reads the Standard Webhooks header names too', () => {
    const standard = webhookRequest(
      BODY,
      { 'webhook-id': ID, 'webhook-timestamp': TIMESTAMP, 'webhook-signature': SIGNATURE },
      AT,
    );
    expect(() => verifySvixSignature(standard, SECRET, 300_000)).not.toThrow();
  });

  it.each([
    [
      'the published negative',
      () => request('v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OA='),
      'EGW_WEBHOOK_SIGNATURE',
    ],
    ['a tampered body', () => request(SIGNATURE, '{"test": 2432232315}'), 'EGW_WEBHOOK_SIGNATURE'],
    ['another id', () => request(SIGNATURE, BODY, AT, 'msg_other'), 'EGW_WEBHOOK_SIGNATURE'],
    ['a wrong version prefix', () => request(SIGNATURE.replace('v1,', 'v2,')), 'EGW_WEBHOOK_SIGNATURE'],
    ['a wrong-length signature', () => request('v1,g0hM9SsE'), 'EGW_WEBHOOK_SIGNATURE'],
    ['a stale timestamp', () => request(SIGNATURE, BODY, AT + 301_000), 'EGW_WEBHOOK_TIMESTAMP'],
    ['a future timestamp', () => request(SIGNATURE, BODY, AT - 301_000), 'EGW_WEBHOOK_TIMESTAMP'],
  ])('refuses %s', (_, make, code) => {
    expect(() => verifySvixSignature(make(), SECRET, 300_000)).toThrow(expect.objectContaining({ code }));
  });

  it('refuses a wrong key', () => {
    expect(() =>
      verifySvixSignature(request(SIGNATURE), 'whsec_' + Buffer.from('another key!').toString('base64'), 300_000),
    ).toThrow(expect.objectContaining({ code: 'EGW_WEBHOOK_SIGNATURE' }));
  });
});
