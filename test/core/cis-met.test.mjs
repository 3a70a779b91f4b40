// When a CIS Docker control counts as met: a loaded always,exit rule on the control's path.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { codes, fullRemediation, lintText } from './helpers.mjs';

const missing = (text, cis) => codes(lintText(text, cis)).filter((c) => /^cis-docker-[\d.]+$/.test(c));

test('the full 1.8.0 remediation meets every control', () => {
  assert.deepEqual(missing(fullRemediation().join('\n') + '\n'), []);
});

test('an empty file misses all 16 controls of 1.8.0', () => {
  assert.equal(missing('').length, 16);
});

for (const [form, line] of [
  ['a watch without -p or key', '-w /usr/bin/dockerd'],
  ['a watch with -p wa and another key', '-w /usr/bin/dockerd -p wa -k daemon'],
  ['-a always,exit -F path=', '-a always,exit -F path=/usr/bin/dockerd -F perm=x -k docker'],
  ['-a exit,always -F path=', '-a exit,always -F path=/usr/bin/dockerd -F perm=war -k docker'],
  ['-F dir=', '-a always,exit -F dir=/usr/bin/dockerd -k docker'],
  ['-S all', '-a always,exit -S all -F path=/usr/bin/dockerd -F perm=wa -k docker'],
  ['a getopt-attached option', '-w/usr/bin/dockerd -kdocker'],
]) {
  test(`dockerd (1.1.3) is met by ${form}`, () => {
    assert.ok(!missing(line + '\n').includes('cis-docker-1.1.3'));
  });
}

for (const [why, text] of [
  ['a rule with -S openat audits one syscall only', '-a always,exit -F arch=b64 -S openat -F path=/usr/bin/dockerd -k docker'],
  ['a never rule audits nothing', '-a never,exit -F path=/usr/bin/dockerd'],
  ['a later -W removes the watch', '-w /usr/bin/dockerd -k docker\n-W /usr/bin/dockerd -k docker'],
  ['a later -d removes the rule', '-a always,exit -F path=/usr/bin/dockerd -k docker\n-d always,exit -F path=/usr/bin/dockerd -k docker'],
  ['a later -D deletes everything', '-w /usr/bin/dockerd -k docker\n-D'],
  ['a later -D -k docker deletes the docker rules', '-w /usr/bin/dockerd -k docker\n-D -k docker'],
  ['rules after -e 2 never load', '-e 2\n-w /usr/bin/dockerd -k docker'],
  ['a broken line stops the load before it', '-w /etc/passwd -p wa -k x # inline comment\n-w /usr/bin/dockerd -k docker'],
  ['a broken line is not a rule', '-w /usr/bin/dockerd -k docker -p q'],
  ['a tab is not a separator', '-w /usr/bin/dockerd\t-k docker'],
  ['a rule on another path that contains it', '-w /usr/bin/dockerd-helper -k docker'],
]) {
  test(`dockerd (1.1.3) is not met when ${why}`, () => {
    assert.ok(missing(text + '\n').includes('cis-docker-1.1.3'));
  });
}

test('-c before a broken line lets the later rule load', () => {
  assert.ok(!missing('-c\n-w /etc/passwd -p wa -k x # inline\n-w /usr/bin/dockerd -k docker\n').includes('cis-docker-1.1.3'));
});

test('-D before the rule does not remove it', () => {
  assert.ok(!missing('-D\n-w /usr/bin/dockerd -k docker\n').includes('cis-docker-1.1.3'));
});

test('a rule on /run/containerd/containerd.sock does not meet the /run/containerd control', () => {
  const m = missing('-w /run/containerd/containerd.sock -k docker\n');
  assert.ok(m.includes('cis-docker-1.1.4'));
  assert.ok(!m.includes('cis-docker-1.1.8'));
});

for (const [control, line] of [
  ['1.1.7', '-w /lib/systemd/system/docker.service -k docker'],
  ['1.1.7', '-w /etc/systemd/system/docker.service -k docker'],
  ['1.1.18', '-w /usr/sbin/runc -k docker'],
  ['1.1.9', '-w /run/docker.sock -k docker'],
  ['1.1.4', '-w /var/run/containerd -k docker'],
  ['1.1.6', '-w /etc/docker/ -k docker'],
]) {
  test(`${control} is met by the path variant in "${line}"`, () => {
    assert.ok(!missing(line + '\n').includes(`cis-docker-${control}`));
  });
}

test('benchmark versions number the same control differently', () => {
  assert.ok(missing('', { version: '1.2.0' }).includes('cis-docker-1.2.3'));
  assert.ok(missing('', { version: 'ce-1.1.0' }).includes('cis-docker-1.5'));
  assert.equal(missing('', { version: '1.2.0' }).length, 10);
  assert.deepEqual(missing('', { version: 'off' }), []);
});

test('the old bundled /usr/bin/docker-runc is CE 1.1.0\'s own control, not runc (as docker-containerd is not containerd)', () => {
  // The seed blog ruleset's runc line: it meets CE 1.1.0 §1.13 only.
  const text = '-w /usr/bin/docker-runc -p rwxa -k docker\n-w /usr/bin/docker-containerd -p rwxa -k docker\n';
  assert.ok(missing(text, { version: '1.2.0' }).includes('cis-docker-1.2.12'));
  assert.ok(missing(text, { version: '1.2.0' }).includes('cis-docker-1.2.11'));
  assert.ok(missing(text).includes('cis-docker-1.1.18'));
  assert.ok(!missing(text, { version: 'ce-1.1.0' }).includes('cis-docker-1.13'));
  assert.ok(!missing(text, { version: 'ce-1.1.0' }).includes('cis-docker-1.12'));
  // …and the runc binaries of today do not meet CE 1.1.0's docker-runc.
  assert.ok(missing('-w /usr/bin/runc -k docker\n', { version: 'ce-1.1.0' }).includes('cis-docker-1.13'));
});
