// Fix all: source.fixAll.auditd and `auditd-lint --fix` are one function of the core (fixAll). The editor's
// action makes the document the text --fix writes, in one action whose edits touch only the lines that
// change, at the editor's positions; a second fix all finds nothing to do.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyEdits, core, settings } from './helpers.mjs';

const URI = 'file:///etc/audit/audit.rules';
const OFF = settings({ version: 'off' });

function analyse(text, cis = settings(), uri = URI) {
  return core.analyze({ files: [{ uri, text }], merged: false, settings: cis });
}

/** The source.fixAll.auditd actions for a lone file, as VS Code asks for them on save. */
function fixAllActions(text, cis = settings(), context = {}) {
  return core.codeActions(analyse(text, cis), URI, { diagnostics: [], only: ['source.fixAll'], ...context });
}

const BROKEN = [
  '\uFEFF-D',
  '-e 2',
  '-w /usr/bin/dockerd -k docker',
  '-w\t/etc/docker -k docker',
  '-w /etc/docker -k docker',
  '-w /var/lib/docker -k docker # the data root',
  '',
].join('\n');

// What the certain fixes make of it, worked out by hand: no BOM; the tab a space, which makes line 5
// repeat line 4 ("Rule exists"), so line 5 goes; the comment on a line of its own above its rule; -e 2 last.
const CERTAIN = ['-D', '-w /usr/bin/dockerd -k docker', '-w /etc/docker -k docker', '# the data root', '-w /var/lib/docker -k docker', '-e 2', ''];

test('source.fixAll.auditd: every certain fix and the missing CIS rules, in one action, the text --fix writes', () => {
  const actions = fixAllActions(BROKEN);
  assert.equal(actions.length, 1);
  const [action] = actions;
  assert.equal(action.kind, 'source.fixAll.auditd');
  const fixed = applyEdits(BROKEN, action.edit.changes[URI]);
  const result = core.fixAll({ files: [{ uri: URI, text: BROKEN }], merged: false, settings: settings() });
  assert.equal(fixed, result.files[0].text, 'the editor and --fix write the same text');

  const { added, fixes } = result.files[0];
  assert.equal(action.title, `Fix ${fixes.length} certain problems and add all ${added.length} missing CIS Docker rules`);
  assert.ok(added.length > 0);
  // The CIS lines go after the last Docker rule, so before -e 2; every other line is the certain fixes' text.
  const lines = fixed.split('\n');
  assert.deepEqual(lines.filter((l, i) => !(i > CERTAIN.indexOf('-w /var/lib/docker -k docker') && i < lines.indexOf('-e 2'))), CERTAIN);
  assert.deepEqual(lines.slice(5, 5 + added.length), added);

  const after = analyse(fixed);
  assert.deepEqual(core.missingLines(after), [], 'nothing missing');
  assert.deepEqual(core.certainFixes(after, URI), [], 'nothing certain left');
  assert.deepEqual(fixAllActions(fixed), [], 'a second fix all does nothing');
});

test('fix all settles when -e 2 is on a line that stops the load and a -D follows (found by the fuzz run)', () => {
  // The CIS rules go first, where they load; moving -e 2 to the end would let the -D run and delete them.
  const text = '-e2 -k x\n-D';
  const result = core.fixAll({ files: [{ uri: URI, text }], merged: false, settings: settings() });
  assert.equal(result.unsettled, undefined);
  const fixed = result.files[0].text;
  assert.ok(fixed.endsWith(`\n${text}`), 'the two lines stay as they were, after the rules added');
  assert.deepEqual(core.missingLines(analyse(fixed)), []);
});

test('fix all touches only the lines that change', () => {
  const lines = Array.from({ length: 30 }, (_, i) => `-w /etc/file${i} -p wa -k k${i}`);
  lines[14] = '-w /etc/file14\t-p wa -k k14';
  lines[22] = '-w /etc/file22 -p wa -k k22 # why';
  const text = `${lines.join('\n')}\n`;
  const [action] = fixAllActions(text, OFF);
  assert.deepEqual(action.edit.changes[URI], [
    { range: { start: { line: 14, character: 0 }, end: { line: 15, character: 0 } }, newText: '-w /etc/file14 -p wa -k k14\n' },
    { range: { start: { line: 22, character: 0 }, end: { line: 23, character: 0 } }, newText: '# why\n-w /etc/file22 -p wa -k k22\n' },
  ]);
});

test('fix all edits at the editor\'s positions: a lone CR is a line break there, not to auditctl', () => {
  // auditctl's line 1 is "# one\rtwo"; the editor shows it as lines 1 and 2, and the tab on line 3.
  const text = '# one\rtwo\n-w\t/etc/passwd\n';
  const [action] = fixAllActions(text, OFF);
  const [edit] = action.edit.changes[URI];
  assert.deepEqual(edit.range, { start: { line: 2, character: 0 }, end: { line: 3, character: 0 } });
  assert.equal(applyEdits(text, action.edit.changes[URI]), '# one\rtwo\n-w /etc/passwd\n');
});

test('for a client that normalizes line endings (VS Code), fix all leaves them to it and fixes the rest', () => {
  // A rules.d file: augenrules strips the CRs, and the tab is the only problem.
  const uri = 'file:///etc/audit/rules.d/a.rules';
  const text = '-D\r\n-w\t/etc/passwd\r\n';
  const analysis = core.analyze({ files: [{ uri, text }], merged: true, settings: OFF });
  const [action] = core.codeActions(analysis, uri, { diagnostics: [], only: ['source.fixAll'], normalizesLineEndings: true });
  assert.deepEqual(action.edit.changes[uri], [{ range: { start: { line: 1, character: 0 }, end: { line: 2, character: 0 } }, newText: '-w /etc/passwd\r\n' }]);
  // A lone CRLF file: its CRLF fix is one the client cannot make, so it is left out, and nothing else applies.
  assert.deepEqual(fixAllActions('-D\r\n-w /etc/passwd\r\n', OFF, { normalizesLineEndings: true }), []);
  assert.equal(applyEdits('-D\r\n-w /etc/passwd\r\n', fixAllActions('-D\r\n-w /etc/passwd\r\n', OFF)[0].edit.changes[URI]), '-D\n-w /etc/passwd\n');
});

test('fix all in a rules.d set changes only the files it may: the editor\'s document, the files --fix was given', () => {
  const files = [
    { uri: 'file:///etc/audit/rules.d/10-a.rules', text: '-w /etc/passwd\t-p wa\n' },
    { uri: 'file:///etc/audit/rules.d/20-docker.rules', text: '-w /usr/bin/dockerd -k docker # daemon\n' },
  ];
  const result = core.fixAll({ files, merged: true, settings: settings(), editable: [files[0].uri] });
  assert.deepEqual(result.files.map((f) => f.text), ['-w /etc/passwd -p wa\n', files[1].text]);
  assert.equal(result.cisElsewhere, files[1].uri, 'the CIS rules belong in the Docker file, which may not change');
});

test('a second run of fix all is a no-op (property over the certain fixes and the CIS rules)', async () => {
  const fc = (await import('fast-check')).default;
  const line = fc.constantFrom('-D', '-e 2', '-e2', '-w /etc/docker -k docker', '-w\t/etc/docker -k docker', '-w /etc/passwd -p wa # x', '\t', '-f 1', '# c', '',
    '-w /usr/bin/dockerd -k docker', '-a always,exit -F path=/usr/bin/dockerd -F perm=rwxa -k docker', '-b 1\t2', '-w /var/lib/docker -k docker -x');
  fc.assert(fc.property(fc.array(line, { maxLength: 10 }), fc.constantFrom('\n', '\r\n'), fc.boolean(), fc.boolean(), (lines, eol, finalNewline, merged) => {
    const uri = merged ? 'file:///etc/audit/rules.d/a.rules' : URI;
    const text = lines.join(eol) + (finalNewline ? eol : '');
    const once = core.fixAll({ files: [{ uri, text }], merged, settings: settings() });
    const twice = core.fixAll({ files: once.files.map(({ uri: u, text: t }) => ({ uri: u, text: t })), merged, settings: settings() });
    assert.equal(twice.files[0].text, once.files[0].text);
    assert.deepEqual([twice.files[0].fixes, twice.files[0].added], [[], []]);
  }), { numRuns: 300 });
});
