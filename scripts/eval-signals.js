#!/usr/bin/env node
/*
 * Counts the safety signals (hidden text, link mismatches, prompt-injection phrasing) that the
 * inbound pipeline raises on ordinary mail: a corpus folder laid out like /work/shared/corpora
 * (talon/ standard and HTML replies and misc cases, crisp-email-reply-parser/ fixtures,
 * sisimai/maildir/not/). Every file goes through the same parse and content step as a posted
 * email. A signal on ordinary mail is a false alarm unless a person reading the file agrees.
 * Usage: npm run eval:signals -- <dir> [--verbose]. Needs the built library.
 */
const fs = require('node:fs');
const path = require('node:path');
const { parseInboundEmail } = require('../libs/messaging-gateway/dist/inbound/parse/parse-inbound-email');
const { messageContentOf } = require('../libs/messaging-gateway/dist/inbound/message-content');

const args = process.argv.slice(2);
const verbose = args.includes('--verbose');
const root = args.find((arg) => !arg.startsWith('--'));
if (!root) {
  console.error('usage: npm run eval:signals -- <corpus dir> [--verbose]');
  process.exit(2);
}

const LIMITS = { maxBytes: 25 * 1024 * 1024, maxParts: 1000, timeoutMs: 10_000 };
const list = (dir, ext) =>
  fs.existsSync(dir)
    ? fs
        .readdirSync(dir)
        .filter((f) => f.endsWith(ext))
        .map((f) => path.join(dir, f))
    : [];
const wrap = (type, body) =>
  Buffer.from(`From: someone@example.org\r\nSubject: Re: test\r\nContent-Type: ${type}; charset=utf-8\r\n\r\n${body}`);

/** Every ordinary email of the corpora, as raw MIME. */
function samples(dir) {
  const found = [];
  const add = (file, raw) => found.push({ file: path.relative(dir, file), raw });
  for (const base of [dir, path.join(dir, 'talon')]) {
    for (const file of list(path.join(base, 'standard_replies'), '.eml')) add(file, fs.readFileSync(file));
    for (const file of list(path.join(base, 'html_replies'), '.html'))
      add(file, wrap('text/html', fs.readFileSync(file, 'utf8')));
    for (const file of list(base, '.eml')) add(file, fs.readFileSync(file));
    for (const file of list(base, '.html')) add(file, wrap('text/html', fs.readFileSync(file, 'utf8')));
  }
  for (const base of [dir, path.join(dir, 'crisp-email-reply-parser')]) {
    for (const file of list(path.join(base, 'fixtures'), '.txt'))
      add(file, wrap('text/plain', fs.readFileSync(file, 'utf8')));
  }
  for (const base of [dir, path.join(dir, 'sisimai')]) {
    for (const file of list(path.join(base, 'maildir', 'not'), '.eml')) add(file, fs.readFileSync(file));
  }
  return found;
}

async function main() {
  const counts = {};
  let emails = 0;
  let flagged = 0;
  for (const { file, raw } of samples(root)) {
    emails++;
    const { email, mail } = await parseInboundEmail(raw, {}, LIMITS);
    const { signals } = messageContentOf(email, mail, false);
    if (signals.length) flagged++;
    for (const signal of signals) {
      const key = `${signal.type}`;
      (counts[key] ??= []).push(file);
      if (verbose) console.log(`${file}: ${signal.type} (${signal.detail})`);
    }
  }
  const perSignal = Object.fromEntries(
    ['hidden_text', 'link_mismatch', 'prompt_injection'].map((type) => [type, new Set(counts[type] ?? []).size]),
  );
  console.log(JSON.stringify({ emails, flagged, emailsPerSignal: perSignal }));
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
