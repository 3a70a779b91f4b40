// auditd-lint --list: what `auditctl -l` would print once the set is loaded.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { lint, scratch } from './helpers.mjs';

test('--list prints the loaded rules as auditctl -l lists them, in the kernel\'s order', (t) => {
  const dir = scratch(t);
  const rulesd = path.join(dir, 'rules.d');
  mkdirSync(rulesd);
  // augenrules merges 10- before 20-; the exclude rule is listed after every exit rule (kernel list order).
  writeFileSync(path.join(rulesd, '20-docker.rules'), '-a exit,always -F path=/var/lib/docker -F perm=war -k docker\n-w /usr/bin/dockerd/ -k docker\n');
  writeFileSync(path.join(rulesd, '10-base.rules'), '-D\n-a always,exclude -F msgtype=CWD\n-w /etc/passwd -p wa -k identity\n');
  const r = lint(['--list', rulesd]);
  assert.equal(r.status, 0);
  assert.equal(r.stdout, [
    '-w /etc/passwd -p wa -k identity',
    '-w /var/lib/docker -p rwa -k docker',
    '-w /usr/bin/dockerd -p rwxa -k docker',
    '-a always,exclude -F msgtype=CWD',
    '',
  ].join('\n'));
  assert.equal(r.stderr, '');
});

test('--list says on stderr where the load stops, and prints No rules for an empty kernel', (t) => {
  const dir = scratch(t);
  const file = path.join(dir, 'audit.rules');
  writeFileSync(file, '-w /etc/passwd -p wa -k k # comment\n-w /etc/shadow -k k\n');
  const r = lint(['--list', file]);
  assert.equal(r.status, 0);
  assert.equal(r.stdout, 'No rules\n');
  assert.match(r.stderr, /stops loading at line 1 of .*audit\.rules/);
});

test('--list heads each set with its path when several are named', (t) => {
  const dir = scratch(t);
  const a = path.join(dir, 'a.rules');
  const b = path.join(dir, 'b.rules');
  writeFileSync(a, '-w /a -k k\n');
  writeFileSync(b, '-w /b -p r\n');
  const r = lint(['--list', a, b]);
  assert.equal(r.stdout, `==> ${a} <==\n-w /a -p rwxa -k k\n\n==> ${b} <==\n-w /b -p r\n`);
});
