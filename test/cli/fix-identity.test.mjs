// --fix edits a file in place of itself: owner, group, mode and hard links stay; a read-only file is
// refused unless --force; every file is checked before any is written. What needs root (files of
// another user, the CLI run as another user) is in fix-identity.root.mjs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, linkSync, mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { added, assertFixed, DOCKER_RULES, dockerRules, lint, scratch } from './helpers.mjs';

test('--fix keeps hard links: every name sees the new text, the inode stays, no backup is left', (t) => {
  const dir = scratch(t);
  const file = dockerRules(dir);
  mkdirSync(path.join(dir, 'elsewhere'));
  const other = path.join(dir, 'elsewhere', 'docker.rules');
  linkSync(file, other);
  const before = statSync(file);

  const r = lint(['--fix', file]);
  assert.notEqual(r.status, 2, r.stderr);
  assertFixed(file);
  const after = statSync(file);
  assert.deepEqual([after.ino, after.nlink, after.uid, after.gid, after.mode], [before.ino, 2, before.uid, before.gid, before.mode]);
  assert.equal(readFileSync(other, 'utf8'), readFileSync(file, 'utf8'));
  assert.deepEqual(readdirSync(dir).sort(), ['docker.rules', 'elsewhere']);
});

test('--fix refuses a read-only (0444) file, even as root, and --force fixes it keeping 0444', (t) => {
  const file = dockerRules(scratch(t));
  chmodSync(file, 0o444);
  const refused = lint(['--fix', file]);
  assert.equal(refused.status, 2, refused.stderr);
  assert.match(refused.stderr, new RegExp(`^auditd-lint: ${file.replace(/[.]/g, '\\.')}: read-only \\(mode 0444\\); make it writable, or fix it anyway with --force$`, 'm'));
  assert.match(refused.stderr, /^auditd-lint: Nothing was written\.$/m);
  assert.deepEqual(added(file), []);

  const forced = lint(['--fix', '--force', file]);
  assert.notEqual(forced.status, 2, forced.stderr);
  assertFixed(file);
  assert.equal(statSync(file).mode & 0o7777, 0o444);
});

test('--fix with two files, the second read-only: neither is written', (t) => {
  const dir = scratch(t);
  const first = dockerRules(dir, 'a.rules');
  const second = dockerRules(dir, 'b.rules');
  chmodSync(second, 0o444);
  const r = lint(['--fix', first, second]);
  assert.equal(r.status, 2, r.stderr);
  assert.match(r.stderr, /b\.rules: read-only/);
  assert.deepEqual(added(first), [], 'the first file is untouched');
  assert.deepEqual(added(second), []);
});

test("--force without --fix is a usage error", () => {
  const r = lint(['--force', DOCKER_RULES]);
  assert.equal(r.status, 2);
  assert.match(r.stderr, /--force only changes what --fix may write/);
});
