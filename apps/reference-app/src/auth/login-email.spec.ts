import { normalizeLoginEmail } from './login-email';

describe('normalizeLoginEmail', () => {
  it.each([
    ['admin@localhost', 'admin@localhost'],
    [' admin@localhost', 'admin@localhost'],
    ['admin@localhost\t', 'admin@localhost'],
    ['\u00a0ADMIN@LocalHost\u3000', 'admin@localhost'],
    ['ａｄｍｉｎ@ｌｏｃａｌｈｏｓｔ', 'admin@localhost'],
    ['admin\uff20localhost', 'admin@localhost'],
  ])('folds %j to the lookup form', (input, expected) => {
    expect(normalizeLoginEmail(input)).toBe(expected);
  });

  it('gives an empty string for anything but a string (a form field sent twice arrives as an array)', () => {
    expect(normalizeLoginEmail(['a@b', 'c@d'])).toBe('');
    expect(normalizeLoginEmail(undefined)).toBe('');
  });

  it('caps the length at 320 characters', () => {
    expect(normalizeLoginEmail(`${'a'.repeat(400)}@x`)).toHaveLength(320);
  });
});
