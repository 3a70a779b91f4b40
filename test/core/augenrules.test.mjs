// augenrules' awk program decides which lines of a rules.d set reach auditctl at all.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { core, lintSet } from './helpers.mjs';

const loadedLines = (files) => lintSet(files, { version: 'off' }).set.entries.map((e) => `${e.ref.file}:${e.ref.line}`);

test('blank and comment lines are dropped; a comment behind a tab too (gawk\'s \\s takes a tab)', () => {
  assert.deepEqual(loadedLines({ 'a.rules': '\n# c\n\t# tabbed comment\n-w /etc/passwd -p wa -k id\n' }), ['0:3']);
});

test('a comment behind a byte-order mark is not a comment to gawk: auditctl reads it and refuses it', () => {
  const a = lintSet({ 'a.rules': '\uFEFF# c\n-w /etc/passwd -p wa -k id\n' }, { version: 'off' });
  assert.ok(a.set.entries.some((e) => e.ref.line === 0));
  assert.ok(a.diagnostics.get('file:///etc/audit/rules.d/a.rules').some((d) => d.severity === 1 && d.range.start.line === 0));
});

test('only the last -e, -D, -b and -f survive, -D, -b, -f first and -e last', () => {
  const order = loadedLines({
    '10.rules': '-e 1\n-D\n-b 100\n-w /etc/passwd -p wa -k id\n',
    '20.rules': '-f 1\n-b 8192\n-e 2\n-D\n',
  });
  assert.deepEqual(order, ['1:3', '1:1', '1:0', '0:3', '1:2']);
});

test('the file order is natural: 9 before 10', () => {
  assert.deepEqual(core.augenrulesOrder([{ uri: 'file:///d/10-b.rules' }, { uri: 'file:///d/9-a.rules' }]).map((f) => f.uri), ['file:///d/9-a.rules', 'file:///d/10-b.rules']);
});

test('files are named as the client spells them: %20 is a space, and a bare % (no escape) stays a %', () => {
  assert.deepEqual(core.augenrulesOrder([{ uri: 'file:///d/20-x%20y.rules' }, { uri: 'file:///d/10-100%-ok.rules' }]).map((f) => f.uri), ['file:///d/10-100%-ok.rules', 'file:///d/20-x%20y.rules']);
  const analysis = lintSet({ '10-100%-ok.rules': '-x\n', '20-x y.rules': '-w /etc/passwd -p wa\n' }, { version: 'off' });
  const hints = analysis.diagnostics.get('file:///etc/audit/rules.d/20-x y.rules').filter((d) => d.code === 'not-loaded');
  assert.match(hints[0].message, /stopped at line 1 of 10-100%-ok\.rules/);
});

test('a *.rules file directly in a rules.d directory belongs to its set; a hidden one does not', () => {
  assert.equal(core.rulesDirOf('/etc/audit/rules.d/30-docker.rules'), '/etc/audit/rules.d');
  assert.equal(core.rulesDirOf('/etc/audit/rules.d/.30-docker.rules'), undefined);
  assert.equal(core.rulesDirOf('/etc/audit/rules.d/notes.txt'), undefined);
  assert.equal(core.rulesDirOf('/etc/audit/audit.rules'), undefined);
  assert.equal(core.rulesDirOf('/etc/audit/my-rules.d/a.rules'), undefined);
});
