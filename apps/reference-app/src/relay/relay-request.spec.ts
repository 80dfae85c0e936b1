import { parseRelayRequest } from './relay-request';

const valid = {
  type: 'email_verification',
  to: 'user@example.com',
  subject: 'Confirm',
  token: 'abc',
  expiresAt: '2026-01-01T12:00:00+01:00',
};

describe('parseRelayRequest', () => {
  it('returns the request with expiresAt normalised to UTC', () => {
    expect(parseRelayRequest(valid)).toEqual({ ...valid, expiresAt: '2026-01-01T11:00:00.000Z' });
  });

  it.each([
    [{ type: 'welcome' }, /type/],
    [{ to: 'user@example.com\r\nBcc: x@y.z' }, /to/],
    [{ to: 'a@b.c,d@e.f' }, /to/],
    [{ subject: 'x\ny' }, /subject/],
    [{ subject: ' ' }, /subject/],
    [{ token: '' }, /token/],
    [{ expiresAt: '2026-01-01' }, /expiresAt/],
    [{ link: 'data:text/html,x' }, /link/],
    [{ fromLocalPart: 'a b' }, /fromLocalPart/],
  ])('refuses %j naming the field', (override, field) => {
    const result = parseRelayRequest({ ...valid, ...override });
    expect(result).toEqual({ error: expect.stringMatching(field) });
  });

  it('refuses a body that is not an object', () => {
    expect(parseRelayRequest([valid])).toEqual({ error: 'body must be a JSON object' });
  });
});
