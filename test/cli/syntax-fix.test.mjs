// --fix and the syntax fixes: what is certain and keeps what is audited is fixed (BOM, CRLF, tabs,
// inline comments, duplicates, an early -e 2), in one write with the CIS rules; -F arch= and misspelt
// names are reported and left alone.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { applyEdits } from '../core/helpers.mjs';
import { copyExamples, fullRemediation, lint, lintJson, root, scratch } from './helpers.mjs';

const core = createRequire(import.meta.url)(path.join(root, 'dist/core.js'));

const OFF = ['--cis-version', 'off'];

/** A lone rules file in a scratch directory. */
function ruleFile(t, content, name = 'audit.rules') {
  const file = path.join(scratch(t), name);
  writeFileSync(file, content);
  return file;
}

const BROKEN = [
  '\uFEFF-D',
  '-b 8192',
  '-e 2',
  '\t-w /etc/passwd -p wa -k identity',
  '-w /etc/group\t-p wa -k identity',
  '-w /etc/shadow -p wa -k identity   # the hashes',
  '-w /etc/passwd -p wa -k identity',
  '-a always,exit -S execve -k exec',
  '-a always,exit -F arch=b64 -S opn -k files',
].join('\r\n');

test('--fix: BOM, CRLF, tabs, inline comment, duplicate, -e 2 last; arch and names left as they are', (t) => {
  const file = ruleFile(t, BROKEN);
  const r = lint(['--fix', ...OFF, file]);
  assert.notEqual(r.status, 2, r.stderr);
  assert.equal(readFileSync(file, 'utf8'), [
    '-D',
    '-b 8192',
    '-w /etc/passwd -p wa -k identity',
    '-w /etc/group -p wa -k identity',
    '# the hashes',
    '-w /etc/shadow -p wa -k identity',
    '-a always,exit -S execve -k exec',
    '-a always,exit -F arch=b64 -S opn -k files',
    '-e 2',
  ].join('\n'), 'no final newline added either');
  assert.match(r.stderr, /^Fixed 7 problems in .*audit\.rules: /m);
  for (const title of ['Remove the byte order mark (BOM)', 'Convert the file to LF line endings', 'Remove the leading tab', 'Replace the tab with a space',
    'Move the comment to its own line above', 'Delete this duplicate line', 'Move -e 2 to the end of the file']) {
    assert.ok(r.stderr.includes(title), `${title} in ${r.stderr}`);
  }
  // What is left is reported, after the fix.
  assert.match(r.stdout, /\[auditctl-arch-mismatch\]/);
  assert.match(r.stdout, /\[auditctl-syscall-unknown\]/);
  assert.doesNotMatch(r.stdout, /\[(bom|crlf|kernel-rule-exists|immutable-too-early|auditctl-stray-word)\]/);
});

test('--fix twice: the second run finds nothing certain to fix and leaves the file alone', (t) => {
  const file = ruleFile(t, BROKEN);
  lint(['--fix', ...OFF, file]);
  const once = { bytes: readFileSync(file), mtimeMs: statSync(file).mtimeMs };
  const r = lint(['--fix', ...OFF, file]);
  assert.doesNotMatch(r.stderr, /Fixed/);
  assert.deepEqual({ bytes: readFileSync(file), mtimeMs: statSync(file).mtimeMs }, once);
});

test('without --fix the BOM is an Error on line 1, and the file is not touched', (t) => {
  const content = '\uFEFF-w /etc/passwd -p wa -k identity\n';
  const file = ruleFile(t, content);
  const { byFile, status } = lintJson([...OFF, file]);
  assert.equal(status, 1);
  const bom = Object.values(byFile)[0].find((d) => d.code === 'bom');
  assert.deepEqual([bom.severity, bom.line, bom.column], ['error', 1, 1]);
  assert.equal(readFileSync(file, 'utf8'), content);
});

test('--fix in a rules.d set: the named file loses its BOM and keeps CRLF (augenrules strips the CR); a sibling not named is untouched', (t) => {
  const dir = copyExamples(t);
  const named = path.join(dir, 'rules.d', '50-identity.rules');
  const sibling = path.join(dir, 'rules.d', '10-base-config.rules');
  const original = readFileSync(named, 'utf8').replace(/\n/g, '\r\n');
  writeFileSync(named, `\uFEFF${original}`);
  writeFileSync(sibling, `${readFileSync(sibling, 'utf8')}\t-w /etc/hosts -p wa\n`);
  const siblingBytes = readFileSync(sibling);
  const r = lint(['--fix', ...OFF, 'rules.d/50-identity.rules'], dir);
  assert.notEqual(r.status, 2, r.stderr);
  assert.equal(readFileSync(named, 'utf8'), original);
  assert.deepEqual(readFileSync(sibling), siblingBytes);
  assert.match(r.stderr, /^Fixed 1 problem in rules\.d\/50-identity\.rules: Remove the byte order mark \(BOM\)$/m);
});

test('--fix: syntax fixes and the missing CIS rules in one write, the rules placed before the moved -e 2', (t) => {
  const file = ruleFile(t, '-D\n-e 2\n-w /etc/passwd -p wa -k identity # users\n');
  const r = lint(['--fix', file]);
  assert.notEqual(r.status, 2, r.stderr);
  assert.match(r.stderr, /^Added \d+ lines to /m);
  const lines = readFileSync(file, 'utf8').split('\n');
  assert.deepEqual(lines.slice(0, 3), ['-D', '# users', '-w /etc/passwd -p wa -k identity']);
  assert.deepEqual(lines.slice(-2), ['-e 2', '']);
  const added = lines.slice(3, -2);
  // The benchmark's remediation, and for docker-bench-security's 1.1.9 (get_service_file docker.socket,
  // /lib/systemd/system/docker.socket on a Debian host) a watch of the unit that contains that path.
  const remediation = [...fullRemediation('1.8.0'), '-w /usr/lib/systemd/system/docker.socket -k docker'];
  assert.ok(added.length > 0 && added.every((l) => remediation.includes(l)), JSON.stringify(added));
  assert.deepEqual(lintJson(['--fail-on', 'error', file]).byFile[file].filter((d) => d.severity === 'error'), []);
});

test('--fix writes what the editor\'s fix on save (source.fixAll.auditd) makes of the same file', (t) => {
  const text = BROKEN.replace('-e 2\r\n', '-e 2\r\n-w /usr/bin/dockerd -k docker\r\n');
  const file = ruleFile(t, text);
  const r = lint(['--fix', file]);
  assert.notEqual(r.status, 2, r.stderr);
  const uri = pathToFileURL(file).href;
  const analysis = core.analyze({ files: [{ uri, text }], merged: false, settings: core.DEFAULT_SETTINGS });
  const [onSave] = core.codeActions(analysis, uri, { diagnostics: [], only: ['source.fixAll'] });
  assert.equal(readFileSync(file, 'utf8'), applyEdits(text, onSave.edit.changes[uri]));
  assert.match(r.stderr, /^Added \d+ lines to /m);
});

test('--fix leaves a file it cannot rewrite byte for byte (not UTF-8) unchanged, and says so', (t) => {
  const bytes = Buffer.concat([Buffer.from('# caf'), Buffer.from([0xe9]), Buffer.from('\n-w /etc/passwd -p wa\t-k identity\n')]);
  const file = ruleFile(t, bytes);
  const r = lint(['--fix', ...OFF, file]);
  assert.equal(r.status, 2);
  assert.match(r.stderr, /not valid UTF-8/);
  assert.deepEqual(readFileSync(file), bytes);
});

test('--help says what --fix fixes and what it leaves to the editor', () => {
  const r = lint(['--help']);
  assert.equal(r.status, 0);
  for (const words of ['remove a BOM', 'convert CRLF to LF', 'replace tabs with spaces', 'inline', 'duplicate', '-e 2', '-F arch=', 'misspelt']) {
    assert.ok(r.stdout.includes(words), words);
  }
});
