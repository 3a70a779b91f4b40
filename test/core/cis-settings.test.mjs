// The CIS settings: applicability, severity, exclusions and the disable comment, the key.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { codes, lintText } from './helpers.mjs';

const diags = (text, cis, host) => [...lintText(text, cis, host).diagnostics.values()].flat();
const byCode = (text, code, cis, host) => diags(text, cis, host).filter((d) => d.code === code);

test('applicability all: if-applicable controls at Information, the others at Warning', () => {
  assert.equal(byCode('', 'cis-docker-1.1.3')[0].severity, 2);
  assert.equal(byCode('', 'cis-docker-1.1.10')[0].severity, 3);
});

test('applicability unconditional leaves out the if-applicable controls', () => {
  const c = codes(lintText('', { applicability: 'unconditional' }));
  assert.ok(c.includes('cis-docker-1.1.6'));
  assert.ok(!c.includes('cis-docker-1.1.7'));
});

test('applicability host reports an if-applicable control only where its file exists', () => {
  const host = { pathExists: (p) => p === '/etc/default/docker' };
  const c = codes(lintText('', { applicability: 'host' }, host));
  assert.ok(c.includes('cis-docker-1.1.10'));
  assert.ok(!c.includes('cis-docker-1.1.13'));
  assert.ok(c.includes('cis-docker-1.1.3'));
});

test('a severity setting overrides the default', () => {
  assert.equal(byCode('', 'cis-docker-1.1.3', { severity: { 'cis-docker-1.1.3': 'error' } })[0].severity, 1);
});

test('the exclusion list and the disable comment silence controls', () => {
  assert.equal(byCode('', 'cis-docker-1.1.15', { exclude: ['1.1.15'] }).length, 0);
  assert.equal(byCode('', 'cis-docker-1.1.16', { exclude: ['cis-docker-1.1.16'] }).length, 0);
  const text = '# auditd-lint: disable cis-docker-1.1.15 cis-docker-1.1.16\n';
  assert.equal(byCode(text, 'cis-docker-1.1.15').length, 0);
  assert.equal(byCode(text, 'cis-docker-1.1.16').length, 0);
  assert.equal(byCode(text, 'cis-docker-1.1.17').length, 1);
  assert.equal(codes(lintText('# auditd-lint: disable cis-docker\n')).filter((c) => c.startsWith('cis-docker')).length, 0);
});

test('a missing-control diagnostic names the path, the benchmark and its version, and links the benchmark', () => {
  const [d] = byCode('', 'cis-docker-1.1.3');
  assert.match(d.message, /\/usr\/bin\/dockerd/);
  assert.match(d.message, /CIS Docker 1\.8\.0 §1\.1\.3/);
  assert.match(d.message, /1\.2\.0 §1\.2\.3/);
  assert.ok(d.codeDescription.href.startsWith('https://'));
});

test('a scanner check\'s severity is set by its code or its scanner, and it is silenced the same ways', () => {
  // docker-bench-security 1.1.9 greps for the docker.socket unit (tests/1_host_configuration.sh:285), which an empty file lacks.
  assert.equal(byCode('', 'docker-bench-security-1.1.9')[0].severity, 2);
  assert.equal(byCode('', 'docker-bench-security-1.1.9', { severity: { 'docker-bench-security-1.1.9': 'error' } })[0].severity, 1);
  assert.equal(byCode('', 'docker-bench-security-1.1.9', { severity: { 'docker-bench-security': 'hint' } })[0].severity, 4);
  assert.equal(byCode('', 'docker-bench-security-1.1.9', { exclude: ['docker-bench-security-1.1.9'] }).length, 0);
  assert.equal(byCode('', 'docker-bench-security-1.1.3', { exclude: ['docker-bench-security'] }).length, 0);
  assert.equal(byCode('# auditd-lint: disable docker-bench-security-1.1.9\n', 'docker-bench-security-1.1.9').length, 0);
  // Excluding the benchmark's controls leaves the scanner's checks.
  assert.equal(byCode('', 'docker-bench-security-1.1.9', { exclude: ['cis-docker'] }).length, 1);
});

test('a check no rule can pass is Information by default', () => {
  // MITRE M-1.8 wants "-w #{docker_service_file} -k docker" (M-1.8.rb:31-48), a line auditctl -l never prints.
  const [d] = byCode('', 'inspec-mitre-M-1.8', { scanners: ['inspec-mitre'] });
  assert.equal(d.severity, 3);
  assert.match(d.message, /No rule can pass it: `auditctl -l` prints -p for every watch/);
  assert.equal(d.data.lines.length, 0);
});
