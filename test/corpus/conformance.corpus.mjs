// Conformance over real-world rule files (the corpus outside the project, see corpus.mjs; its README.md
// says what `auditctl -R` says of each on x86_64): no Error on a line auditctl loads, and every Error the
// README lists, on its line, in auditctl's words. Each file is analysed alone; the gwokfun rules.d set
// also as augenrules merges it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { corpusDir } from './corpus.mjs';
import { errorLines, errors, INFORMATION, lone, merged, WARNING } from '../conformance/helpers.mjs';

const walk = (dir) => readdirSync(dir).sort().flatMap((name) => {
  const p = path.join(dir, name);
  return statSync(p).isDirectory() ? walk(p) : p.endsWith('.rules') ? [p] : [];
});
const files = walk(corpusDir).map((p) => ({ rel: path.relative(corpusDir, p).split(path.sep).join('/'), text: readFileSync(p, 'utf8') }));
const read = (rel) => files.find((f) => f.rel === rel).text;
/** 1-based numbers of the lines holding a rule (not blank, not a comment). */
const ruleLines = (text) => text.split('\n').flatMap((l, i) => (l.trim() === '' || l.trim().startsWith('#') ? [] : [i + 1]));
/** 1-based number of the only line matching re. */
const lineMatching = (rel, re) => {
  const hits = read(rel).split('\n').flatMap((l, i) => (re.test(l) ? [i + 1] : []));
  assert.equal(hits.length, 1, `${rel}: one line matches ${re}`);
  return hits[0];
};

/**
 * The Errors the README lists, by file: line → auditctl's message (undefined where the README gives
 * the reason but not auditctl's words). Every other file loads.
 */
const EXPECTED = {
  // "starts with -i, which hides 4 Errors: lines 487-488 (`-k -F T1078...`: "parameter passed without an
  // option given"), lines 718-719 (`-F obj=`: "-F unknown field: obj")"
  'community/neo23x0-audit.rules': new Map([
    [487, 'parameter passed without an option given'],
    [488, 'parameter passed without an option given'],
    [718, '-F unknown field: obj'],
    [719, '-F unknown field: obj'],
  ]),
  // "Error: `timerfd` (now timerfd_create)"
  'community/oms-mstic-research.rules': new Map([[lineMatching('community/oms-mstic-research.rules', /[ ,]timerfd[, ]/), 'Syscall name unknown: timerfd']]),
  // "lines 3 and 5 repeat lines 2 and 4 ("Rule exists"); line 7 `-F arch=b32 -S accept` (no accept on i386)"
  'community/oms-net_and_file.rules': new Map([
    [3, 'Error sending add rule data request (Rule exists)'],
    [5, 'Error sending add rule data request (Rule exists)'],
    [7, 'Syscall name unknown: accept'],
  ]),
  // "not auditctl syntax at all: every rule line is an Error"
  'community/negative/not-auditctl-syntax.rules': new Map(ruleLines(read('community/negative/not-auditctl-syntax.rules')).map((n) => [n, undefined])),
};

/** Lines that hang on the loading host's user names (README: "needs a user `chrony`", "uid=chrony / uid=ntp"). */
const HOST_NAMES = {
  'audit-userspace/22-ignore-chrony.rules': /uid=chrony/,
  'community/neo23x0-audit.rules': /uid!?=(chrony|ntp)\b/,
};

test('the corpus is there', () => {
  assert.ok(files.length >= 45, `${files.length} rule files`);
  for (const rel of Object.keys(EXPECTED)) assert.ok(files.some((f) => f.rel === rel), rel);
});

for (const { rel, text } of files) {
  test(`corpus ${rel}: Errors exactly where auditctl refuses`, () => {
    const { diagnostics } = lone(text, path.basename(rel));
    const expected = EXPECTED[rel] ?? new Map();
    assert.deepEqual(errorLines(diagnostics).map((l) => l + 1), [...expected.keys()].sort((a, b) => a - b));
    for (const [line, message] of expected) {
      if (message === undefined) continue;
      assert.ok(errors(diagnostics).some((d) => d.range.start.line === line - 1 && d.message.includes(message)), `${rel}:${line} says "${message}"`);
    }
    const names = HOST_NAMES[rel];
    if (names) {
      const lines = text.split('\n').flatMap((l, i) => (names.test(l) ? [i] : []));
      assert.ok(lines.length > 0);
      for (const i of lines) assert.ok(diagnostics.some((d) => d.range.start.line === i && d.severity === INFORMATION), `${rel}:${i + 1} host-dependent name is Information`);
    }
  });
}

test('corpus neo23x0: the Errors -i hides are marked skipped, and the -i line says how many it hides', () => {
  const rel = 'community/neo23x0-audit.rules';
  const { diagnostics } = lone(read(rel), 'neo23x0-audit.rules');
  for (const line of EXPECTED[rel].keys()) {
    const d = errors(diagnostics).find((x) => x.range.start.line === line - 1);
    assert.match(d.message, /skipped/, `${rel}:${line}`);
  }
  const iLine = lineMatching(rel, /^-i\s*$/);
  const warning = diagnostics.find((d) => d.severity === WARNING && d.range.start.line === iLine - 1);
  assert.ok(warning, 'a Warning on the -i line');
  assert.match(warning.message, /\b4 refused lines\b/);
});

test('corpus oms-net_and_file: line 5 is a duplicate even though auditctl stops at line 3', () => {
  const { analysis } = lone(read('community/oms-net_and_file.rules'));
  assert.equal(analysis.load.stop.ref.line + 1, 3);
});

test('corpus gwokfun rules.d merged as augenrules does: no Error in any file', () => {
  const dir = 'community/gwokfun-sec-auditd/rules.d/';
  const set = files.filter((f) => f.rel.startsWith(dir)).map((f) => ({ name: f.rel.slice(dir.length), text: f.text }));
  assert.ok(set.length >= 5);
  const { byName, analysis } = merged(set);
  for (const [name, list] of byName) assert.deepEqual(errors(list).map((d) => `${name}:${d.range.start.line + 1} ${d.message}`), []);
  assert.equal(analysis.load.stop, undefined);
  assert.ok(analysis.load.loadedRules().length > 50, 'the merged set loads its rules');
});

test('corpus summary', () => {
  let agree = 0;
  let listed = 0;
  for (const { rel, text } of files) {
    const expected = [...(EXPECTED[rel] ?? new Map()).keys()].sort((a, b) => a - b);
    listed += expected.length;
    if (JSON.stringify(errorLines(lone(text, path.basename(rel)).diagnostics).map((l) => l + 1)) === JSON.stringify(expected)) agree++;
  }
  console.log(`corpus: ${agree}/${files.length} files agree with auditctl (${listed} refused lines listed in the README, every other line loads)`);
  assert.equal(agree, files.length);
});
