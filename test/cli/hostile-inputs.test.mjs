// auditd-lint reads only regular files: a path named on the command line that is a named pipe, a
// device, a kernel pseudo-file or too large stops the run (exit 2, the reason on stderr) instead of
// hanging or running out of memory; such a file beside the named ones in a rules.d is skipped with a
// warning, and so is a link that leads out of the directory.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { copyExamples, root, scratch } from './helpers.mjs';

/** auditd-lint, stopped after 20 s: reading a pipe or /dev/zero would otherwise hang the test run. */
function lint(args, cwd = root) {
  const r = spawnSync(process.execPath, [path.join(root, 'dist', 'cli.js'), ...args], { cwd, encoding: 'utf8', timeout: 20_000 });
  assert.equal(r.signal, null, `auditd-lint ${args.join(' ')} was stopped after 20 s (${r.signal})`);
  return r;
}

function lintJson(args, cwd) {
  const r = lint(['--format', 'json', ...args], cwd);
  return { ...r, byFile: Object.fromEntries(JSON.parse(r.stdout).map((f) => [f.file, f.diagnostics])) };
}

function mkfifo(file) {
  const r = spawnSync('mkfifo', [file]);
  assert.equal(r.status, 0, `mkfifo ${file}: ${r.stderr}`);
}

/** auditd-lint on a path that must be refused: exit 2, `reason` on stderr after the path. */
function refused(args, shown, reason) {
  const r = lint(['--cis-version', 'off', ...args]);
  assert.equal(r.status, 2, r.stderr);
  assert.match(r.stderr, new RegExp(`^auditd-lint: ${shown.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: ${reason}`, 'm'));
}

test('a named pipe named on the command line: exit 2 at once', (t) => {
  const fifo = path.join(scratch(t), 'audit.rules');
  mkfifo(fifo);
  refused([fifo], fifo, 'a named pipe, not a regular file');
});

test('a link to /dev/zero named on the command line: exit 2, nothing read', (t) => {
  const link = path.join(scratch(t), 'audit.rules');
  symlinkSync('/dev/zero', link);
  refused([link], link, 'a character device, not a regular file');
});

test('a kernel pseudo-file (/proc/self/environ) named on the command line: exit 2', () => {
  refused(['/proc/self/environ'], '/proc/self/environ', "a file of the kernel's proc file system, not a rule file");
});

test('a file over 4 MiB named on the command line: exit 2 with its size', (t) => {
  const big = path.join(scratch(t), 'audit.rules');
  writeFileSync(big, '#'.repeat(5 * 1024 * 1024));
  refused([big], big, '5 MiB, more than the 4 MiB a rule file may have');
});

test('a named file that is a link to a regular file elsewhere is read (the user named it)', (t) => {
  const dir = scratch(t);
  writeFileSync(path.join(dir, 'real.rules'), '-w /etc/passwd -p wa -k identity\n');
  mkdirSync(path.join(dir, 'audit'));
  symlinkSync(path.join(dir, 'real.rules'), path.join(dir, 'audit', 'audit.rules'));
  const r = lint(['--cis-version', 'off', path.join(dir, 'audit', 'audit.rules')]);
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stderr, '');
});

test('in a named rules.d: a pipe, a link out of the directory and a dangling link are skipped with a warning; the rest is linted', (t) => {
  const dir = copyExamples(t);
  const rulesd = path.join(dir, 'rules.d');
  mkfifo(path.join(rulesd, '20-pipe.rules'));
  writeFileSync(path.join(dir, 'outside.rules'), '-w /etc/shadow -p wa -k outside\n');
  symlinkSync(path.join(dir, 'outside.rules'), path.join(rulesd, '21-outside.rules'));
  symlinkSync('/nowhere/at/all', path.join(rulesd, '22-dangling.rules'));
  // A link inside the directory is followed: it holds CIS Docker 1.8.0 §1.1.4's rule.
  writeFileSync(path.join(rulesd, '.containerd'), '-a exit,always -F path=/run/containerd -F perm=war -k docker\n');
  symlinkSync('.containerd', path.join(rulesd, '40-containerd.rules'));

  const r = lintJson(['rules.d'], dir);
  assert.notEqual(r.status, 2, r.stderr);
  const warnings = r.stderr.split('\n').filter((l) => l.startsWith('auditd-lint: warning: '));
  assert.equal(warnings.length, 3, r.stderr);
  assert.match(r.stderr, /^auditd-lint: warning: rules\.d\/20-pipe\.rules: a named pipe, not a regular file; skipped/m);
  assert.match(r.stderr, /^auditd-lint: warning: rules\.d\/21-outside\.rules: a link to .*outside\.rules, outside .*rules\.d; skipped/m);
  assert.match(r.stderr, /^auditd-lint: warning: rules\.d\/22-dangling\.rules: a link to \/nowhere\/at\/all that leads to no file/m);
  assert.deepEqual(Object.keys(r.byFile).sort(), ['rules.d/10-base-config.rules', 'rules.d/30-docker.rules', 'rules.d/40-containerd.rules', 'rules.d/50-identity.rules', 'rules.d/99-finalize.rules']);
  assert.ok(!Object.values(r.byFile).flat().some((d) => d.code === 'cis-docker-1.1.4'), 'the linked file meets §1.1.4');
});

test('a rules.d file named on the command line that cannot be read exits 2, though its siblings could be', (t) => {
  const dir = copyExamples(t);
  mkfifo(path.join(dir, 'rules.d', '20-pipe.rules'));
  const r = lint(['rules.d/30-docker.rules', 'rules.d/20-pipe.rules'], dir);
  assert.equal(r.status, 2, r.stderr);
  assert.match(r.stderr, /^auditd-lint: rules\.d\/20-pipe\.rules: a named pipe, not a regular file$/m);
});

test('--fix refuses a set whose named file is a pipe before writing anything', (t) => {
  const dir = copyExamples(t);
  const before = path.join(dir, 'before.rules');
  copyFileSync(path.join(dir, 'rules.d', '30-docker.rules'), before);
  mkfifo(path.join(dir, 'rules.d', '20-pipe.rules'));
  const r = lint(['--fix', 'rules.d/30-docker.rules', 'rules.d/20-pipe.rules'], dir);
  assert.equal(r.status, 2, r.stderr);
  assert.equal(spawnSync('cmp', [before, path.join(dir, 'rules.d', '30-docker.rules')]).status, 0, '30-docker.rules is unchanged');
});
