import { safeFileName } from './safe-file-name';

describe('safeFileName', () => {
  it('keeps the base name of a path, never a folder', () => {
    expect(safeFileName('../../etc/passwd')).toBe('passwd');
    expect(safeFileName('C:\\Users\\x\\report.pdf')).toBe('report.pdf');
  });

  it('drops control and bidi characters, and leading dots', () => {
    expect(safeFileName('invoice\u202Efdp.exe')).toBe('invoicefdp.exe');
    expect(safeFileName('a\r\nb\u0000c\u0085.txt')).toBe('abc.txt');
    expect(safeFileName('..htaccess')).toBe('htaccess');
  });

  it('names a file that has no usable name', () => {
    expect(safeFileName(undefined)).toBe('attachment');
    expect(safeFileName('../..')).toBe('attachment');
    expect(safeFileName('x'.repeat(300))).toHaveLength(255);
  });
});
