import { formatReferences } from './format-references';
import { parseMessageIdList } from './parse-message-id-list';

const lines = (value: string) => `References: ${value}`.split('\r\n');

describe('formatReferences', () => {
  it('writes bracketed ids separated by spaces, accepting ids with or without brackets', () => {
    expect(formatReferences(['a@x.com', '<b@x.com>'])).toBe('<a@x.com> <b@x.com>');
  });

  it('keeps the root and the most recent ids when there are more than max', () => {
    const ids = Array.from({ length: 50 }, (_, i) => `id${i}@x.com`);
    const kept = parseMessageIdList(formatReferences(ids, 5));
    expect(kept).toEqual(['id0@x.com', 'id46@x.com', 'id47@x.com', 'id48@x.com', 'id49@x.com']);
    expect(parseMessageIdList(formatReferences(ids))).toHaveLength(20);
  });

  it('folds with CRLF + space so no line exceeds 78 characters, and parses back to the same ids', () => {
    const ids = Array.from({ length: 20 }, (_, i) => `${'m'.repeat(20)}.${i}@mail.example.com`);
    const value = formatReferences(ids);
    for (const line of lines(value)) expect(line.length).toBeLessThanOrEqual(78);
    expect(
      lines(value)
        .slice(1)
        .every((line) => line.startsWith(' ')),
    ).toBe(true);
    expect(parseMessageIdList(value)).toEqual(ids);
  });

  it('puts an id longer than a line on a line of its own', () => {
    const long = `${'x'.repeat(100)}@x.com`;
    expect(formatReferences(['a@x.com', long, 'b@x.com'])).toBe(`<a@x.com>\r\n <${long}>\r\n <b@x.com>`);
  });

  it('drops repeats and ids that could break the header', () => {
    expect(
      formatReferences(['a@x.com', 'a@x.com', 'b@x.com\r\nBcc: v@x.com', 'c d@x.com', '<>', 'no-at', 'e@x.com']),
    ).toBe('<a@x.com> <e@x.com>');
  });

  it('is empty for no ids', () => {
    expect(formatReferences([])).toBe('');
  });
});
