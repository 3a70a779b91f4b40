// A rules.d directory is one rule set, merged as augenrules merges it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { codes, lintSet } from './helpers.mjs';

const uri = (name) => `file:///etc/audit/rules.d/${name}`;

test('a control met in a sibling file is not reported', () => {
  const a = lintSet({ '10-base.rules': '-D\n', '30-docker.rules': '-w /etc/docker -k docker\n', '40-more.rules': '-w /usr/bin/dockerd -k docker\n' });
  assert.ok(!codes(a).includes('cis-docker-1.1.3'));
});

test('a missing control is reported once, on the file that holds the Docker rules', () => {
  const a = lintSet({ '10-base.rules': '-D\n', '30-docker.rules': '-w /etc/docker -k docker\n', '99-finalize.rules': '-e 2\n' });
  assert.equal(codes(a).filter((c) => c === 'cis-docker-1.1.3').length, 1);
  assert.ok(codes(a, uri('30-docker.rules')).includes('cis-docker-1.1.3'));
});

test('without Docker rules, missing controls go to the last file before the one with -e', () => {
  const a = lintSet({ '10-base.rules': '-D\n', '50-id.rules': '-w /etc/passwd -p wa -k identity\n', '99-finalize.rules': '-e 2\n' });
  assert.ok(codes(a, uri('50-id.rules')).includes('cis-docker-1.1.3'));
  assert.ok(!codes(a, uri('99-finalize.rules')).includes('cis-docker-1.1.3'));
});

test('files merge in natural order: 9 before 10', () => {
  // Read in byte order, 9-x's -W would remove 10-docker's watch; in natural order it comes first and finds nothing.
  const a = lintSet({ '10-docker.rules': '-w /usr/bin/dockerd -k docker\n', '9-x.rules': '-c\n-W /usr/bin/dockerd -k docker\n' });
  assert.ok(codes(a).includes('kernel-no-such-rule'));
  assert.ok(!codes(a).includes('cis-docker-1.1.3'));
});

test('augenrules moves the last -e to the end, so an -e 2 in an early file does not block later files', () => {
  const a = lintSet({ '01-immutable.rules': '-e 2\n', '30-docker.rules': '-w /usr/bin/dockerd -k docker\n' });
  assert.ok(!codes(a).includes('cis-docker-1.1.3'));
  assert.ok(!codes(a).includes('kernel-immutable'));
});

test('a file without a final newline runs into the next file', () => {
  const a = lintSet({ '10-a.rules': '-w /etc/passwd -p wa -k identity', '20-docker.rules': '-w /usr/bin/dockerd -k docker\n' });
  // The joined line "-k identity-w /usr/bin/dockerd …" is one broken rule: dockerd is not watched.
  assert.ok(codes(a).includes('cis-docker-1.1.3'));
});

test('a duplicate across files is reported on the later file, pointing at the first', () => {
  const a = lintSet({ '10-a.rules': '-w /etc/passwd -p wa -k identity\n', '20-b.rules': '-c\n-w /etc/passwd -p wa -k identity\n' });
  const dup = a.diagnostics.get(uri('20-b.rules')).find((d) => d.code === 'kernel-rule-exists');
  assert.ok(dup);
  assert.equal(dup.relatedInformation[0].location.uri, uri('10-a.rules'));
});
