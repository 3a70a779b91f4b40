// Lint time for generated rule files, as a ratio to reading, splitting and tokenizing the same bytes.
// `npm run bench`. Ratios, not seconds, are the figures to compare: they hold across machines.
import { createRequire } from 'node:module';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

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
rmSync(dir, { recursive: true, force: true });
