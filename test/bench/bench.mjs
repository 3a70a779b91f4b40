// `npm run bench`: the engine's costs as ratios measured in one run (ratios, not seconds, hold across
// machines). First the core in process: a cold lint, and an edit through a document's rule set, against
// reading, splitting and tokenizing the same bytes. Then the targets of issue 10 (test/bench/targets.mjs).
// Every figure is CPU time (test/bench/cpu.mjs): on a machine others share, wall time wanders.
import { createRequire } from 'node:module';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { median, UNIT } from './cpu.mjs';
import { cliTarget, documentTargets, startTarget } from './targets.mjs';

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

/** This process's CPU time for `fn`, median of `runs`. */
function time(fn, runs) {
  const samples = [];
  for (let r = 0; r < runs; r++) {
    const t0 = process.cpuUsage();
    fn(r);
    const { user, system } = process.cpuUsage(t0);
    samples.push((user + system) / 1000);
  }
  return median(samples);
}

const uri = 'file:///etc/audit/audit.rules';
const fmt = (ms) => `${ms.toFixed(2)} ms`;
console.log(`In process, ${UNIT} of this process, medians:`);
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
// The floor of any server on vscode-languageserver: the library alone, answering initialize.
const floor = join(dir, 'library-only.js');
await build({
  stdin: { contents: "const l = require('vscode-languageserver/node'); const c = l.createConnection(l.ProposedFeatures.all); c.onInitialize(() => ({ capabilities: {} })); c.listen();", resolveDir: root },
  bundle: true, platform: 'node', format: 'cjs', minify: true, outfile: floor, logLevel: 'warning',
});

const cli = await cliTarget(root, rulesD, files);
const documents = await documentTargets(root, generate(100, 'small'), generate(100_000, 'large'));
const start = await startTarget(root);
const library = await startTarget(root, 21, floor);
const ms = (x) => `${x.toFixed(x < 10 ? 1 : 0)} ms`;
const rows = [
  ['CLI cold lint of 100k lines (whole process)', `${ms(cli.b)}; read+split+tokenize ${ms(cli.a)}`, cli, 4],
  ['edit → diagnostics, 100k vs 100 lines', `${ms(documents.diagnostics.b)}; ${ms(documents.diagnostics.a)}`, documents.diagnostics, 3],
  ['edit → hover, 100k vs 100', `${ms(documents.hover.b)}; ${ms(documents.hover.a)}`, documents.hover, 3],
  ['edit → completion, 100k vs 100', `${ms(documents.completion.b)}; ${ms(documents.completion.a)}`, documents.completion, 3],
  ['edit → code action, 100k vs 100', `${ms(documents.codeAction.b)}; ${ms(documents.codeAction.a)}`, documents.codeAction, 3],
  ['server spawn → initialize answered', `${ms(start.b)}; node -e 0 ${ms(start.a)}`, start, 1.5],
];
console.log(`\nTargets, by ${UNIT}: medians of runs taken in turn with the baseline (wall-time ratio for comparison)`);
console.log('target                                        measured                                 ratio   limit    wall');
const line = (what, measured, ratio, limit, wall, over) =>
  console.log(`${what.padEnd(45)} ${measured.padEnd(40)} ${ratio.padStart(7)} ${limit.padStart(7)} ${wall.padStart(7)}${over ? '  over' : ''}`);
for (const [what, measured, r, limit] of rows) line(what, measured, `${r.ratio.toFixed(2)}x`, `${limit}x`, `${r.wallRatio.toFixed(2)}x`, r.ratio > limit);
line('server RSS: 100k lines, 100 edits, requests', `${documents.rss.toFixed(0)} MB`, '', '150 MB', '', documents.rss > 150);
line('  floor: vscode-languageserver alone → init', `${ms(library.b)}; node -e 0 ${ms(library.a)}`, `${library.ratio.toFixed(2)}x`, '', `${library.wallRatio.toFixed(2)}x`);
rmSync(dir, { recursive: true, force: true });
