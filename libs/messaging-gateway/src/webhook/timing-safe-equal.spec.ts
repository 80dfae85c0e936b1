import * as crypto from 'node:crypto';
import { timingSafeEqual } from './timing-safe-equal';

describe('timingSafeEqual', () => {
  it('is true only for identical non-empty values', () => {
    expect(timingSafeEqual('abc', 'abc')).toBe(true);
    expect(timingSafeEqual(Buffer.from('abc'), 'abc')).toBe(true);
    expect(timingSafeEqual('abc', 'abd')).toBe(false);
    expect(timingSafeEqual('', '')).toBe(false);
  });

  it('answers false for a different length instead of throwing, and only compares equal lengths', () => {
    const spy = jest.spyOn(crypto, 'timingSafeEqual');
    expect(timingSafeEqual('abc', 'abcd')).toBe(false);
    expect(spy).not.toHaveBeenCalled();
    expect(timingSafeEqual('abcd', 'abce')).toBe(false);
    expect(spy).toHaveBeenCalledTimes(1);
    const [a, b] = spy.mock.calls[0] as [Buffer, Buffer];
    expect(a.length).toBe(b.length);
    spy.mockRestore();
  });
});
