#!/usr/bin/env node
/*
 * Scores classifyEmail on a corpus folder laid out like /work/shared/corpora/sisimai (see its
 * README.md), plus talon/standard_replies/*.eml as normal-mail negatives when present.
 * Usage: npm run eval:bounces -- <dir> [--verbose]
 * <dir> is the sisimai folder or a folder holding sisimai/ (and talon/). Needs the built
 * library (the npm script runs `npm run build:lib` first).
 */
const fs = require('node:fs');
const path = require('node:path');
const { classifyEmail } = require('../libs/messaging-gateway');

const args = process.argv.slice(2);
const verbose = args.includes('--verbose');
const root = args.find((arg) => !arg.startsWith('--'));
if (!root) {
  console.error('usage: npm run eval:bounces -- <corpus dir> [--verbose]');
  process.exit(2);
}

const sisimaiDir = fs.existsSync(path.join(root, 'maildir')) ? root : path.join(root, 'sisimai');
const talonDir = path.join(path.dirname(sisimaiDir), 'talon', 'standard_replies');

/** Kinds accepted for each corpus category (README "Scoring" 1). */
const ACCEPTED = {
  bounce: ['bounce'],
  delivery_success_dsn: ['delivery_success'],
  unlabelled: ['bounce', 'delivery_success', 'feedback_report'],
  feedback_report: ['feedback_report'],
  auto_reply: ['auto_reply'],
  not_bounce: ['message'],
};

const counters = {
  files: { passed: 0, total: 0, failed: [] },
  automaticVsPerson: { passed: 0, total: 0 },
  recipientStatus: { passed: 0, total: 0, failed: [] },
  recipientHard: { passed: 0, total: 0, failed: [] },
  recipientBoth: { passed: 0, total: 0 },
  feedbackType: { passed: 0, total: 0 },
  negatives: { passed: 0, total: 0, failed: [] },
};
const count = (name, ok, label) => {
  counters[name].total++;
  if (ok) counters[name].passed++;
  else if (counters[name].failed) counters[name].failed.push(label);
};

async function main() {
  const expected = JSON.parse(fs.readFileSync(path.join(sisimaiDir, 'expected.json'), 'utf8'));
  const durations = [];
  for (const entry of expected) {
    const raw = fs.readFileSync(path.join(sisimaiDir, entry.file));
    const started = process.hrtime.bigint();
    const result = await classifyEmail(raw);
    durations.push(Number(process.hrtime.bigint() - started) / 1e6);
    const name = path.basename(entry.file);
    const kindOk = ACCEPTED[entry.category].includes(result.kind);
    count('files', kindOk, `${name}(${entry.category}→${result.kind})`);
    count('automaticVsPerson', (entry.category === 'not_bounce') === (result.kind === 'message'));
    if (entry.category === 'unlabelled') continue;
    const got = result.bounce?.recipients ?? [];
    for (const want of entry.recipients) {
      const mine = got[want.recipient_index - 1] ?? { status: '', hard: false };
      const statusOk = mine.status === want.status;
      const hardOk = mine.hard === want.hardbounce;
      const label = `${name}#${want.recipient_index}`;
      count('recipientStatus', statusOk, `${label}(${want.status || '-'}→${mine.status || '-'})`);
      count('recipientHard', hardOk, `${label}(${want.hardbounce ? 'hard' : 'soft'}→${mine.hard ? 'hard' : 'soft'})`);
      count('recipientBoth', statusOk && hardOk);
      if (verbose && (!statusOk || !hardOk)) {
        console.log(
          `${name}#${want.recipient_index}: want ${want.status}/${want.reason}/${want.hardbounce} got ${mine.status}/${mine.reason}/${mine.hard} ${(mine.diagnostic ?? '').slice(0, 160)}`,
        );
      }
      if (entry.category === 'feedback_report' && want.another_one) {
        count('feedbackType', result.feedback?.type === want.another_one);
      }
    }
  }
  if (fs.existsSync(talonDir)) {
    for (const file of fs.readdirSync(talonDir).filter((name) => name.endsWith('.eml'))) {
      const result = await classifyEmail(fs.readFileSync(path.join(talonDir, file)));
      count('negatives', result.kind === 'message', `${file}(${result.kind}: ${result.reasons.join('; ')})`);
    }
  }
  const summary = {};
  for (const [name, { passed, total, failed }] of Object.entries(counters)) {
    if (total === 0) continue;
    console.log(`${name}: ${passed}/${total} (${((100 * passed) / total).toFixed(1)}%)`);
    if (failed?.length) console.log(`  failed: ${failed.join(', ')}`);
    summary[name] = { passed, total };
  }
  durations.sort((a, b) => a - b);
  const p50 = durations[Math.floor(durations.length / 2)];
  const p99 = durations[Math.floor(durations.length * 0.99)];
  console.log(`time per email: p50 ${p50.toFixed(1)} ms, p99 ${p99.toFixed(1)} ms`);
  console.log(JSON.stringify({ bounces: summary, p50Ms: p50, p99Ms: p99 }));
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
