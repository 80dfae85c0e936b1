import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { extractReplyFromHtml } from './extract-reply-from-html';

/** HTML replies in the markup real clients produce (Gmail, Outlook, Apple Mail, Yahoo …). */
const FIXTURES = join(__dirname, '../../../../test/fixtures/replies-html');
const names = readdirSync(FIXTURES)
  .filter((file) => file.endsWith('.html'))
  .map((file) => file.slice(0, -'.html'.length));
const read = (file: string): string => readFileSync(join(FIXTURES, file), 'utf8');

describe('extractReplyFromHtml', () => {
  it.each(names)('keeps only the new words of %s', (name) => {
    const { reply, elided } = extractReplyFromHtml(read(`${name}.html`));
    const expected = read(`${name}.expected.txt`).trimEnd();
    expect(reply).toBe(expected);
    // The history is trimmed into `elided`, unless it is the forwarded message itself.
    if (!expected.includes('has shipped')) expect(elided).toContain('Your order #1234 has shipped');
  });

  it('cuts the HTML at the client marker and keeps the reply markup', () => {
    const { html } = extractReplyFromHtml(read('gmail.html'));
    expect(html).toContain('Could you send the tracking number?');
    expect(html).not.toContain('gmail_quote');
    expect(html).not.toContain('has shipped');
  });

  it('recognises markers by class when webmail rewrote the ids (x_, ecx, Yahoo ydp prefixes)', () => {
    const quoted = '<div>Old text</div>';
    for (const marker of [
      'class="x_gmail_quote"',
      'class="ecxgmail_quote"',
      'class="ydp1f2e3yahoo_quoted"',
      'id="x_divRplyFwdMsg"',
    ]) {
      const { reply, elided } = extractReplyFromHtml(`<div>New text</div><div ${marker}>${quoted}</div>`);
      expect(reply).toBe('New text');
      expect(elided).toContain('Old text');
    }
  });

  it('decodes entities and keeps line structure of blocks and <br>', () => {
    const { reply } = extractReplyFromHtml('<p>Price &lt; 100&nbsp;&euro;</p><p>Line one<br>Line two</p>');
    expect(reply).toBe('Price < 100 €\n\nLine one\nLine two');
  });

  it('ignores scripts, styles and the head', () => {
    const { reply } = extractReplyFromHtml(
      '<html><head><title>t</title><style>p{}</style></head><body><script>alert(1)</script><p>Hi</p></body></html>',
    );
    expect(reply).toBe('Hi');
  });

  it('returns no reply for quoted history alone, but keeps unquoted words a marker wraps', () => {
    expect(extractReplyFromHtml('<div class="gmail_quote"><blockquote>Only history</blockquote></div>')).toMatchObject({
      reply: '',
      elided: '> Only history',
    });
    const { reply } = extractReplyFromHtml('<div class="gmail_quote">Words under a misplaced marker</div>');
    expect(reply).toBe('Words under a misplaced marker');
  });

  it('keeps the forwarded message of a bare forward and trims its header', () => {
    const { reply, elided } = extractReplyFromHtml(read('gmail-forward-only.html'));
    expect(reply).toMatch(/^Hello Jane,/);
    expect(elided).toContain('Subject: Your order #1234');
  });

  it('terminates on deeply nested and unclosed markup', () => {
    const deep = '<div>'.repeat(20_000) + 'x' + '<blockquote>'.repeat(5_000);
    expect(extractReplyFromHtml(deep).reply).toContain('x');
    expect(typeof extractReplyFromHtml('<<<<>>>><div class="gmail_quote"').reply).toBe('string');
  });
});
