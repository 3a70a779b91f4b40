// Lint time for generated rule files, as a ratio to reading, splitting and tokenizing the same bytes.
// `npm run bench`. Ratios, not seconds, are the figures to compare: they hold across machines.
import { createRequire } from 'node:module';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
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

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

function time(fn, runs) {
  const samples = [];
  for (let r = 0; r < runs; r++) {
    const t0 = process.hrtime.bigint();
    fn(r);
    samples.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  return median(samples);
}

const dir = mkdtempSync(join(tmpdir(), 'auditd-bench-'));
const uri = 'file:///etc/audit/audit.rules';
console.log('lines    read+split+tokenize   lint (cold)   ratio   re-lint after a 1-line edit   ratio');
for (const size of [1_000, 10_000, 100_000]) {
  const runs = size >= 100_000 ? 5 : 15;
  // Each cold run lints text no earlier run has seen, so the per-line cache cannot help it.
  const files = Array.from({ length: runs }, (_, r) => {
    const path = join(dir, `${size}-${r}.rules`);
    writeFileSync(path, generate(size, `s${size}r${r}`));
    return path;
  });
  const baseline = time((r) => {
    const text = readFileSync(files[r], 'utf8');
    for (const line of text.split('\n')) core.tokenizeLine(line);
  }, runs);
  const cold = time((r) => core.analyze({ files: [{ uri, text: readFileSync(files[r], 'utf8') }], merged: false }), runs);
  // An edit: the same file with one line changed, linted again (the other lines are cached).
  const base = readFileSync(files[0], 'utf8').split('\n');
  const edit = time((r) => {
    const lines = [...base];
    lines[Math.floor(lines.length / 2)] = `-w /etc/edited${r} -p wa -k edit`;
    core.analyze({ files: [{ uri, text: lines.join('\n') }], merged: false });
  }, runs);
  const fmt = (ms) => `${ms.toFixed(2)} ms`.padStart(10);
  console.log(
    `${String(size).padEnd(8)} ${fmt(baseline).padStart(20)} ${fmt(cold).padStart(13)} ${(cold / baseline).toFixed(1).padStart(6)}x ${fmt(edit).padStart(29)} ${(edit / baseline).toFixed(1).padStart(6)}x`,
  );
}

// The targets, as ratios measured in this run (issue 10).
const root = resolve(fileURLToPath(new URL('../..', import.meta.url)));
const big = join(dir, 'target-100000.rules');
writeFileSync(big, generate(100_000, 'target'));
const cli = cliTarget(root, big);
const small = await documentTimes(root, generate(100, 'small'));
const large = await documentTimes(root, readFileSync(big, 'utf8'));
const start = await startTarget(root);
const rows = [
  ['CLI cold lint of 100k lines, whole process', `${cli.cli.toFixed(0)} ms vs read+split+tokenize ${cli.baseline.toFixed(0)} ms`, cli.cli / cli.baseline, 4],
  ['edit → diagnostics, 100k-line document', `${large.diagnostics.toFixed(1)} ms vs 100 lines ${small.diagnostics.toFixed(1)} ms`, large.diagnostics / small.diagnostics, 3],
  ['edit → hover, 100k', `${large.hover.toFixed(1)} ms vs ${small.hover.toFixed(1)} ms`, large.hover / small.hover, 3],
  ['edit → completion, 100k', `${large.completion.toFixed(1)} ms vs ${small.completion.toFixed(1)} ms`, large.completion / small.completion, 3],
  ['edit → code action, 100k', `${large.codeAction.toFixed(1)} ms vs ${small.codeAction.toFixed(1)} ms`, large.codeAction / small.codeAction, 3],
  ['server spawn → initialize answered', `${start.server.toFixed(0)} ms vs node -e 0 ${start.node.toFixed(0)} ms`, start.server / start.node, 1.5],
];
console.log('\ntarget                                        measured                                  ratio   limit');
for (const [what, measured, ratio, limit] of rows) {
  console.log(`${what.padEnd(45)} ${measured.padEnd(41)} ${ratio.toFixed(2).padStart(6)}x ${`${limit}x`.padStart(6)}${ratio <= limit ? '' : '  over'}`);
}
console.log(`${'server RSS, 100k lines open after 100 edits'.padEnd(45)} ${`${large.rss.toFixed(0)} MB`.padEnd(41)} ${''.padStart(7)} ${'150 MB'.padStart(6)}${large.rss <= 150 ? '' : '  over'}`);
rmSync(dir, { recursive: true, force: true });
