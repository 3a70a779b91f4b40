// The syntax quick fixes: each on the diagnostic it mends, titled with what it changes, changing only
// that (line endings, a missing final newline and every other byte stay), and gone once applied.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { applyEdits, core, settings } from './helpers.mjs';

const URI = 'file:///etc/audit/audit.rules';
/**
 * A file of a rules.d set, where augenrules strips the CR of each CRLF: the fixes must keep CRLF endings
 * there. (In a lone file auditctl -R keeps the CR in the line, and the CRLF fix comes first.)
 */
const RULES_D = 'file:///etc/audit/rules.d/a.rules';
const OFF = { version: 'off' };

function lint(text, rest = {}, uri = URI) {
  return core.analyze({ files: [{ uri, text }], merged: uri.includes('/rules.d/'), settings: settings(OFF, rest) });
}

function lintRulesD(files) {
  return core.analyze({
    files: Object.entries(files).map(([name, text]) => ({ uri: `file:///etc/audit/rules.d/${name}`, text })),
    merged: true,
    settings: settings(OFF),
  });
}

const codesOf = (analysis, uri = URI) => analysis.diagnostics.get(uri).map((d) => d.code);

/** The quick fixes offered for every diagnostic with `code`, as { title, text after it, action }. */
function fixesFor(text, code, rest = {}, context = {}, uri = URI) {
  const analysis = lint(text, rest, uri);
  const diagnostics = analysis.diagnostics.get(uri).filter((d) => d.code === code);
  assert.ok(diagnostics.length > 0, `no ${code} among ${codesOf(analysis, uri)}`);
  return core.codeActions(analysis, uri, { diagnostics, ...context }).map((action) => ({
    title: action.title,
    text: applyEdits(text, action.edit.changes[uri]),
    action,
  }));
}

/** The one fix for `code`, applied; checks that it clears that diagnostic and is offered no more. */
function fixOnce(text, code, rest = {}, uri = URI) {
  const fixes = fixesFor(text, code, rest, {}, uri);
  assert.equal(fixes.length, 1, JSON.stringify(fixes.map((f) => f.title)));
  const [fix] = fixes;
  assert.equal(fix.action.kind, 'quickfix');
  const after = lint(fix.text, rest, uri).diagnostics.get(uri);
  assert.ok(!after.some((d) => d.code === code && d.range.start.line === fix.action.diagnostics[0].range.start.line), `${code} is still there: ${fix.text}`);
  assert.ok(after.every((d) => d.data?.kind !== 'syntax-fix' || d.code !== code), 'nothing left to fix of that kind');
  return fix;
}

test('BOM: an Error on the first word of line 1, and a fix that removes the BOM alone', () => {
  const body = '-w /etc/passwd -p wa -k identity\r\n-w /etc/shadow -p wa -k identity';
  const analysis = lint(`\uFEFF${body}`);
  const bom = analysis.diagnostics.get(URI).find((d) => d.code === 'bom');
  assert.equal(bom.severity, 1);
  assert.deepEqual(bom.range, { start: { line: 0, character: 0 }, end: { line: 0, character: '\uFEFF-w'.length } });
  assert.match(bom.message, /auditctl reads it as part of the first word of line 1/);
  const fix = fixOnce(`\uFEFF${body}`, 'bom');
  assert.equal(fix.title, 'Remove the byte order mark (BOM)');
  assert.equal(fix.action.isPreferred, true);
  assert.equal(fix.text, body);
});

test('BOM in a rules.d file: reported in that file, which augenrules puts in the middle of the load', () => {
  const analysis = lintRulesD({ '10-a.rules': '-D\n', '20-b.rules': '\uFEFF-w /etc/passwd -p wa\n' });
  assert.ok(codesOf(analysis, 'file:///etc/audit/rules.d/20-b.rules').includes('bom'));
  assert.ok(!codesOf(analysis, 'file:///etc/audit/rules.d/10-a.rules').includes('bom'));
});

test('CRLF: "Convert the file to LF line endings" replaces each CRLF with LF and nothing else', () => {
  const text = '-D\r\n-w /etc/passwd -p wa -k identity\r\n\r\n# end\r\n-e 1';
  const fix = fixOnce(text, 'crlf');
  assert.equal(fix.title, 'Convert the file to LF line endings');
  assert.equal(fix.text, '-D\n-w /etc/passwd -p wa -k identity\n\n# end\n-e 1');
  // A mixed file: the LF lines are left as they are.
  assert.equal(fixOnce('-D\n-w /etc/passwd\r\n', 'crlf').text, '-D\n-w /etc/passwd\n');
});

test('CRLF after a lone CR ("-w /x\\r\\r\\n") stays: removing its CR would make the lone CR a CRLF, and the next fix would remove a CR that was no line ending', () => {
  const text = '-w /etc/passwd\r\n-D\r\r\n';
  const fix = fixOnce(text, 'crlf');
  assert.equal(fix.text, '-w /etc/passwd\n-D\r\r\n');
  assert.equal(fixAll(text), '-w /etc/passwd\n-D\r\r\n', 'and fix all stops there');
});

test('CRLF: not offered to a client that normalizes line endings (VS Code), where the edit would do nothing', () => {
  assert.deepEqual(fixesFor('-D\r\n-w /etc/passwd\r\n', 'crlf', {}, { normalizesLineEndings: true }), []);
});

test('tabs: one action per line; indenting tabs go, the others become spaces', () => {
  const indented = fixOnce('\t-w /etc/passwd -p wa\n', 'auditctl-perm-placement');
  assert.deepEqual([indented.title, indented.text], ['Remove the leading tab', '-w /etc/passwd -p wa\n']);
  const glued = fixOnce('-w /etc/group\t-k identity\n', 'auditctl-stray-word');
  assert.deepEqual([glued.title, glued.text], ['Replace the tab with a space', '-w /etc/group -k identity\n']);
  const many = fixOnce('\t\t-w /etc/group\t-p wa\t-k identity', 'auditctl-no-option');
  assert.deepEqual([many.title, many.text], ['Remove the 2 leading tabs and replace the other 2 tabs with spaces', '-w /etc/group -p wa -k identity']);
  const two = fixOnce('-w /etc/group\t-p wa\t-k identity\r\n', 'auditctl-stray-word', {}, RULES_D);
  assert.deepEqual([two.title, two.text], ['Replace the 2 tabs with spaces', '-w /etc/group -p wa -k identity\r\n']);
  // An indented comment is no comment to auditctl; without the tab it is.
  assert.equal(fixOnce('-D\n\t# identity\n', 'auditctl-no-option').text, '-D\n# identity\n');
});

test('tabs: none offered for a tab inside an inline comment (the comment fix moves it as written)', () => {
  const fixes = fixesFor('-w /etc/passwd -p wa # see\tdocs\n', 'auditctl-stray-word');
  assert.deepEqual(fixes.map((f) => f.title), ['Move the comment to its own line above']);
  assert.equal(fixes[0].text, '# see\tdocs\n-w /etc/passwd -p wa\n');
});

test('inline comment: moved above the rule, indented like it, the spaces before it dropped', () => {
  const fix = fixOnce('-D\n  -w /etc/passwd -p wa   # identity files\n-e 1\n', 'auditctl-stray-word');
  assert.equal(fix.title, 'Move the comment to its own line above');
  assert.equal(fix.action.isPreferred, true);
  assert.equal(fix.text, '-D\n  # identity files\n  -w /etc/passwd -p wa\n-e 1\n');
  assert.equal(fixOnce('-D\r\n-e 2 # lock\r\n', 'auditctl-stray-word', {}, RULES_D).text, '-D\r\n# lock\r\n-e 2\r\n');
  assert.equal(fixOnce('-D\n-w /etc/passwd # last', 'auditctl-stray-word').text, '-D\n# last\n-w /etc/passwd');
});

test('inline comment: no fix when the stray words do not start with #', () => {
  assert.deepEqual(fixesFor('-w /etc/passwd -p wa junk # comment\n', 'auditctl-stray-word'), []);
});

test('-e 2 before rules: "Move -e 2 to the end of the file" on the warning that says the rules after it fail', () => {
  const fix = fixOnce('-D\n-e 2\n-w /etc/passwd -p wa\n# end\n', 'immutable-too-early');
  assert.equal(fix.title, 'Move -e 2 to the end of the file');
  assert.equal(fix.text, '-D\n-w /etc/passwd -p wa\n# end\n-e 2\n');
  assert.equal(fixOnce('-e 2\n-w /etc/passwd\n-w /etc/shadow', 'immutable-too-early').text, '-w /etc/passwd\n-w /etc/shadow\n-e 2');
  assert.ok(!codesOf(lint(fix.text)).includes('kernel-immutable'));
});

test('-e 2 on a line auditctl refuses ("-e2 -k x"): not moved, since the load stops there and moved it would let the lines after it load', () => {
  assert.deepEqual(fixesFor('-w /etc/passwd -p wa\n-e2 -k x\n-D\n', 'immutable-too-early'), []);
});

test('duplicate: "Delete this duplicate line" takes the line and its line ending', () => {
  const fix = fixOnce('-w /etc/passwd -p wa\n-w /etc/shadow\n-w /etc/passwd -p wa\n-e 1\n', 'kernel-rule-exists');
  assert.equal(fix.title, 'Delete this duplicate line');
  assert.equal(fix.text, '-w /etc/passwd -p wa\n-w /etc/shadow\n-e 1\n');
  // The last line of a file without a final newline takes the line ending before it: still none at the end.
  assert.equal(fixOnce('-w /etc/passwd\r\n-w /etc/passwd', 'kernel-rule-exists', {}, RULES_D).text, '-w /etc/passwd');
  assert.equal(fixOnce('-w /etc/passwd\r\n-w /etc/passwd\r\n-D\r\n', 'kernel-rule-exists', {}, RULES_D).text, '-w /etc/passwd\r\n-D\r\n');
});

test('duplicate in another file of a rules.d set: deleted where it repeats the rule', () => {
  const analysis = lintRulesD({ '10-a.rules': '-w /etc/passwd -p wa\n', '20-b.rules': '-w /etc/shadow\n-w /etc/passwd -p wa\n' });
  const uri = 'file:///etc/audit/rules.d/20-b.rules';
  const dup = analysis.diagnostics.get(uri).find((d) => d.code === 'kernel-rule-exists');
  const [action] = core.codeActions(analysis, uri, { diagnostics: [dup] });
  assert.equal(applyEdits('-w /etc/shadow\n-w /etc/passwd -p wa\n', action.edit.changes[uri]), '-w /etc/shadow\n');
  // The only line of the last file, without a final newline: the file is left empty.
  const alone = lintRulesD({ '10-a.rules': '-w /etc/passwd -p wa\n', '20-b.rules': '-w /etc/passwd -p wa' });
  const last = 'file:///etc/audit/rules.d/20-b.rules';
  const [deletion] = core.codeActions(alone, last, { diagnostics: alone.diagnostics.get(last) });
  assert.equal(applyEdits('-w /etc/passwd -p wa', deletion.edit.changes[last]), '');
});

/** Syscall names of a table, read from the data file itself. */
function table(name) {
  const text = readFileSync(new URL(`../../server/data/auditctl/syscalls/${name}.tsv`, import.meta.url), 'utf8');
  return new Set(text.split('\n').filter((l) => l && !l.startsWith('#')).map((l) => l.split('\t')[0]));
}

test('no arch: "Add -F arch=b64", and with the b32 twin, -F arch= right after -a LIST,ACTION', () => {
  const text = '-D\r\n-a always,exit -F auid>=1000 -S open -k files\r\n-e 1\r\n';
  const fixes = fixesFor(text, 'auditctl-arch-mismatch', {}, {}, RULES_D);
  assert.deepEqual(fixes.map((f) => f.title), ['Add -F arch=b64', 'Add -F arch=b64 and a -F arch=b32 twin']);
  assert.equal(fixes[0].text, '-D\r\n-a always,exit -F arch=b64 -F auid>=1000 -S open -k files\r\n-e 1\r\n');
  assert.equal(fixes[1].text, '-D\r\n-a always,exit -F arch=b64 -F auid>=1000 -S open -k files\r\n-a always,exit -F arch=b32 -F auid>=1000 -S open -k files\r\n-e 1\r\n');
  for (const f of fixes) {
    assert.equal(f.action.isPreferred, undefined, 'a choice, not automatic');
    assert.deepEqual(lint(f.text, {}, RULES_D).diagnostics.get(RULES_D).filter((d) => d.severity === 1 || d.code === 'auditctl-arch-mismatch'), []);
  }
});

test('no arch: no twin when a syscall of the rule is missing from the 32-bit table', () => {
  const only64 = [...table('x86_64')].find((n) => !table('i386').has(n));
  const fixes = fixesFor(`-a always,exit -S open,${only64} -k x\n`, 'auditctl-arch-mismatch');
  assert.deepEqual(fixes.map((f) => f.title), ['Add -F arch=b64']);
});

test('no arch: b32 is what the target says (s390x: s390), and the file already holding the twin gets none', () => {
  const fixes = fixesFor('-a always,exit -S getuid -k x\n', 'auditctl-arch-mismatch', { targetArch: 's390x' });
  assert.equal(fixes[1].text, '-a always,exit -F arch=b64 -S getuid -k x\n-a always,exit -F arch=b32 -S getuid -k x\n');
  assert.deepEqual(lint(fixes[1].text, { targetArch: 's390x' }).diagnostics.get(URI).filter((d) => d.severity <= 2), []);
  const withTwin = '-a always,exit -S open -k x\n-a always,exit -F arch=b32 -S open -k x\n';
  assert.deepEqual(fixesFor(withTwin, 'auditctl-arch-mismatch').map((f) => f.title), ['Add -F arch=b64']);
});

test('misspelt names: the one close known name, in the table of the arch in effect', () => {
  const cases = [
    ['-a always,exit -F arch=b64 -S opn -k x\n', 'auditctl-syscall-unknown', 'Replace "opn" with "open"', '-a always,exit -F arch=b64 -S open -k x\n'],
    ['-a always,exit -F arch=b64 -S open,chmdo\n', 'auditctl-syscall-unknown', 'Replace "chmdo" with "chmod"', '-a always,exit -F arch=b64 -S open,chmod\n'],
    // Two neighbours swapped are one slip of the fingers, even in a word of four letters (Levenshtein counts two).
    ['-a always,exit -F arch=b64 -S opne -k x\n', 'auditctl-syscall-unknown', 'Replace "opne" with "open"', '-a always,exit -F arch=b64 -S open -k x\n'],
    ['-a exti,always -S all\n', 'auditctl-bad-keyword', 'Replace "exti" with "exit"', '-a exit,always -S all\n'],
    ['-a always,exit -F arch=b32 -S socketcal\n', 'auditctl-syscall-unknown', 'Replace "socketcal" with "socketcall"', '-a always,exit -F arch=b32 -S socketcall\n'],
    ['-a always,exit -F arch=b64 -S open_by_handle\n', 'auditctl-syscall-unknown', 'Replace "open_by_handle" with "open_by_handle_at"', '-a always,exit -F arch=b64 -S open_by_handle_at\n'],
    ['-a always,exit -F auidd>=1000 -S all\n', 'auditctl-field', 'Replace "auidd" with "auid"', '-a always,exit -F auid>=1000 -S all\n'],
    ['-a exitt,always -S all\n', 'auditctl-bad-keyword', 'Replace "exitt" with "exit"', '-a exit,always -S all\n'],
    ['-a alwys,exit -S all\n', 'auditctl-bad-keyword', 'Replace "alwys" with "always"', '-a always,exit -S all\n'],
    // Action first: auditctl does not check the list, the kernel refuses it.
    ['-a always,exitt -S all\r\n', 'kernel-invalid', 'Replace "exitt" with "exit"', '-a always,exit -S all\r\n'],
  ];
  for (const [text, code, title, fixed] of cases) {
    const uri = text.includes('\r') ? RULES_D : URI;
    const fix = fixOnce(text, code, {}, uri);
    assert.deepEqual([fix.title, fix.text], [title, fixed], text);
    assert.equal(fix.action.isPreferred, undefined);
    assert.ok(!lint(fix.text, {}, uri).diagnostics.get(uri).some((d) => d.severity === 1), fix.text);
  }
});

test('misspelt names: no fix when no name is close or several are', () => {
  const none = [
    // timerfd_create, timerfd_settime and timerfd_gettime all start with it.
    ['-a always,exit -F arch=b64 -S timerfd\n', 'auditctl-syscall-unknown'],
    // unlink and unlinkat are one edit away each.
    ['-a always,exit -F arch=b64 -S unlinkt\n', 'auditctl-syscall-unknown'],
    // socketcall is a 32-bit syscall: with b64 nothing is close.
    ['-a always,exit -F arch=b64 -S socketcal\n', 'auditctl-syscall-unknown'],
    // obj_uid, obj_gid, obj_user, obj_role, …
    ['-a always,exit -F obj=x\n', 'auditctl-field'],
    ['-a exit,nevr,always -S all\n', 'auditctl-bad-keyword'],
    // A swap and another slip together (x for c, then mo swapped: chmod) are three edits, too far to be sure.
    ['-a always,exit -F arch=b64 -S xhomd\n', 'auditctl-syscall-unknown'],
  ];
  for (const [text, code] of none) assert.deepEqual(fixesFor(text, code).map((f) => f.title), [], text);
});

test('a diagnostic from an older text gets no fix once its line has changed', () => {
  const old = lint('-w /etc/passwd -p wa\n-w /etc/passwd -p wa\n');
  const stale = old.diagnostics.get(URI).find((d) => d.code === 'kernel-rule-exists');
  const now = lint('-w /etc/passwd -p wa\n-w /etc/shadow -p wa\n');
  assert.deepEqual(core.codeActions(now, URI, { diagnostics: [stale] }), []);
});

test('under source.fixAll, no quick fix: one action, which makes the document what --fix writes', () => {
  const text = '-w /etc/passwd\n-w /etc/passwd\n';
  const analysis = lint(text);
  const diagnostics = analysis.diagnostics.get(URI);
  const actions = core.codeActions(analysis, URI, { diagnostics, only: ['source.fixAll'] });
  assert.deepEqual(actions.map((a) => [a.kind, a.title]), [['source.fixAll.auditd', 'Fix 1 certain problem']]);
  assert.equal(applyEdits(text, actions[0].edit.changes[URI]), '-w /etc/passwd\n');
});

const BROKEN_LINES = [
  '-D', '-w /etc/passwd -p wa -k identity', '-w /etc/passwd -p wa -k identity', '\t-w /etc/group -p wa',
  '-w /etc/shadow\t-k identity', '-w /etc/gshadow -p wa # shadow', '-e 2', '# comment', '', '-b 8192',
  '-a always,exit -S open -k x', '-a always,exit -F arch=b64 -S opn',
];

/** What auditd-lint --fix writes (the certain fixes; the CIS checks are off), failing if the fixes do not settle. */
function fixAll(text) {
  const result = core.fixAll({ files: [{ uri: URI, text }], merged: false, settings: settings(OFF) });
  assert.equal(result.unsettled, undefined, `the fixes of ${JSON.stringify(text)} settle`);
  return result.files[0].text;
}

test('-e2 then -e 2: the second is deleted (the first already locked the configuration), and the fixes end', () => {
  const text = '-e2\n-e 2';
  const [repeated] = lint(text).diagnostics.get(URI).filter((d) => d.code === 'kernel-immutable');
  assert.equal(repeated.range.start.line, 1);
  const [fix] = fixesFor(text, 'kernel-immutable');
  assert.deepEqual([fix.title, fix.action.isPreferred], ['Delete this -e 2: an earlier -e 2 already made the configuration immutable', true]);
  assert.equal(fixAll(text), '-e2');
  // With a rule among them: the later one goes, and the first is moved past the rule.
  assert.equal(fixAll('-e 2\n-w /etc/passwd\n-e2\n'), '-w /etc/passwd\n-e 2\n');
  // A locked line that does more than lock again, or that auditctl has more to say against, is left to a person.
  assert.deepEqual(fixesFor('-e 2\n-e 2 -f 1\n', 'kernel-immutable'), []);
  assert.deepEqual(fixesFor('-e 2\n-e 2 -k x # why\n', 'kernel-immutable'), []);
});

test('the certain fixes: they end, keep the line ending and the final newline, and leave the choices alone (property)', () => {
  fc.assert(fc.property(fc.array(fc.constantFrom(...BROKEN_LINES), { maxLength: 10 }), fc.constantFrom('\n', '\r\n'), fc.boolean(), fc.boolean(), (lines, eol, finalNewline, bom) => {
    const text = (bom ? '\uFEFF' : '') + lines.join(eol) + (finalNewline && lines.length ? eol : '');
    const fixed = fixAll(text);
    assert.equal(fixAll(fixed), fixed, 'idempotent');
    assert.ok(!fixed.startsWith('\uFEFF'));
    assert.ok(!fixed.includes('\r'), 'every CRLF converted (a lone file)');
    if (text.endsWith('\n')) assert.ok(fixed.endsWith('\n'), 'the final newline stays');
    // Without one, none is added; but deleting a last line after an empty one leaves that empty line last, unterminated: "x\n".
    if (!text.endsWith('\n') && !lines.includes('')) assert.ok(!fixed.endsWith('\n'), 'no final newline is added');
    const after = lint(fixed).diagnostics.get(URI);
    const left = ['bom', 'crlf', 'kernel-rule-exists', 'immutable-too-early', 'kernel-immutable'];
    for (const code of left) assert.ok(!after.some((d) => d.code === code), `${code} in ${JSON.stringify(fixed)}`);
    // Arch and misspelt names are left to a person.
    assert.equal(fixed.split('\n').filter((l) => l === '-a always,exit -S open -k x').length > 0, lines.includes('-a always,exit -S open -k x'));
    assert.equal(fixed.includes('-S opn'), lines.includes('-a always,exit -F arch=b64 -S opn'));
  }), { numRuns: 200 });
});
