import { AppError } from '../common/app-error';
import { decodeThreadCursor, encodeThreadCursor } from './thread-cursor';

describe('thread cursor', () => {
  it('round-trips a sequence number, including a bigint beyond 2^53', () => {
    expect(decodeThreadCursor(encodeThreadCursor('42'))).toBe('42');
    expect(decodeThreadCursor(encodeThreadCursor('9223372036854775807'))).toBe('9223372036854775807');
  });

  it('refuses anything it did not produce with a validation error', () => {
    for (const forged of [
      '',
      'abc',
      Buffer.from('v1:1;DROP').toString('base64url'),
      Buffer.from('v2:1').toString('base64url'),
    ]) {
      expect(() => decodeThreadCursor(forged)).toThrow(AppError);
    }
  });
});
