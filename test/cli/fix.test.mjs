// --fix: the editor's "add all missing CIS rules" edit, written in place without touching any other byte.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { allCodes, copyExamples, examples, fullRemediation, lint, lintJson, scratch } from './helpers.mjs';

// The example's Docker rules are in 30-docker.rules, so the missing ones go there; the other files hold none.
const TARGET = '30-docker.rules';
const OTHERS = ['10-base-config.rules', '50-identity.rules', '99-finalize.rules'];
const MISSING_CONTROL = /^cis-docker-1\.1\.\d+$/;

function snapshot(dir, name) {
  const file = path.join(dir, 'rules.d', name);
  return { bytes: readFileSync(file), mtimeMs: statSync(file).mtimeMs, mode: statSync(file).mode & 0o7777 };
}

test('--fix adds the missing rules to the Docker file, keeps its mode, leaves the other files alone', (t) => {
  const dir = copyExamples(t);
  chmodSync(path.join(dir, 'rules.d', TARGET), 0o640);
  const before = Object.fromEntries(OTHERS.map((n) => [n, snapshot(dir, n)]));
  assert.ok(allCodes(lintJson(['rules.d'], dir).byFile).some((c) => MISSING_CONTROL.test(c)), 'the example misses controls');

  const r = lint(['--fix', 'rules.d'], dir);
  assert.notEqual(r.status, 2, r.stderr);
  assert.match(r.stderr, new RegExp(`^Added \\d+ lines to rules\\.d/${TARGET}$`, 'm'));
  // What it reports is the set after the fix: only §1.1.13, whose watch in /etc/sysconfig a Debian host
  // (the default --host) would refuse, so it is not added.
  assert.deepEqual([...r.stdout.matchAll(/\[(cis-docker-[\d.]+)\]/g)].map((m) => m[1]), ['cis-docker-1.1.13']);
  assert.match(r.stdout, /Not added: \/etc\/sysconfig does not exist on a Debian or Ubuntu docker-ce host/);
  assert.deepEqual(allCodes(lintJson(['rules.d'], dir).byFile).filter((c) => MISSING_CONTROL.test(c)), ['cis-docker-1.1.13']);

  assert.equal(snapshot(dir, TARGET).mode, 0o640);
  for (const name of OTHERS) assert.deepEqual(snapshot(dir, name), before[name], `${name} is untouched`);
});

test('--fix twice: the second run changes nothing', (t) => {
  const dir = copyExamples(t);
  assert.match(lint(['--fix', 'rules.d'], dir).stderr, /^Added /m);
  const once = snapshot(dir, TARGET);
  const r = lint(['--fix', 'rules.d'], dir);
  assert.notEqual(r.status, 2, r.stderr);
  assert.doesNotMatch(r.stderr, /Added/);
  assert.deepEqual(snapshot(dir, TARGET), once);
});

/** The benchmark's lines, split from what follows `prefix` in `fixed`; checks that nothing before it changed. */
function addedAfter(fixed, prefix, eol) {
  assert.ok(fixed.startsWith(prefix), JSON.stringify(fixed));
  const added = fixed.slice(prefix.length).split(eol).filter((l) => l !== '');
  const remediation = fullRemediation('1.8.0');
  assert.ok(added.length > 0 && added.every((l) => remediation.includes(l)), JSON.stringify(added));
  return added;
}

// A BOM and CRLF in a lone file are fixed before the rules are added (test/cli/syntax-fix.test.mjs).
test('--fix keeps CRLF line endings in a rules.d file (augenrules strips the CR)', (t) => {
  const dir = copyExamples(t);
  const file = path.join(dir, 'rules.d', TARGET);
  const original = readFileSync(file, 'utf8').replace(/\n/g, '\r\n');
  writeFileSync(file, original);

  const r = lint(['--fix', 'rules.d'], dir);
  assert.notEqual(r.status, 2, r.stderr);
  const fixed = readFileSync(file, 'utf8');
  // The file holds only Docker rules, so the new ones go after its last line: every old byte stays as it was.
  addedAfter(fixed, original, '\r\n');
  assert.ok(fixed.endsWith('\r\n'));
  assert.doesNotMatch(fixed, /[^\r]\n/, 'no LF-only line ending');
});

test('--fix keeps a missing final newline', (t) => {
  // A lone copy: in a rules.d set, augenrules' cat would join its last line to the next file's first.
  const file = path.join(scratch(t), 'docker.rules');
  const original = readFileSync(path.join(examples, 'rules.d', TARGET), 'utf8').replace(/\n$/, '');
  writeFileSync(file, original);

  const r = lint(['--fix', file]);
  assert.notEqual(r.status, 2, r.stderr);
  const fixed = readFileSync(file, 'utf8');
  addedAfter(fixed, original + '\n', '\n');
  assert.ok(!fixed.endsWith('\n'), 'still no final newline');
});

test('--fix refuses a file that is not valid UTF-8 rather than change its bytes', (t) => {
  const file = path.join(scratch(t), 'audit.rules');
  // A Latin-1 comment: decoding it as UTF-8 and writing back would replace the byte.
  const bytes = Buffer.concat([Buffer.from('# caf'), Buffer.from([0xe9]), Buffer.from('\n-w /etc/passwd -p wa -k identity\n')]);
  writeFileSync(file, bytes);
  const r = lint(['--fix', file]);
  assert.equal(r.status, 2);
  assert.match(r.stderr, /not valid UTF-8/);
  assert.deepEqual(readFileSync(file), bytes);
});

test('--fix on a file of a rules.d set whose Docker rules live in a sibling changes nothing and says where they go', (t) => {
  const dir = copyExamples(t);
  const before = snapshot(dir, TARGET);
  const r = lint(['--fix', 'rules.d/50-identity.rules'], dir);
  assert.notEqual(r.status, 2, r.stderr);
  assert.match(r.stderr, new RegExp(`rules\\.d/${TARGET}`));
  assert.deepEqual(snapshot(dir, TARGET), before);
});
