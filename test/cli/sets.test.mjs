// Which files are linted together: a directory is one augenrules set; a file in rules.d joins its siblings.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { controls, lint, lintJson, scratch } from './helpers.mjs';

const code = (target) => `cis-docker-${controls('1.8.0').find((c) => c.target === target).id}`;
const DOCKERD = code('dockerd');
const CONFIG_DIR = code('config-dir');

/** dir/a.rules watches dockerd, dir/b.rules watches /etc/docker: each control is met in one file only. */
function twoFiles(t, dirName) {
  const dir = path.join(scratch(t), dirName);
  mkdirSync(dir);
  writeFileSync(path.join(dir, 'a.rules'), '-w /usr/bin/dockerd -k docker\n');
  writeFileSync(path.join(dir, 'b.rules'), '-w /etc/docker -k docker\n');
  writeFileSync(path.join(dir, 'notes.txt'), 'not a rules file\n');
  return dir;
}

const codesOf = (byFile) => Object.values(byFile).flat().map((d) => d.code);

test('a directory is one merged set: a control met in one sibling is not reported', (t) => {
  const dir = twoFiles(t, 'audit-set');
  const { byFile } = lintJson([dir]);
  assert.deepEqual(Object.keys(byFile).sort(), [path.join(dir, 'a.rules'), path.join(dir, 'b.rules')], 'only *.rules files');
  assert.ok(!codesOf(byFile).includes(DOCKERD));
  assert.ok(!codesOf(byFile).includes(CONFIG_DIR));
});

test('a file outside rules.d is linted alone', (t) => {
  const dir = twoFiles(t, 'audit-set');
  const codes = codesOf(lintJson([path.join(dir, 'b.rules')]).byFile);
  assert.ok(codes.includes(DOCKERD));
  assert.ok(!codes.includes(CONFIG_DIR));
});

test('a file in rules.d is linted with its siblings, and only its own findings are shown', (t) => {
  const dir = twoFiles(t, 'rules.d');
  const file = path.join(dir, 'a.rules');
  const { byFile } = lintJson([file]);
  assert.deepEqual(Object.keys(byFile), [file]);
  // a.rules sorts first, so the missing controls are reported on b.rules, the last file with Docker rules.
  assert.ok(!codesOf(byFile).some((c) => c.startsWith('cis-docker-')));
  const all = lintJson([dir]).byFile;
  assert.ok(codesOf(all).some((c) => c.startsWith('cis-docker-')));
  assert.ok(!codesOf(all).includes(CONFIG_DIR));
});

test('a path named twice is reported once', (t) => {
  const dir = twoFiles(t, 'audit-set');
  const file = path.join(dir, 'a.rules');
  assert.deepEqual(JSON.parse(lint(['--format', 'json', file, file]).stdout).map((f) => f.file), [file]);
});

test('a directory without *.rules files is an error', (t) => {
  const r = lint([scratch(t)]);
  assert.equal(r.status, 2);
  assert.match(r.stderr, /no \*\.rules files/);
});

test('a hidden *.rules file is not part of the set, as augenrules\' shell glob leaves it out', (t) => {
  const dir = twoFiles(t, 'rules.d');
  writeFileSync(path.join(dir, '.c.rules'), '-w /run/containerd -k docker\n');
  const { byFile } = lintJson([dir]);
  assert.deepEqual(Object.keys(byFile).sort(), [path.join(dir, 'a.rules'), path.join(dir, 'b.rules')]);
  assert.ok(codesOf(byFile).includes(code('containerd-state')));
});
