// `npm run bench`: the engine's costs as ratios measured in one run (ratios, not seconds, hold across
// machines). First the core in process: a cold lint, and an edit through a document's rule set, against
// reading, splitting and tokenizing the same bytes. Then the targets of issue 10 (test/bench/targets.mjs).
import { createRequire } from 'node:module';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cliTarget, documentTimes, startTarget } from './targets.mjs';

const require = createRequire(import.meta.url);
const core = require('../../dist/core.js');

/** A realistic mix: watches, syscall rules with arch pairs, exclusions, comments, blanks. */
function generate(lines, salt) {
  const shapes = [
    (i) => `-w /etc/app${salt}/conf${i} -p wa -k config_${i % 50}`,
    (i) => `-a always,exit -F arch=b64 -S openat,open,creat -F exit=-EACCES -F auid>=1000 -F auid!=unset -k access${salt}${i}`,
    (i) => `-a always,exit -F arch=b32 -S openat,open,creat -F exit=-EACCES -F auid>=1000 -F auid!=unset -k access${salt}${i}`,
    (i) => `## section ${i} ${salt}`,
    () => '',
    (i) => `-a always,exit -F path=/usr/bin/tool${salt}${i} -F perm=x -F auid>=1000 -F auid!=unset -k privileged`,
    (i) => `-a never,exit -F arch=b64 -S adjtimex -F auid=unset -F uid=${i + 1000} -k noise${salt}`,
  ];
  const out = ['-D', '-b 8192', '-f 1'];
  for (let i = 0; out.length < lines - 1; i++) out.push(shapes[i % shapes.length](i));
  out.push('-e 2');
  return out.join('\n') + '\n';
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

function time(fn, runs) {
  const samples = [];
  for (let r = 0; r < runs; r++) {
    const t0 = process.hrtime.bigint();
    fn(r);
    samples.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  return median(samples);
}

const uri = 'file:///etc/audit/audit.rules';
const fmt = (ms) => `${ms.toFixed(2)} ms`;
console.log('lines    read+split+tokenize   lint (cold)   ratio   edit → analysis   ratio');
for (const size of [1_000, 10_000, 100_000]) {
  const runs = size >= 100_000 ? 5 : 15;
  // Each cold run lints a text no earlier run has seen.
  const texts = Array.from({ length: runs }, (_, r) => generate(size, `s${size}r${r}`));
  const baseline = time((r) => {
    for (const line of texts[r].split('\n')) core.tokenizeLine(line);
  }, runs);
  const cold = time((r) => core.analyze({ files: [{ uri, text: texts[r] }], merged: false }), runs);
  // An edit as the server makes it: one character typed into a line of an open document, then its analysis.
  const text = new core.RuleText(texts[0]);
  const lines = new core.FactsCache(core.targetMachine('x86_64'));
  const set = core.RuleSet.of([new core.FileModel(uri, text, lines, true)], false, lines);
  core.analyzeSet(set, core.DEFAULT_SETTINGS, {});
  const line = text.lines.lines.findIndex((l, i) => i >= size / 2 && l.text.startsWith('-w '));
  const edit = time((r) => {
    const character = text.lines.lines[line].text.indexOf(' -p');
    text.apply({ range: { start: { line, character }, end: { line, character } }, text: String(r % 10) });
    set.sync();
    core.analyzeSet(set, core.DEFAULT_SETTINGS, {});
  }, runs * 4);
  console.log(`${String(size).padEnd(8)} ${fmt(baseline).padStart(20)} ${fmt(cold).padStart(13)} ${(cold / baseline).toFixed(1).padStart(6)}x ${fmt(edit).padStart(17)} ${(edit / baseline).toFixed(3).padStart(7)}x`);
}

// The targets, as ratios measured in this run (issue 10).
const root = resolve(fileURLToPath(new URL('../..', import.meta.url)));
const dir = mkdtempSync(join(tmpdir(), 'auditd-bench-'));
// 100,000 lines as a rules.d of two files: a rule file may have 4 MiB (disk/regularFile), and these are 6.5.
const rulesD = join(dir, 'audit/rules.d');
mkdirSync(rulesD, { recursive: true });
const files = ['10-first.rules', '20-second.rules'].map((name, k) => {
  const path = join(rulesD, name);
  writeFileSync(path, generate(50_000, `target${k}`));
  return path;
});
const cli = cliTarget(root, rulesD, files);
const small = await documentTimes(root, generate(100, 'small'));
const large = await documentTimes(root, generate(100_000, 'large'));
const start = await startTarget(root);
const rows = [
  ['CLI cold lint of 100k lines (whole process)', `${cli.cli.toFixed(0)} ms; read+split+tokenize ${cli.baseline.toFixed(0)} ms`, cli.cli / cli.baseline, 4],
  ['edit → diagnostics, 100k vs 100 lines', `${large.diagnostics.toFixed(1)} ms; ${small.diagnostics.toFixed(1)} ms`, large.diagnostics / small.diagnostics, 3],
  ['edit → hover, 100k vs 100', `${large.hover.toFixed(1)} ms; ${small.hover.toFixed(1)} ms`, large.hover / small.hover, 3],
  ['edit → completion, 100k vs 100', `${large.completion.toFixed(1)} ms; ${small.completion.toFixed(1)} ms`, large.completion / small.completion, 3],
  ['edit → code action, 100k vs 100', `${large.codeAction.toFixed(1)} ms; ${small.codeAction.toFixed(1)} ms`, large.codeAction / small.codeAction, 3],
  ['server spawn → initialize answered', `${start.server.toFixed(0)} ms; node -e 0 ${start.node.toFixed(0)} ms`, start.server / start.node, 1.5],
];
console.log('\ntarget                                        measured                                 ratio   limit');
for (const [what, measured, ratio, limit] of rows) {
  console.log(`${what.padEnd(45)} ${measured.padEnd(40)} ${ratio.toFixed(2).padStart(6)}x ${`${limit}x`.padStart(6)}${ratio <= limit ? '' : '  over'}`);
}
console.log(`${'server RSS: 100k lines, 100 edits, requests'.padEnd(45)} ${`${large.rss.toFixed(0)} MB`.padEnd(40)} ${''.padStart(7)} ${'150 MB'.padStart(6)}${large.rss <= 150 ? '' : '  over'}`);
rmSync(dir, { recursive: true, force: true });
