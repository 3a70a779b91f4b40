// The pre-commit hooks (.pre-commit-hooks.yaml) run by the real pre-commit tool (Debian's package,
// installed here when it is missing) on a sample repository: pre-commit clones this project at a commit,
// installs it as a node hook (npm install, npm pack, npm install -g), and runs auditd-lint on the commit's
// rule files. The project is copied into a scratch repository first, so uncommitted work is what is tested.
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { ROOT } from '../protocol/harness.mjs';

const timeout = 600_000;
const GIT_ENV = { GIT_AUTHOR_NAME: 'test', GIT_AUTHOR_EMAIL: 'test@example.invalid', GIT_COMMITTER_NAME: 'test', GIT_COMMITTER_EMAIL: 'test@example.invalid' };
const remediation114 = JSON.parse(readFileSync(path.join(ROOT, 'server/data/cis-docker.json'), 'utf8'))
  .versions['1.8.0'].controls.find((c) => c.id === '1.1.4').remediation[0].replace('{key}', 'docker');

let scratch;
let sample;

function git(cwd, ...args) {
  return execFileSync('git', args, { cwd, encoding: 'utf8', env: { ...process.env, ...GIT_ENV } });
}

/** pre-commit from Debian when it is not on the PATH (CI runs as root; anyone else installs it first). */
function ensurePreCommit() {
  if (spawnSync('pre-commit', ['--version']).status === 0) return;
  assert.equal(process.getuid?.(), 0, 'pre-commit is not installed: apt-get install pre-commit (or run as root to let this test do it)');
  process.stderr.write('pre-commit test: installing Debian\'s pre-commit package\n');
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  execFileSync('apt-get', ['update', '-qq'], { env, stdio: 'inherit' });
  execFileSync('apt-get', ['install', '-y', '-qq', '--no-install-recommends', 'pre-commit'], { env, stdio: 'inherit' });
}

function preCommit(...args) {
  const r = spawnSync('pre-commit', ['run', '--all-files', '--color', 'never', ...args], {
    cwd: sample, encoding: 'utf8', env: { ...process.env, PRE_COMMIT_HOME: path.join(scratch, 'pre-commit-home') },
  });
  return { status: r.status, output: `${r.stdout}${r.stderr}` };
}

before(() => {
  ensurePreCommit();
  scratch = mkdtempSync(path.join(tmpdir(), 'auditd-pre-commit-'));
  // The hook repository: this project's files as they are now, committed.
  const hooks = path.join(scratch, 'auditd-rules');
  const files = git(ROOT, 'ls-files', '-z', '--cached', '--others', '--exclude-standard').split('\0').filter((f) => f && existsSync(path.join(ROOT, f)));
  for (const file of files) cpSync(path.join(ROOT, file), path.join(hooks, file), { recursive: true });
  git(hooks, 'init', '-q');
  git(hooks, 'add', '-A');
  git(hooks, 'commit', '-q', '-m', 'hooks');
  const rev = git(hooks, 'rev-parse', 'HEAD').trim();

  // A configuration repository with a Docker host's rules.d that misses CIS controls.
  sample = path.join(scratch, 'config');
  const rulesDir = path.join(sample, 'roles/auditd/files/rules.d');
  mkdirSync(rulesDir, { recursive: true });
  cpSync(path.join(ROOT, 'examples/rules.d'), rulesDir, { recursive: true });
  writeFileSync(path.join(sample, '.pre-commit-config.yaml'), [
    'repos:',
    `  - repo: ${hooks}`,
    `    rev: ${rev}`,
    '    hooks:',
    '      - id: auditd-lint',
    '      - id: auditd-lint-fix',
    '        stages: [manual]',
    '',
  ].join('\n'));
  git(sample, 'init', '-q');
  git(sample, 'add', '-A');
}, { timeout });
after(() => rmSync(scratch, { recursive: true, force: true }));

test('the auditd-lint hook fails the commit on the missing CIS controls, naming them', { timeout }, () => {
  const r = preCommit('auditd-lint');
  assert.equal(r.status, 1, r.output);
  assert.match(r.output, /auditd-lint\.+Failed/);
  assert.match(r.output, /roles\/auditd\/files\/rules\.d\/30-docker\.rules:\d+:\d+ {2}warning {2}No audit rule for \/run\/containerd: .*\[cis-docker-1\.1\.4\]/);
});

test('the auditd-lint-fix hook adds the missing rules, and then the auditd-lint hook passes', { timeout }, () => {
  const fix = preCommit('--hook-stage', 'manual', 'auditd-lint-fix');
  assert.equal(fix.status, 1, fix.output);
  assert.match(fix.output, /files were modified by this hook/);
  const fixed = readFileSync(path.join(sample, 'roles/auditd/files/rules.d/30-docker.rules'), 'utf8');
  assert.ok(fixed.split('\n').includes(remediation114), fixed);
  const lint = preCommit('auditd-lint');
  assert.equal(lint.status, 0, lint.output);
  assert.match(lint.output, /auditd-lint\.+Passed/);
});
