import { assertHeaderText, hasUnsafeHeaderChars, safeCustomHeaders, toHeaderText } from './header-safety';

describe('header safety', () => {
  it.each([
    'a\rb',
    'a\nb',
    'a\r\nBcc: x',
    'a\u0000b',
    'a\u2028b',
    'a\u2029b',
    'a\u0085b',
    'a\u202eb',
    'a\tb',
    'a\u007fb',
  ])('finds an unsafe character in %j', (value) => {
    expect(hasUnsafeHeaderChars(value)).toBe(true);
    expect(() => assertHeaderText('subject', value)).toThrow(expect.objectContaining({ code: 'EGW_HEADER_INJECTION' }));
  });

  it('turns unsafe runs into one space, trims, and cuts by characters (not UTF-16 halves)', () => {
    expect(toHeaderText('Hello\r\nBcc: x@evil.example\u2028Cc: y', 200)).toBe('Hello Bcc: x@evil.example Cc: y');
    expect(toHeaderText('  Ann \u0000 Lee  ', 200)).toBe('Ann Lee');
    expect(toHeaderText('😀😀😀', 2)).toBe('😀😀');
    expect(toHeaderText(undefined, 10)).toBe('');
  });

  it('accepts plain international text', () => {
    expect(hasUnsafeHeaderChars('Réponse: 注文 #42 — “ok”')).toBe(false);
    expect(() => assertHeaderText('subject', 'x'.repeat(1000), 998)).toThrow(/longer than 998/);
  });

  it('lets callers add X- and List- headers only, with one-line values', () => {
    expect(safeCustomHeaders({ 'X-Campaign': 'a', 'List-Id': '<news.example.com>' })).toEqual({
      'X-Campaign': 'a',
      'List-Id': '<news.example.com>',
    });
    for (const name of [
      'Bcc',
      'From',
      'Subject',
      'Message-ID',
      'Content-Type',
      'X-Bad Name',
      'X-Bad:Name',
      'List-Unsubscribe',
    ]) {
      expect(() => safeCustomHeaders({ [name]: 'v' })).toThrow(
        expect.objectContaining({ code: 'EGW_HEADER_INJECTION' }),
      );
    }
    expect(() => safeCustomHeaders({ 'X-A': 'v\r\nBcc: x@evil.example' })).toThrow(
      expect.objectContaining({ code: 'EGW_HEADER_INJECTION' }),
    );
  });
});
