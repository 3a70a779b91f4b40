// npm run test:fuzz — generated rule files through the core, checking what must hold for any input:
// no throw; every range inside the document as an LSP client counts lines (\r\n, \n and a lone \r);
// the same answer twice; the certain fixes (what --fix applies) end, and a second run changes nothing.
// Lines are built from the project's own tables (options, lists, fields, syscalls) and then mutated
// (tabs, a CR, a NUL, a BOM, inline comments, over-long words); files get CRLF, lone CRs and no final
// newline; some inputs are rules.d sets. A failure prints fast-check's shrunk input. FUZZ_RUNS sets the count.
import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';
import { readFileSync } from 'node:fs';
import assert from 'node:assert/strict';
import fc from 'fast-check';

const require = createRequire(import.meta.url);
const core = require('../../dist/core.js');
const { TextDocument } = require('vscode-languageserver-textdocument');

const RUNS = Number(process.env.FUZZ_RUNS ?? 100_000);

function column(file, at = 0) {
  const text = readFileSync(new URL(`../../server/data/auditctl/${file}`, import.meta.url), 'utf8');
  return [...new Set(text.split('\n').filter((l) => l && !l.startsWith('#')).map((l) => l.split('\t')[at]))];
}

const FIELDS = column('fields.tsv');
const SYSCALLS = column('syscalls/x86_64.tsv').slice(0, 120);
const LISTS = ['exit', 'task', 'user', 'exclude', 'filesystem', 'io_uring', 'exitt', 'possible'];
const ACTIONS = ['always', 'never', 'possible', 'alwys'];
const PATHS = ['/etc/passwd', '/etc/docker', '/usr/bin/dockerd', '/run/containerd', '/var/lib/docker', '/usr/local/share', '/', 'etc/x', '/a/../b', '/tmp/*'];
const OPS = ['=', '!=', '>=', '<=', '>', '<', '&', '&='];
const VALUES = ['0', '1', '1000', '-1', 'unset', 'b64', 'b32', 'wa', 'rwxa', 'x', 'root', 'docker', '0x10', '4294967296', 'EPERM', '-EPERM', ''];

const word = (...xs) => fc.constantFrom(...xs);
const field = fc.tuple(word(...FIELDS), word(...OPS), word(...VALUES, ...PATHS)).map(([f, o, v]) => `-F ${f}${o}${v}`);
const syscalls = fc.array(word(...SYSCALLS, 'all', '9999', '2'), { minLength: 1, maxLength: 3 }).map((s) => `-S ${s.join(',')}`);
const rule = fc.tuple(word('-a', '-A', '-d'), word(...LISTS), word(...ACTIONS), fc.boolean(), fc.array(fc.oneof(field, syscalls), { maxLength: 4 }), fc.option(word('docker', 'identity', 'k'), { nil: undefined }))
  .map(([op, list, action, actionFirst, parts, key]) => [op, actionFirst ? `${action},${list}` : `${list},${action}`, ...parts, ...(key ? [`-k ${key}`] : [])].join(' '));
const watch = fc.tuple(word('-w', '-W'), word(...PATHS), fc.option(word('wa', 'rwxa', 'r', 'q'), { nil: undefined }), fc.option(word('docker', 'identity'), { nil: undefined }))
  .map(([w, p, perm, key]) => [w, p, ...(perm ? [`-p ${perm}`] : []), ...(key ? [`-k ${key}`] : [])].join(' '));
const control = word('-D', '-D -k docker', '-e 0', '-e 1', '-e 2', '-e2', '-b 8192', '-f 1', '-f 5', '-i', '-c', '-r 100', '--backlog_wait_time 60000', '--loginuid-immutable', '-x', '');
const comment = word('# comment', '## local rules', '# auditd-lint: disable cis-docker-1.1.4', '   ');
const line = fc.oneof({ weight: 3, arbitrary: rule }, { weight: 3, arbitrary: watch }, { weight: 2, arbitrary: control }, { weight: 1, arbitrary: comment });

/** A line, mutated the ways real files and hostile ones differ from what auditctl wants. */
const mutated = fc.tuple(line, fc.array(fc.tuple(word('tab', 'cr', 'nul', 'comment', 'long', 'lead', 'trail'), fc.nat()), { maxLength: 2 }))
  .map(([text, mutations]) => mutations.reduce((t, [how, at]) => {
    const i = t.length === 0 ? 0 : at % (t.length + 1);
    switch (how) {
      case 'tab': return t.slice(0, i) + '\t' + t.slice(i);
      case 'cr': return t.slice(0, i) + '\r' + t.slice(i);
      case 'nul': return t.slice(0, i) + '\0' + t.slice(i);
      case 'comment': return `${t} # note`;
      // Now and then past auditctl's 6143-byte read, which cuts the line in parts.
      case 'long': return `${t} -k ${'k'.repeat(at % 4 === 0 ? 6100 + (at % 300) : 100 + (at % 300))}`;
      case 'lead': return `  ${t}`;
      default: return `${t}  `;
    }
  }, text));

const fileText = fc.tuple(fc.array(mutated, { maxLength: 12 }), word('\n', '\r\n', 'mixed'), fc.boolean(), fc.boolean())
  .map(([lines, eol, finalNewline, bom]) => {
    const ending = (i) => (eol === 'mixed' ? (i % 2 ? '\r\n' : '\n') : eol);
    const body = lines.map((l, i) => l + (i < lines.length - 1 || finalNewline ? ending(i) : '')).join('');
    return (bom ? '\uFEFF' : '') + body;
  });

const input = fc.oneof(
  { weight: 3, arbitrary: fileText.map((text) => ({ merged: false, files: [{ uri: 'file:///etc/audit/audit.rules', text }] })) },
  { weight: 2, arbitrary: fc.array(fileText, { minLength: 1, maxLength: 3 }).map((texts) => ({ merged: true, files: texts.map((text, i) => ({ uri: `file:///etc/audit/rules.d/${10 * (i + 1)}-f.rules`, text })) })) },
);
const cisSettings = fc.constantFrom('off', '1.8.0', 'ce-1.1.0');

function settings(version) {
  return { ...core.DEFAULT_SETTINGS, cis: { ...core.DEFAULT_SETTINGS.cis, version } };
}

/** The length of each line as an LSP client splits the text (at \r\n, \n and a lone \r). */
function lspLineLengths(text) {
  return text.split(/\r\n|\n|\r/).map((l) => l.length);
}

/** A range is inside the document, start before end. */
function assertInside(lengths, range, what) {
  for (const p of [range.start, range.end]) {
    assert.ok(p.line >= 0 && p.line < lengths.length, `${what}: line ${p.line} of ${lengths.length}`);
    assert.ok(p.character >= 0 && p.character <= lengths[p.line], `${what}: character ${p.character} of line ${p.line} (${lengths[p.line]} long)`);
  }
  assert.ok(range.start.line < range.end.line || (range.start.line === range.end.line && range.start.character <= range.end.character), `${what}: start after end`);
}

function applyEdits(text, edits) {
  return TextDocument.applyEdits(TextDocument.create('file:///x', 'auditd', 1, text), edits);
}

/** The certain fixes, a kind per round as --fix applies them; they must end. */
function certainFixed(req) {
  let files = req.files;
  for (let round = 0; round < 64; round++) {
    const analysis = core.analyze({ ...req, files });
    let changed = false;
    files = files.map((f) => {
      const fixes = core.certainFixes(analysis, f.uri);
      if (fixes.length === 0) return f;
      const lengths = lspLineLengths(f.text);
      for (const fix of fixes) for (const e of fix.edits) assertInside(lengths, e.range, `edit of "${fix.title}"`);
      const text = applyEdits(f.text, fixes.flatMap((x) => x.edits));
      changed ||= text !== f.text;
      return { ...f, text };
    });
    if (!changed) return files;
  }
  assert.fail('the certain fixes do not end');
}

const property = fc.property(input, cisSettings, (req, version) => {
  const full = { ...req, settings: settings(version) };
  const analysis = core.analyze(full);
  for (const f of req.files) {
    const lengths = lspLineLengths(f.text);
    for (const d of analysis.diagnostics.get(f.uri) ?? []) assertInside(lengths, d.range, `${d.code}`);
  }
  const again = core.analyze(full);
  assert.deepEqual(JSON.stringify([...again.diagnostics]), JSON.stringify([...analysis.diagnostics]), 'the same answer twice');
  const fixed = certainFixed({ ...req, settings: settings('off') });
  const twice = certainFixed({ ...req, files: fixed, settings: settings('off') });
  assert.deepEqual(twice.map((f) => f.text), fixed.map((f) => f.text), 'the certain fixes are idempotent');
});

// The runs are shared among one worker per core, each with its own seed; the main thread sums them up.
if (isMainThread) {
  const started = process.hrtime.bigint();
  const workers = Math.max(1, Math.min(availableParallelism(), 4));
  const base = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : Date.now() % 2 ** 31;
  const results = await Promise.all(Array.from({ length: workers }, (_, k) => new Promise((resolve, reject) => {
    const runs = Math.floor(RUNS / workers) + (k < RUNS % workers ? 1 : 0);
    const worker = new Worker(new URL(import.meta.url), { workerData: { runs, seed: base + k } });
    worker.once('message', resolve);
    worker.once('error', reject);
  })));
  const failed = results.filter((r) => r.failure);
  for (const r of failed) process.stdout.write(`${r.failure}\n`);
  const ran = results.reduce((n, r) => n + r.runs, 0);
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  process.stdout.write(`fuzz: ${ran.toLocaleString('en-US')} generated inputs (seeds ${base}..${base + workers - 1}, ${workers} workers) in ${seconds.toFixed(1)} s, ${failed.length} failures\n`);
  process.stdout.write(`${ran - failed.length} passed, ${failed.length} failed\n`);
  if (failed.length > 0) process.exitCode = 1;
} else {
  const { runs, seed } = workerData;
  let failure;
  try {
    fc.assert(property, { numRuns: runs, seed });
  } catch (err) {
    // fast-check's message holds the seed, the path and the shrunk counterexample.
    failure = `${err.message}\n${err.cause?.stack ?? ''}`;
  }
  parentPort.postMessage({ runs, failure });
}
