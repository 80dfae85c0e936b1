#!/usr/bin/env node
/*
 * Scores extractReply / extractReplyFromHtml on a corpus folder laid out like
 * /work/shared/corpora (talon/ and crisp-email-reply-parser/, see its README.md).
 * Usage: npm run eval:replies -- <dir> [--verbose]
 * <dir> is either one corpus folder or a folder holding both. Needs the built library
 * (the npm script runs `npm run build:lib` first).
 */
const fs = require('node:fs');
const path = require('node:path');
const { simpleParser } = require('mailparser');
const { extractReply, extractReplyFromHtml } = require('../libs/messaging-gateway');

const args = process.argv.slice(2);
const verbose = args.includes('--verbose');
const root = args.find((arg) => !arg.startsWith('--'));
if (!root) {
  console.error('usage: npm run eval:replies -- <corpus dir> [--verbose]');
  process.exit(2);
}

const noWhitespace = (text) => text.replace(/\s+/g, '');
const read = (file) => fs.readFileSync(file, 'utf8');
const results = {};

function score(group, name, ok, detail) {
  const bucket = (results[group] ??= { total: 0, passed: 0, failed: [] });
  bucket.total++;
  if (ok) bucket.passed++;
  else bucket.failed.push(name);
  if (!ok && verbose) console.log(`--- FAIL ${group} ${name}\n${detail}\n`);
}

function crispRegex(pattern) {
  const multiline = pattern.startsWith('(?m)');
  return new RegExp(multiline ? pattern.slice(4) : pattern, multiline ? 'm' : '');
}

function evalCrisp(dir) {
  const expected = JSON.parse(read(path.join(dir, 'expected.json')));
  const fragment = expected._COMMON_FIRST_FRAGMENT.trim();
  for (const [name, checks] of Object.entries(expected.fixtures)) {
    const text = read(path.join(dir, 'fixtures', `${name}.txt`)).replace(/\r\n/g, '\n');
    const { reply, elided } = extractReply(text);
    const detail = `reply:\n${reply}\n--- elided:\n${elided.slice(0, 400)}`;
    if (checks.reply_exact_trimmed !== undefined || checks.reply_exact !== undefined) {
      const want = (checks.reply_exact ?? fragment).trim();
      score('crisp exact', name, reply.trim() === want, detail);
      continue;
    }
    const weak = [];
    const contains = checks.reply_contains;
    if (contains) weak.push([contains].flat().every((part) => reply.includes(part)));
    if (checks.reply_regex) weak.push(crispRegex(checks.reply_regex).test(reply));
    if (checks.reply_startswith) weak.push(reply.startsWith(checks.reply_startswith));
    if (checks.quote_contains) weak.push(elided.includes(checks.quote_contains));
    if (checks.quote_header_regex) weak.push(crispRegex(checks.quote_header_regex).test(elided));
    if (checks.signature_regex)
      weak.push(crispRegex(checks.signature_regex.replace('^', '(?m)^').slice(4)).test(elided));
    if (weak.length) score('crisp weaker checks', name, weak.every(Boolean), detail);
  }
}

async function evalTalon(dir) {
  const expected = JSON.parse(read(path.join(dir, 'expected.json')));
  for (const [file, want] of Object.entries(expected.standard_replies)) {
    const parsed = await simpleParser(fs.readFileSync(path.join(dir, file)));
    const { reply } = extractReply((parsed.text ?? '').replace(/\r\n/g, '\n'));
    const target = want.expected_file ? read(path.join(dir, want.expected_file)) : want.expected_text;
    score('talon standard_replies exact', file, reply.trim() === target.trim(), `reply:\n${reply}`);
  }
  for (const [file, want] of Object.entries(expected.html_replies)) {
    const { reply } = extractReplyFromHtml(read(path.join(dir, file)));
    score(
      'talon html_replies exact',
      file,
      noWhitespace(reply) === noWhitespace(want.expected_text),
      `reply:\n${reply}`,
    );
  }
  for (const [file, want] of Object.entries(expected.misc)) {
    const input = read(path.join(dir, file));
    if (want.expected_html_nows) {
      // lxml (talon) adds an empty <head>; compare the markup without it.
      const { html } = extractReplyFromHtml(input);
      const strip = (markup) => noWhitespace(markup).replace('<head></head>', '');
      score('talon misc exact', file, strip(html) === strip(want.expected_html_nows), `html:\n${html}`);
    } else {
      const { reply } = extractReply(input.replace(/\r\n/g, '\n'));
      score('talon misc exact', file, reply.trim() !== '' && !reply.includes('From'), `reply:\n${reply}`);
    }
  }
  for (const [file, want] of Object.entries(expected.signature_stripped)) {
    const body = read(path.join(dir, file)).trim();
    const signature = read(path.join(dir, want.expected_signature_file)).trim();
    const target = body.slice(0, body.length - signature.length).trim();
    const { reply } = extractReply(body);
    score('talon undelimited signatures (informative)', file, reply.trim() === target, `reply:\n${reply}`);
  }
}

function timeLargeInputs() {
  const paragraph = 'Thanks for the update, see my notes below.\n';
  const cases = {
    'plain 1 MB': paragraph.repeat(Math.ceil(1048576 / paragraph.length)),
    'quoted 1 MB': 'On Mon, 1 Jan 2024 at 10:00, A <a@b.c> wrote:\n'.repeat(20000) + '> x\n'.repeat(250000),
    'one 1 MB line': 'On '.repeat(350000) + ' wrote:',
    'html 1 MB': `<div>${'<p>Thanks for the update, see my notes below.</p>'.repeat(20000)}</div><div class="gmail_quote"><blockquote>${'<div>old</div>'.repeat(5000)}</blockquote></div>`,
    'html 1 MB nested 50k deep': '<div>'.repeat(50000) + 'x'.repeat(500000) + '<blockquote>'.repeat(20000),
  };
  const timings = {};
  for (const [name, input] of Object.entries(cases)) {
    const started = process.hrtime.bigint();
    if (name.startsWith('html')) extractReplyFromHtml(input);
    else extractReply(input);
    timings[name] = Number(process.hrtime.bigint() - started) / 1e6;
  }
  return timings;
}

async function main() {
  const dirs = fs.existsSync(path.join(root, 'expected.json'))
    ? [root]
    : fs.readdirSync(root).map((d) => path.join(root, d));
  for (const dir of dirs) {
    if (fs.existsSync(path.join(dir, 'fixtures')) && fs.existsSync(path.join(dir, 'expected.json'))) evalCrisp(dir);
    else if (fs.existsSync(path.join(dir, 'standard_replies'))) await evalTalon(dir);
  }
  const summary = {};
  for (const [group, { total, passed, failed }] of Object.entries(results)) {
    console.log(`${group}: ${passed}/${total} (${((100 * passed) / total).toFixed(1)}%)`);
    if (failed.length) console.log(`  failed: ${failed.join(', ')}`);
    summary[group] = { passed, total };
  }
  const timings = timeLargeInputs();
  for (const [name, ms] of Object.entries(timings)) console.log(`time ${name}: ${ms.toFixed(0)} ms`);
  console.log(JSON.stringify({ replies: summary, timingsMs: timings }));
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
