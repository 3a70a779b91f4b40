// Quick fixes insert the benchmark's lines where they load, and touch no other byte.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { applyEdits, core, lintSet, lintText, settings } from './helpers.mjs';

const URI = 'file:///etc/audit/audit.rules';
const missingOf = (a) => [...a.diagnostics.values()].flat().filter((d) => d.data?.kind === 'cis-missing');
// On the default host (Debian) §1.1.13's watch in /etc/sysconfig is never added (scanner-fixes.test.mjs).
const addable = (a) => missingOf(a).filter((d) => d.data.lines.length > 0);

/** The first missing-control quick fix for `control`, applied to the text (of a lone file, or of rules.d/NAME). */
function applyOne(text, control, cis, name) {
  const a = name ? lintSet({ [name]: text }, cis) : lintText(text, cis);
  const uri = a.set.files[0].uri;
  const d = missingOf(a).find((x) => x.code === `cis-docker-${control}`);
  const [action] = core.codeActions(a, uri, { diagnostics: [d] }).filter((x) => x.isPreferred);
  return { action, text: applyEdits(text, action.edit.changes[uri]) };
}

function fixAll(text, cis) {
  const a = lintText(text, cis);
  const actions = core.codeActions(a, URI, { diagnostics: [], only: ['source.fixAll.auditd'] });
  return actions.length === 0 ? text : applyEdits(text, actions[0].edit.changes[URI]);
}

function applyOneOffered(text) {
  const a = lintText(text);
  return core.codeActions(a, URI, { diagnostics: missingOf(a) }).some((x) => x.title.startsWith('Add'));
}

test('the quick fix is titled with the path, benchmark and control, and inserts the remediation', () => {
  const { action, text } = applyOne('-w /usr/bin/dockerd -k docker\n', '1.1.4');
  assert.equal(action.title, 'Add audit rule for /run/containerd (CIS Docker 1.8.0 §1.1.4)');
  assert.equal(text, '-w /usr/bin/dockerd -k docker\n-a exit,always -F path=/run/containerd -F perm=war -k docker\n');
});

test('the configured key is written', () => {
  const { text } = applyOne('', '1.1.3', { key: 'containers' });
  assert.equal(text, '-w /usr/bin/dockerd -k containers\n');
});

test('new rules go next to the existing Docker rules', () => {
  const before = '-D\n-w /usr/bin/dockerd -k docker\n-w /etc/passwd -p wa -k identity\n';
  const { text } = applyOne(before, '1.1.6');
  assert.equal(text, '-D\n-w /usr/bin/dockerd -k docker\n-w /etc/docker -k docker\n-w /etc/passwd -p wa -k identity\n');
});

test('without Docker rules they go before -e and the comment that introduces it', () => {
  const before = '-D\n-w /etc/passwd -p wa -k identity\n\n# Make it immutable\n-e 2\n';
  const { text } = applyOne(before, '1.1.3');
  assert.equal(text, '-D\n-w /etc/passwd -p wa -k identity\n\n-w /usr/bin/dockerd -k docker\n# Make it immutable\n-e 2\n');
});

test('never after -e 2, never before a later -D', () => {
  const before = '-w /usr/bin/dockerd -k docker\n-D\n-w /etc/passwd -p wa -k id\n-e 2\n-w /etc/docker -k docker\n';
  const fixed = fixAll(before);
  const lines = fixed.split('\n');
  const inserted = lines.indexOf('-a exit,always -F path=/run/containerd -F perm=war -k docker');
  assert.ok(inserted > lines.indexOf('-D') && inserted < lines.indexOf('-e 2'));
  assert.equal(addable(lintText(fixed)).length, 0);
});

test('never after the line where auditctl stops loading', () => {
  // A refusal no certain fix mends: the load still stops there after fix all.
  const before = '-w /etc/passwd -p wa -k id\n-w /etc/shadow -p wz -k id\n-w /etc/group -p wa -k id\n';
  const fixed = fixAll(before);
  assert.ok(fixed.indexOf('/usr/bin/dockerd') < fixed.indexOf('-p wz'));
  assert.equal(addable(lintText(fixed)).length, 0);
});

test('never before a -W the kernel is sent, even one that finds no rule now: it would delete the rule inserted before it', () => {
  // The -W stops the load ("No such file or directory"), and before it the inserted watch would be its rule.
  const stops = '-w /etc/passwd -p wa\n-W /usr/bin/dockerd -k docker\n';
  assert.equal(fixAll(stops), stops, 'no place loads them');
  assert.equal(core.fixAll({ files: [{ uri: URI, text: stops }], merged: false, settings: settings() }).unsettled, undefined);
  // With -c the load goes on past it, and the rules go after it.
  const lines = fixAll('-c\n-W /usr/bin/dockerd -k docker\n-w /etc/passwd -p wa\n').split('\n');
  assert.ok(lines.indexOf('-w /usr/bin/dockerd -k docker') > lines.indexOf('-W /usr/bin/dockerd -k docker'));
});

test('in a rules.d set, no fix where a later file removes Docker rules: -D -k docker or -W of a Docker rule runs after every line of the fix file', () => {
  const offered = (a) => core.codeActions(a, a.set.files[a.cis.fixFile].uri, { diagnostics: missingOf(a) }).filter((x) => x.title.startsWith('Add'));
  for (const removal of ['-D -k docker\n', '-W /usr/bin/dockerd -k docker\n-e 1\n']) {
    const a = lintSet({ '10-docker.rules': '-w /etc/docker -k docker\n', '20-later.rules': removal });
    assert.equal(a.cis.fixFile, 0);
    assert.ok(missingOf(a).length > 0);
    assert.deepEqual(offered(a), [], removal);
  }
  // A bare -D is moved first by augenrules: it removes nothing inserted.
  const bare = lintSet({ '10-docker.rules': '-w /etc/docker -k docker\n', '20-later.rules': '-D\n' });
  assert.ok(offered(bare).length > 0);
});

test('in a rules.d set, no fix where the load never gets to it: a stop in an earlier file, or a refused -f that augenrules moves first', () => {
  const fixAllOf = (a) => core.codeActions(a, a.set.files[a.cis.fixFile].uri, { diagnostics: [], only: ['source.fixAll.auditd'] });
  const earlier = lintSet({ '10-a.rules': '-w /etc/passwd\n-x\n', '20-docker.rules': '-w /usr/bin/dockerd -k docker\n' });
  assert.equal(earlier.load.stop.ref.file, 0);
  assert.ok(missingOf(earlier).length > 0, 'the controls are still missing');
  assert.deepEqual(fixAllOf(earlier), [], 'but no edit adds rules that would not load');
  // augenrules emits the last -f before every rule: refused there, nothing after it loads.
  const movedFirst = lintSet({ '10-docker.rules': '-w /usr/bin/dockerd -k docker\n', '20-f.rules': '-f 5\n' });
  assert.equal(movedFirst.load.loadedRules().length, 0);
  assert.deepEqual(fixAllOf(movedFirst), []);
  // A stop in a later file leaves the earlier ones loading.
  const later = lintSet({ '10-docker.rules': '-w /usr/bin/dockerd -k docker\n', '20-b.rules': '-x\n' });
  assert.equal(fixAllOf(later).length, 1);
});

test('fix-all leaves no missing-control diagnostic, and a second fix-all adds nothing', () => {
  const once = fixAll('-D\n-w /usr/bin/dockerd -k docker\n');
  assert.equal(addable(lintText(once)).length, 0);
  assert.equal(fixAll(once), once);
});

test('a CRLF file gets CRLF lines; a file without final newline keeps none', () => {
  // In rules.d, where augenrules strips the CRs; auditctl -R reads a lone file's CRs as part of its lines.
  assert.equal(applyOne('-D\r\n-w /etc/docker -k docker\r\n', '1.1.3', {}, 'docker.rules').text, '-D\r\n-w /etc/docker -k docker\r\n-w /usr/bin/dockerd -k docker\r\n');
  assert.equal(missingOf(lintText('-w /etc/docker -k docker\r\n')).length > 0 && applyOneOffered('-w /etc/docker -k docker\r\n'), false, 'a lone CRLF file: the CRLF fix first');
  assert.equal(applyOne('-D\n-w /etc/docker -k docker', '1.1.3').text, '-D\n-w /etc/docker -k docker\n-w /usr/bin/dockerd -k docker');
});

test('fix-all only changes whole lines, and is idempotent (property)', () => {
  const line = fc.constantFrom('-D', '-b 8192', '-w /etc/passwd -p wa -k id', '# comment', '', '   ', '-a always,exit -F arch=b64 -S execve -k exec', '-w /etc/docker -k docker', '-e 1', '-e 2', '-f 1');
  fc.assert(fc.property(fc.array(line, { maxLength: 12 }), fc.constantFrom('\n', '\r\n'), fc.boolean(), (lines, chosen, finalNewline) => {
    const text = lines.join(chosen) + (finalNewline && lines.length ? chosen : '');
    const a = lintText(text);
    const [action] = core.codeActions(a, URI, { diagnostics: [], only: ['source.fixAll.auditd'] });
    if (!action) return;
    const edits = action.edit.changes[URI];
    const textLines = text.split(/(?<=\n)/);
    const offset = (p) => textLines.slice(0, p.line).join('').length + p.character;
    for (const edit of edits) {
      // From the start of a line to the start of a line, or to the end of a text without a final newline.
      assert.equal(edit.range.start.character, 0);
      assert.ok(edit.range.end.character === 0 || (offset(edit.range.end) === text.length && !text.endsWith('\n')));
      // Rules and comments, or a line of the text again (a last line without a newline, which gets one).
      assert.ok(edit.newText.split(/\r?\n/).every((l) => l === '' || /^[-#]/.test(l) || lines.includes(l)), JSON.stringify(edit.newText));
    }
    const fixed = applyEdits(text, edits);
    assert.equal(fixAll(fixed), fixed);
  }), { numRuns: 300 });
});

test('in a rules.d set without Docker rules, a create-file action writes rules.d/docker.rules', () => {
  const a = lintSet({ '10-base.rules': '-D\n', '99-finalize.rules': '-e 2\n' });
  const d = missingOf(a)[0];
  const uri = a.set.files[a.cis.fixFile].uri;
  const create = core.codeActions(a, uri, { diagnostics: [d] }, 'file:///etc/audit/rules.d').find((x) => x.title.startsWith('Create'));
  assert.equal(create.title, 'Create rules.d/docker.rules with the missing rules');
  assert.equal(create.edit.documentChanges[0].uri, 'file:///etc/audit/rules.d/docker.rules');
  assert.match(create.edit.documentChanges[1].edits[0].newText, /^-w \/usr\/bin\/dockerd -k docker\n/);
});

test('settings default to CIS Docker 1.8.0, docker-bench-security on a Debian host, all, key docker', () => {
  assert.deepEqual(settings().cis, { version: '1.8.0', scanners: ['docker-bench-security'], host: 'debian', applicability: 'all', key: 'docker', exclude: [], severity: {} });
});
