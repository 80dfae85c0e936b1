import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EmailTemplates, sanitizeAnswerHtml } from './email-templates';

describe('EmailTemplates', () => {
  const templates = new EmailTemplates();

  it('escapes user text in HTML, keeps it verbatim in text, and turns blank lines into paragraphs', () => {
    const out = templates.render({ subject: 'S', text: 'a <i>\nb & c\n\n{{evil}}', productName: 'Support' });
    expect(out.html).toContain('a &lt;i&gt;<br>b &amp; c</p>');
    expect(out.html).toContain('{{evil}}');
    expect(out.text.startsWith('a <i>\nb & c\n\n{{evil}}')).toBe(true);
  });

  it('puts sanitized agent HTML in the layout', () => {
    const out = templates.render({
      subject: 'S',
      text: 'fallback',
      html: '<p onclick="x()">Hi <a href="javascript:alert(1)">x</a><script>alert(1)</script><b>bold</b></p>',
      productName: 'Support',
    });
    expect(out.html).toContain('<b>bold</b>');
    expect(out.html).not.toMatch(/script|onclick|javascript:/);
    expect(out.html).not.toContain('fallback');
  });

  it('drops event handlers, frames, forms and non-https images', () => {
    expect(
      sanitizeAnswerHtml(
        '<img src="http://t.example/p.gif" onerror="x()"><iframe src="https://x"></iframe><form></form>',
      ),
    ).toBe('<img />');
  });

  it('stops at boot when a host template does not compile', () => {
    const dir = mkdtempSync(join(tmpdir(), 'mgw-bad-template-'));
    try {
      writeFileSync(join(dir, 'email.html.hbs'), '{{#if}}');
      expect(() => new EmailTemplates({ templatesDir: dir })).toThrow();
      writeFileSync(join(dir, 'email.html.hbs'), '{{customHelper text}}');
      expect(() => new EmailTemplates({ templatesDir: dir })).toThrow(/customHelper/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
