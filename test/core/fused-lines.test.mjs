// A rules.d file without a final newline: augenrules' cat runs its last line into the next file's first,
// and auditctl reads the two as one line. Said on the line that has no newline, with the newline as a
// certain fix; auditctl's own words on the fused line land on the words they are about.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyEdits, core, settings } from './helpers.mjs';

const A = 'file:///etc/audit/rules.d/10-a.rules';
const B = 'file:///etc/audit/rules.d/20-b.rules';
const lint = (a, b) => core.analyze({ files: [{ uri: A, text: a }, { uri: B, text: b }], merged: true, settings: settings({ version: 'off' }) });

test('a comment without a final newline swallows the next file\'s first rule: a Warning says so, and the rule does not load', () => {
  const analysis = lint('# local rules', '-w /etc/shadow -p wa -k shadow\n');
  assert.equal(analysis.load.loadedRules().length, 0, 'the watch is part of the comment');
  const [said] = analysis.diagnostics.get(A).filter((d) => d.code === 'no-final-newline');
  assert.ok(said, 'reported, not silent');
  assert.equal(said.severity, 2);
  assert.match(said.message, /runs into 20-b\.rules line 1: 10-a\.rules has no final newline/);
  assert.deepEqual([said.range.start.line, said.range.end.line], [0, 0]);
});

test('the certain fix adds the newline, and then both lines load as written', () => {
  const text = '# local rules';
  const analysis = lint(text, '-w /etc/shadow -p wa -k shadow\n');
  const said = analysis.diagnostics.get(A).find((d) => d.code === 'no-final-newline');
  const [action] = core.codeActions(analysis, A, { diagnostics: [said] });
  assert.equal(action.title, 'Add a newline at the end of the file');
  assert.equal(action.isPreferred, true);
  const fixed = applyEdits(text, action.edit.changes[A]);
  assert.equal(fixed, '# local rules\n');
  const after = lint(fixed, '-w /etc/shadow -p wa -k shadow\n');
  assert.equal(after.load.loadedRules().length, 1);
  assert.ok(!after.diagnostics.get(A).some((d) => d.code === 'no-final-newline'));
  assert.deepEqual(core.certainFixes(after, A), []);
});

test('auditctl\'s refusal of a fused rule line points at the stray words, in the file they are in', () => {
  const analysis = lint('-w /etc/passwd', '-w /etc/shadow\n');
  const stray = [...analysis.diagnostics.values()].flat().find((d) => d.code === 'auditctl-stray-word');
  assert.ok(stray);
  assert.ok(analysis.diagnostics.get(B).includes(stray), 'in 20-b.rules, where "/etc/shadow" is');
  const words = '-w /etc/shadow';
  assert.equal(words.slice(stray.range.start.character, stray.range.end.character), '/etc/shadow');
  assert.match(stray.message, /10-a\.rules has no final newline/);
  assert.ok(analysis.diagnostics.get(A).some((d) => d.code === 'no-final-newline'));
});

test('no line fix on a first line whose words were fused into the file before: it would edit words auditctl reads as part of another line', () => {
  // auditctl reads "-a always,exit -F arch=b64 -S\topen": the tab is in the syscall's name, in 20-b.rules.
  const analysis = lint('-a always,exit -F arch=b64', ' -S\topen\n');
  const [refusal] = analysis.diagnostics.get(B);
  assert.equal(refusal.code, 'auditctl-syscall-unknown');
  assert.deepEqual(core.codeActions(analysis, B, { diagnostics: [refusal] }), []);
  // The newline mends it, and then the line is 20-b.rules' own, with its own fixes.
  const fixed = core.fixAll({ files: [{ uri: A, text: '-a always,exit -F arch=b64' }, { uri: B, text: ' -S\topen\n' }], merged: true, settings: settings({ version: 'off' }) });
  assert.deepEqual(fixed.files.map((f) => f.text), ['-a always,exit -F arch=b64\n', ' -S open\n']);
});

test('a CIS rule appended to a file that another follows ends with a newline: it does not run into that file', () => {
  // Two comments run together harmlessly; a rule appended after the first would swallow the second.
  const files = { '10-a.rules': '-w /etc/passwd -p wa\n# end', '20-b.rules': '# lock\n-e 2\n' };
  const uris = Object.keys(files).map((n) => `file:///etc/audit/rules.d/${n}`);
  const analyse = (texts) => core.analyze({ files: texts.map((text, i) => ({ uri: uris[i], text })), merged: true, settings: settings() });
  const analysis = analyse(Object.values(files));
  const missing = analysis.diagnostics.get(uris[0]).find((d) => d.code === 'cis-docker-1.1.4');
  const [add] = core.codeActions(analysis, uris[0], { diagnostics: [missing] }).filter((a) => a.isPreferred);
  const text = applyEdits(files['10-a.rules'], add.edit.changes[uris[0]]);
  assert.equal(text, '-w /etc/passwd -p wa\n# end\n-a exit,always -F path=/run/containerd -F perm=war -k docker\n');
  const after = analyse([text, files['20-b.rules']]);
  assert.equal(after.load.stop, undefined, 'nothing fused, nothing refused');
  assert.ok(!after.diagnostics.get(uris[0]).some((d) => d.code === 'cis-docker-1.1.4'));
});

test('an empty file passes the join on: the last line runs into the next file that has lines, and still loads when none has', () => {
  const three = (texts) => core.analyze({
    files: texts.map((text, i) => ({ uri: `file:///etc/audit/rules.d/${i + 1}0-${'abc'[i]}.rules`, text })),
    merged: true, settings: settings({ version: 'off' }),
  });
  const swallowed = three(['# local rules', '', '-w /etc/shadow -p wa -k shadow\n']);
  assert.equal(swallowed.load.loadedRules().length, 0, 'cat a b c: the comment swallows c\'s rule');
  const [said] = swallowed.diagnostics.get(A).filter((d) => d.code === 'no-final-newline');
  assert.match(said.message, /runs into 30-c\.rules line 1: 10-a\.rules has no final newline/);
  // With nothing after it, the unterminated line is the merged file's last line, and loads.
  const last = three(['-w /etc/passwd -p wa', '', '']);
  assert.equal(last.load.loadedRules().length, 1);
  assert.deepEqual(last.diagnostics.get(A), []);
});

test('CIS rules put first in a file that an earlier one runs into start on a line of their own', () => {
  // 10-a.rules ends without a newline; 20-b.rules and 30-c.rules are empty, and the rules go into 30-c.rules.
  const uris = ['10-a', '20-b', '30-c'].map((n) => `file:///etc/audit/rules.d/${n}.rules`);
  const texts = ['-i', '', ''];
  const analyse = (t) => core.analyze({ files: t.map((text, i) => ({ uri: uris[i], text })), merged: true, settings: settings() });
  const analysis = analyse(texts);
  assert.equal(analysis.set.files[analysis.cis.fixFile].uri, uris[2]);
  const missing = analysis.diagnostics.get(uris[2]).find((d) => d.code === 'cis-docker-1.1.3');
  const [add] = core.codeActions(analysis, uris[2], { diagnostics: [missing] }).filter((a) => a.isPreferred);
  const text = applyEdits('', add.edit.changes[uris[2]]);
  assert.equal(text, '\n-w /usr/bin/dockerd -k docker\n');
  const after = analyse(['-i', '', text]);
  assert.ok(!after.diagnostics.get(uris[2]).some((d) => d.code === 'cis-docker-1.1.3'), 'the rule loads, not fused with -i');
  // Fix all settles on the same.
  const fixed = core.fixAll({ files: texts.map((t, i) => ({ uri: uris[i], text: t })), merged: true, settings: settings() });
  assert.equal(fixed.unsettled, undefined);
  assert.ok(fixed.files[2].text.startsWith('\n-w /usr/bin/dockerd -k docker\n'));
});
