import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { extractReply } from './extract-reply';

/** Replies written in the formats of real clients (Gmail in 16 languages, Outlook, Apple Mail …). */
const FIXTURES = join(__dirname, '../../../../test/fixtures/replies');
const names = readdirSync(FIXTURES)
  .filter((file) => file.endsWith('.txt') && !file.endsWith('.expected.txt'))
  .map((file) => file.slice(0, -'.txt'.length));
const read = (file: string): string => readFileSync(join(FIXTURES, file), 'utf8');

describe('extractReply', () => {
  it('has fixtures for every client and language the gateway supports', () => {
    const clients = [
      'gmail',
      'outlook',
      'apple',
      'ios',
      'android',
      'samsung',
      'k9',
      'thunderbird',
      'yahoo',
      'blackberry',
      'windows-mail',
      'usenet',
    ];
    for (const client of clients) expect(names.some((name) => name.startsWith(client))).toBe(true);
    const languages = ['en', 'de', 'fr', 'es', 'pt', 'it', 'nl', 'pl', 'ru', 'uk', 'sv', 'no', 'da', 'fi', 'ja', 'zh'];
    for (const language of languages) expect(names).toContain(`gmail-${language}`);
  });

  it.each(names)('keeps only the new words of %s', (name) => {
    const { reply, elided } = extractReply(read(`${name}.txt`));
    expect(reply).toBe(read(`${name}.expected.txt`).trimEnd());
    // Whatever was trimmed is kept in `elided`, never lost (a forward loses its quote marks only).
    const original = read(`${name}.txt`).replace(/[\s>]+/g, '');
    expect(original).toContain(reply.replace(/[\s>]+/g, ''));
    if (reply.trim() !== read(`${name}.txt`).trim()) expect(elided).not.toBe('');
  });

  it('yields an empty reply only for mail that is nothing but quoted history', () => {
    const empty = names.filter((name) => read(`${name}.expected.txt`).trim() === '');
    expect(empty.sort()).toEqual(['only-quoted-nested', 'only-quoted-text']);
    for (const name of empty) expect(extractReply(read(`${name}.txt`)).elided).toContain('has shipped');
  });

  it('keeps a forwarded body and trims only the forward header', () => {
    const { reply, elided } = extractReply(read('forward-only-gmail.txt'));
    expect(reply).toMatch(/^Hello Jane,/);
    expect(elided).toMatch(/^---------- Forwarded message ---------\nFrom: Support Team/);
    expect(elided).not.toContain('has shipped');
  });

  it('puts the quote header and the history into elided', () => {
    const { elided } = extractReply(read('gmail-en.txt'));
    expect(elided).toMatch(/^On Tue, Nov 14, 2023 at 10:02 AM Support Team <support@example.com> wrote:/);
    expect(elided).toContain('> Your order #1234 has shipped');
  });

  it('handles CRLF line endings like LF', () => {
    const crlf = read('outlook-web.txt').replace(/\n/g, '\r\n');
    expect(extractReply(crlf).reply).toBe(read('outlook-web.expected.txt').trimEnd());
  });

  it('never returns an empty reply when there is a word outside the quotes', () => {
    expect(extractReply('> only a quote\n> nothing else\n')).toEqual({
      reply: '',
      elided: '> only a quote\n> nothing else',
    });
    expect(extractReply('On Tue, Nov 14, 2023 at 10:02 AM A <a@example.com> wrote:\n> hi\n').reply).toBe('');
    expect(extractReply('ok\n\n> only a quote\n').reply).toBe('ok');
    // A header with nothing under it is not history: keep what was written.
    expect(extractReply('-----Original Message-----\n').reply).toBe('-----Original Message-----');
    expect(extractReply('***\n> quote\nbelow\n').reply).toContain('below');
    expect(extractReply('')).toEqual({ reply: '', elided: '' });
  });

  it('terminates on pathological input (line-based, bounded patterns)', () => {
    const inputs = [
      'On '.repeat(200_000) + ' wrote',
      '> '.repeat(100_000),
      'From: x\n'.repeat(50_000),
      ('-'.repeat(5000) + '\n').repeat(100),
      ('a'.repeat(70) + ' wrote:\n>x\n').repeat(20_000),
      'x@'.repeat(100_000) + ':',
      '2013/7/20 '.repeat(40_000) + '<a@b.cd>\n> x',
      '2013/7/20 x <a@example.org>\n'.repeat(50_000),
      '---------- Forwarded message ---------\nFrom: a\n'.repeat(20_000),
      '-*'.repeat(200_000) + '\n',
      ('> '.repeat(5_000) + 'x\n').repeat(50),
    ];
    for (const input of inputs) expect(typeof extractReply(input).reply).toBe('string');
  });
});
