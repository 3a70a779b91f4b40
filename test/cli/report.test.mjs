// auditd-lint --report scanners: each scanner's verdict on each of its checks, as JSON, text and markdown.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { copyExamples, lint, scratch } from './helpers.mjs';

const SCANNERS = ['docker-bench-security', 'aqua-docker-bench', 'datadog', 'inspec-dev-sec', 'inspec-mitre'];

function rules(t, text) {
  const file = path.join(scratch(t), 'audit.rules');
  writeFileSync(file, text);
  return file;
}

test('JSON: every check of every scanner, {scanner, check, verdict, path, why}', (t) => {
  const file = rules(t, '-w /usr/sbin/runc -k docker\n');
  const r = lint(['--report', 'scanners', '--format', 'json', '--scanners', '', file]);
  assert.equal(r.status, 0, r.stderr);
  const list = JSON.parse(r.stdout);
  for (const v of list) {
    assert.deepEqual(Object.keys(v), ['scanner', 'check', 'verdict', 'path', 'why']);
    assert.ok(SCANNERS.includes(v.scanner), v.scanner);
    assert.ok(v.verdict === 'pass' || v.verdict === 'fail');
  }
  // 16 docker-bench-security checks (1.1.3–1.1.18), 16 aquasecurity, 10 Datadog, 9 dev-sec, 9 MITRE.
  assert.deepEqual(SCANNERS.map((s) => list.filter((v) => v.scanner === s).length), [16, 16, 10, 9, 9]);
  const dbs = list.find((v) => v.scanner === 'docker-bench-security' && v.check === '1.1.18');
  // tests/1_host_configuration.sh:591 file="/usr/bin/runc", then `auditctl -l | grep "$file"`.
  assert.deepEqual(dbs, { scanner: 'docker-bench-security', check: '1.1.18', verdict: 'fail', path: '/usr/bin/runc', why: 'greps `auditctl -l` for /usr/bin/runc and no line contains it; this set audits /usr/sbin/runc' });
  assert.ok(list.some((v) => v.scanner === 'datadog' && v.check === 'cis-docker-1.2.7'));
  assert.ok(list.some((v) => v.scanner === 'inspec-dev-sec' && v.check === 'host-1.11'));
  assert.ok(list.some((v) => v.scanner === 'inspec-mitre' && v.check === 'M-1.9'));
});

test('text and markdown: a table with a column per scanner and why each check fails', (t) => {
  const file = rules(t, '-w /usr/sbin/runc -k docker\n');
  const text = lint(['--report', 'scanners', file]).stdout;
  assert.match(text, /^CIS Docker 1\.8\.0: 1\/16 controls met$/m);
  assert.match(text, /^Control +Path +Benchmark +docker-bench-security\* +aqua-docker-bench +datadog +inspec-dev-sec +inspec-mitre$/m);
  assert.match(text, /^1\.1\.18 +\/usr\/bin\/runc +met +FAIL 1\.1\.18 +FAIL 1\.1\.18 +FAIL cis-docker-1\.2\.12 +- +-$/m);
  assert.match(text, /^docker-bench-security 1\.1\.18\* \(\/usr\/bin\/runc\): greps/m);
  const md = lint(['--report', 'scanners', '--format', 'markdown', '--scanners', 'datadog', file]).stdout;
  assert.match(md, /^# CIS Docker 1\.8\.0: 1\/16 controls met$/m);
  assert.ok(md.includes('| Control | Path | Benchmark | docker-bench-security | aqua-docker-bench | **datadog** | inspec-dev-sec | inspec-mitre | Rule |'), md);
  assert.match(md, /^\| 1\.1\.18 \| `\/usr\/bin\/runc` \| met \| ✗ 1\.1\.18 \| ✗ 1\.1\.18 \| ✗ cis-docker-1\.2\.12 \| {2}\| {2}\| `-w \/usr\/sbin\/runc -k docker` \(audit\.rules:1\) \|$/m);
});

test('exit 1 when a selected scanner fails at or above --fail-on, 0 when none is selected', (t) => {
  const file = rules(t, '-w /usr/sbin/runc -k docker\n');
  assert.equal(lint(['--report', 'scanners', file]).status, 1);
  assert.equal(lint(['--report', 'scanners', '--scanners', '', file]).status, 0);
  // Datadog's 1.2.12 (/usr/sbin/runc, absent on docker-ce) and 1.2.9 can pass no rule: Information, below warning.
  const dd = lint(['--report', 'scanners', '--scanners', 'datadog', '--fail-on', 'warning', rules(t, [
    '-w /usr/bin/dockerd -k docker', '-w /var/lib/docker -k docker', '-w /etc/docker -k docker',
    '-w /usr/lib/systemd/system/docker.service -k docker', '-w /usr/lib/systemd/system/docker.socket -k docker',
    '-w /etc/default/docker -k docker', '-w /etc/docker/daemon.json -k docker', '-w /usr/bin/containerd -k docker', '',
  ].join('\n'))]);
  assert.equal(dd.status, 0, dd.stdout);
});

test('--report takes one rule set, and no --fix, --list or sarif', (t) => {
  const a = rules(t, '');
  const b = rules(t, '');
  for (const args of [[a, b], ['--fix', a], ['--list', a], ['--format', 'sarif', a]]) {
    const r = lint(['--report', 'scanners', ...args]);
    assert.equal(r.status, 2, args.join(' '));
  }
  assert.equal(lint(['--report', 'nessus', a]).status, 2);
  assert.equal(lint(['--format', 'markdown', a]).status, 2, 'markdown is for --report');
});

test('--fix with every scanner selected leaves only checks no rule can pass, none of them a warning', (t) => {
  const dir = copyExamples(t);
  const all = ['--scanners', SCANNERS.join(','), '--host', 'rhel'];
  const fixed = lint(['--fix', ...all, 'rules.d'], dir);
  assert.notEqual(fixed.status, 2, fixed.stderr);
  // What is left: Datadog's paths a RHEL docker-ce host lacks (/etc/default/docker, /etc/sysconfig/docker,
  // /usr/sbin/runc: os.Stat fails, an error whatever the rules) and MITRE's two lines without -p.
  const r = lint(['--report', 'scanners', '--format', 'json', ...all, 'rules.d'], dir);
  assert.equal(r.status, 0, r.stdout);
  const failing = JSON.parse(r.stdout).filter((v) => v.verdict === 'fail').map((v) => `${v.scanner} ${v.check}`);
  assert.deepEqual(failing, ['datadog cis-docker-1.2.8', 'datadog cis-docker-1.2.9', 'datadog cis-docker-1.2.12', 'inspec-mitre M-1.8', 'inspec-mitre M-1.9']);
  assert.equal(lint(['--fail-on', 'warning', ...all, 'rules.d'], dir).status, 0);
});
