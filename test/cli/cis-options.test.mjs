// The CIS flags reach the core: benchmark version, scanners, host, applicability, key, target machine.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { allCodes, controlPaths, controls, examples, lint, lintJson } from './helpers.mjs';

const exampleText = readdirSync(path.join(examples, 'rules.d')).map((n) => readFileSync(path.join(examples, 'rules.d', n), 'utf8')).join('\n');
const cisIds = (codes) => codes.filter((c) => c.startsWith('cis-docker-')).map((c) => c.replace(/^cis-docker-/, ''));
const missingIds = (codes) => codes.filter((c) => /^cis-docker-[\d.]+$/.test(c)).map((c) => c.replace(/^cis-docker-/, ''));

test('--cis-version 1.2.0 reports in 1.2.0 numbering', () => {
  const ids = cisIds(allCodes(lintJson(['--cis-version', '1.2.0', 'examples/rules.d']).byFile));
  const known = controls('1.2.0').map((c) => c.id);
  assert.ok(ids.length > 0);
  assert.deepEqual(ids.filter((id) => !known.includes(id)), []);
  // The example audits nothing under /var/lib/docker, the data root (1.2.0 §1.2.4).
  assert.ok(!exampleText.includes('/var/lib/docker'));
  assert.ok(ids.includes(controls('1.2.0').find((c) => c.target === 'data-root').id));
});

test('--cis-version off reports no CIS code', () => {
  const { byFile, status } = lintJson(['--cis-version', 'off', 'examples/rules.d']);
  assert.deepEqual(cisIds(allCodes(byFile)), []);
  assert.equal(status, 0, 'the example loads without an error or warning of its own');
});

test('--applicability: unconditional drops the "if applicable" controls, host keeps those present here', () => {
  const all = missingIds(allCodes(lintJson(['--applicability', 'all', 'examples/rules.d']).byFile));
  const unconditional = missingIds(allCodes(lintJson(['--applicability', 'unconditional', 'examples/rules.d']).byFile));
  const host = missingIds(allCodes(lintJson(['--applicability', 'host', 'examples/rules.d']).byFile));
  const byId = new Map(controls('1.8.0').map((c) => [c.id, c]));
  assert.ok(all.some((id) => byId.get(id).ifApplicable), 'the example misses some "if applicable" controls');
  assert.deepEqual(unconditional, all.filter((id) => !byId.get(id).ifApplicable));
  assert.deepEqual(host, all.filter((id) => !byId.get(id).ifApplicable || controlPaths(byId.get(id)).some((p) => existsSync(p))));
});

test('--scanners inspec-dev-sec: a watch without all of -p rwxa meets its control, and fails dev-sec', () => {
  // The example watches daemon.json with -p wa; dev-sec wants the line `-w /etc/docker/daemon.json -p rwxa -k docker`
  // (controls/host_configuration.rb 305-308), and `auditctl -l` lists the rule as `-w /etc/docker/daemon.json -p wa -k docker`.
  const daemonJson = controls('1.8.0').find((c) => c.target === 'daemon-json');
  assert.ok(exampleText.includes(`-w ${daemonJson.path} -p wa -k docker\n`));
  const codes = allCodes(lintJson(['--scanners', 'inspec-dev-sec', 'examples/rules.d']).byFile);
  assert.ok(!missingIds(codes).includes(daemonJson.id));
  assert.ok(codes.includes('inspec-dev-sec-host-1.13'));
  assert.ok(!allCodes(lintJson(['--scanners', 'docker-bench-security', 'examples/rules.d']).byFile).includes('inspec-dev-sec-host-1.13'));
});

test('--scanners and --host are read through the settings schema', () => {
  const bad = lint(['--scanners', 'docker-bench-security,nessus', 'examples/rules.d']);
  assert.equal(bad.status, 2);
  assert.match(bad.stderr, /--scanners: \["nessus"\] are not among docker-bench-security, aqua-docker-bench, datadog, inspec-dev-sec, inspec-mitre/);
  assert.equal(lint(['--host', 'suse', 'examples/rules.d']).status, 2);
  // No scanner selected: no scanner code at all.
  const none = allCodes(lintJson(['--scanners', '', 'examples/rules.d']).byFile);
  assert.deepEqual(none.filter((c) => !c.startsWith('cis-docker-') && /-(\d|host-|M-|cis-docker-)/.test(c)), []);
});

test('--key: the rules --fix would add carry that key', () => {
  const r = lint(['--key', 'cis-audit', 'examples/rules.d']);
  const control = controls('1.8.0').find((c) => c.id === '1.1.8');
  assert.match(r.stdout, /\[cis-docker-1\.1\.8\]/);
  assert.ok(r.stdout.includes(`\n  ${control.remediation[0].replace('{key}', 'cis-audit')}\n`), r.stdout);
});

test('--target-arch i386: the example\'s -F arch=b64 rule has no 64-bit table to load into', () => {
  assert.ok(exampleText.includes('-F arch=b64'));
  assert.equal(lint(['--fail-on', 'error', '--cis-version', 'off', 'examples/rules.d']).status, 0);
  const r = lintJson(['--fail-on', 'error', '--cis-version', 'off', '--target-arch', 'i386', 'examples/rules.d']);
  assert.equal(r.status, 1);
  const errors = Object.entries(r.byFile).flatMap(([file, ds]) => ds.filter((d) => d.severity === 'error').map((d) => `${file}:${d.line}`));
  const line = readFileSync(path.join(examples, 'rules.d', '50-identity.rules'), 'utf8').split('\n').findIndex((l) => l.includes('arch=b64')) + 1;
  assert.deepEqual(errors, [`examples/rules.d/50-identity.rules:${line}`]);
});
