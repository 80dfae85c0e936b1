import * as crypto from 'node:crypto';
import { timingSafeEqual } from './timing-safe-equal';

jest.mock('node:crypto', () => {
  const actual = jest.requireActual<typeof import('node:crypto')>('node:crypto');
  return { ...actual, timingSafeEqual: jest.fn(actual.timingSafeEqual) };
});

describe('timingSafeEqual', () => {
  const cryptoCompare = crypto.timingSafeEqual as jest.Mock;
  beforeEach(() => cryptoCompare.mockClear());

  it('is true only for identical non-empty values', () => {
    expect(timingSafeEqual('abc', 'abc')).toBe(true);
    expect(timingSafeEqual(Buffer.from('abc'), 'abc')).toBe(true);
    expect(timingSafeEqual('abc', 'abd')).toBe(false);
    expect(timingSafeEqual('', '')).toBe(false);
  });

  it('answers false for a different length without comparing, and compares equal-length digests in constant time', () => {
    expect(timingSafeEqual('abc', 'abcd')).toBe(false);
    expect(cryptoCompare).not.toHaveBeenCalled();
    expect(timingSafeEqual('abcd', 'abce')).toBe(false);
    expect(cryptoCompare).toHaveBeenCalledTimes(1);
    const [a, b] = cryptoCompare.mock.calls[0] as [Buffer, Buffer];
    expect(a.length).toBe(b.length);
  });
});
