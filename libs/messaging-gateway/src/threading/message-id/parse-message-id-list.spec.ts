import { MAX_PARSED_MESSAGE_IDS, parseMessageIdList } from './parse-message-id-list';

describe('parseMessageIdList', () => {
  it('reads bracketed ids in order, without brackets', () => {
    expect(parseMessageIdList('<a@x.com> <b@x.com>\t<c@x.com>')).toEqual(['a@x.com', 'b@x.com', 'c@x.com']);
  });

  it('unfolds CRLF + whitespace between and inside ids', () => {
    expect(parseMessageIdList('<a@x.com>\r\n <b@x.com>\r\n\t<c@\r\n x.com>')).toEqual([
      'a@x.com',
      'b@x.com',
      'c@x.com',
    ]);
  });

  it('skips comments, nested and escaped', () => {
    expect(parseMessageIdList('(Outlook (old) says \\) hi) <a@x.com> (<fake@x.com>) <b@x.com>')).toEqual([
      'a@x.com',
      'b@x.com',
    ]);
  });

  it('accepts ids without brackets and comma separators (Exchange, iOS)', () => {
    expect(parseMessageIdList('a@x.com, b@x.com,<c@x.com>,d@x.com>')).toEqual([
      'a@x.com',
      'b@x.com',
      'c@x.com',
      'd@x.com',
    ]);
  });

  it('recovers from an unclosed bracket at the next one', () => {
    expect(parseMessageIdList('<a@x.com <b@x.com> <c@x.com')).toEqual(['a@x.com', 'b@x.com', 'c@x.com']);
  });

  it('drops words that are not ids, empty brackets and repeats (keeping the last occurrence)', () => {
    expect(parseMessageIdList('<> hello <a@x.com> <b@x.com> <a@x.com> (c@x.com')).toEqual(['b@x.com', 'a@x.com']);
  });

  it('returns [] for empty and missing values', () => {
    for (const value of ['', '   ', '\r\n', undefined, null, '()', '<>']) expect(parseMessageIdList(value)).toEqual([]);
  });

  it('keeps only the last 100 of 10,000 ids', () => {
    const header = Array.from({ length: 10_000 }, (_, i) => `<id${i}@x.com>`).join('\r\n ');
    const ids = parseMessageIdList(header);
    expect(ids).toHaveLength(MAX_PARSED_MESSAGE_IDS);
    expect(ids[0]).toBe('id9900@x.com');
    expect(ids[99]).toBe('id9999@x.com');
  });

  it('stays linear on hostile 1 MB values', () => {
    expect(parseMessageIdList('('.repeat(1_000_000))).toEqual([]);
    expect(parseMessageIdList(`${'<'.repeat(1_000_000)}a@b>`)).toEqual(['a@b']);
    expect(parseMessageIdList(`${'>'.repeat(1_000_000)}x`)).toEqual([]);
    expect(parseMessageIdList(`<${'a'.repeat(1_000_000)}@x.com> <ok@x.com>`)).toEqual(['ok@x.com']);
    expect(parseMessageIdList('a@b '.repeat(250_000))).toEqual(['a@b']);
    expect(parseMessageIdList(`<a@b>${' '.repeat(1_000_000)}<c@d>`)).toEqual(['a@b', 'c@d']);
  });

  it('returns only clean ids for 5,000 random mixes of brackets, comments, escapes and folding', () => {
    const parts = ['<', '>', '(', ')', '\\', '@', 'a', 'x.com', ' ', ',', '\r\n ', '\t', '"', 'é'];
    let seed = 7;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const bad: string[] = [];
    for (let n = 0; n < 5_000; n++) {
      let value = '';
      for (let k = 0; k < 40; k++) value += parts[Math.floor(random() * parts.length)];
      const ids = parseMessageIdList(value);
      const clean = ids.every((id) => id.includes('@') && !/[\s<>]/.test(id));
      if (!clean || new Set(ids).size !== ids.length) bad.push(value);
    }
    expect(bad).toEqual([]);
  });
});
