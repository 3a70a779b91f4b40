// Which scanner accepts a rule (settings auditd.cis.match), applicability, severity and exclusions.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { codes, lintText } from './helpers.mjs';

const diags = (text, cis, host) => [...lintText(text, cis, host).diagnostics.values()].flat();
const byCode = (text, code, cis, host) => diags(text, cis, host).filter((d) => d.code === code);

for (const [why, line, scanners] of [
  ['perms short of rwxa', '-w /usr/bin/dockerd -p wa -k docker', ['InSpec']],
  ['a key other than docker', '-w /usr/bin/dockerd -k daemon', ['InSpec']],
  ['an arch-qualified rule', '-a always,exit -F arch=b64 -F path=/usr/bin/dockerd -F perm=rwxa -k docker', ['Datadog', 'InSpec']],
]) {
  test(`any-rule: ${why} meets 1.1.3 with an Information naming ${scanners.join(' and ')}`, () => {
    const strict = byCode(line + '\n', 'cis-docker-1.1.3-strict');
    assert.equal(strict.length, 1);
    assert.equal(strict[0].severity, 3);
    for (const s of scanners) assert.match(strict[0].message, new RegExp(s));
    assert.equal(byCode(line + '\n', 'cis-docker-1.1.3').length, 0);
  });
  test(`exact: ${why} does not meet 1.1.3`, () => {
    assert.equal(byCode(line + '\n', 'cis-docker-1.1.3', { match: 'exact' }).length, 1);
  });
}

test('the syscall form without arch is listed as a watch and satisfies every scanner', () => {
  const text = '-a always,exit -F path=/usr/bin/dockerd -F perm=rwxa -k docker\n';
  assert.equal(byCode(text, 'cis-docker-1.1.3-strict').length, 0);
  assert.equal(byCode(text, 'cis-docker-1.1.3', { match: 'exact' }).length, 0);
});

test('exact mode offers the line InSpec wants', () => {
  const [d] = byCode('', 'cis-docker-1.1.4', { match: 'exact' });
  assert.deepEqual(d.data.lines, ['-w /run/containerd -p rwxa -k docker']);
});

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

test('with another configured key, exact mode accepts the rule its own fix writes', () => {
  const cis = { match: 'exact', key: 'containers' };
  const [d] = byCode('', 'cis-docker-1.1.3', cis);
  assert.deepEqual(d.data.lines, ['-w /usr/bin/dockerd -p rwxa -k containers']);
  assert.equal(byCode(d.data.lines[0] + '\n', 'cis-docker-1.1.3', cis).length, 0);
  assert.equal(byCode('-w /usr/bin/dockerd -p rwxa -k docker\n', 'cis-docker-1.1.3', cis).length, 1);
});
