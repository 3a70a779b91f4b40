// A lone CR (one not followed by LF) ends a line for LSP and every editor, not for auditctl (fgets ends
// lines at \n only): the diagnostics and fixes must point where the editor shows the text, while what
// they say follows auditctl's reading of the line.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { applyEdits, core, settings } from './helpers.mjs';

const URI = 'file:///etc/audit/audit.rules';
const lint = (text) => core.analyze({ files: [{ uri: URI, text }], merged: false, settings: settings({ version: 'off' }) });

/** The text a range covers, as an LSP client reads it; fails if the range is not inside the document. */
function covered(text, range) {
  const doc = TextDocument.create(URI, 'auditd', 1, text);
  for (const p of [range.start, range.end]) {
    assert.ok(p.line < doc.lineCount, `line ${p.line} of ${doc.lineCount}`);
    const lineText = doc.getText({ start: { line: p.line, character: 0 }, end: { line: p.line + 1, character: 0 } }).replace(/\r?\n$|\r$/, '');
    assert.ok(p.character <= lineText.length, `character ${p.character} of line ${p.line} (${lineText.length} long)`);
  }
  return doc.getText(range);
}

test('a refusal on a line a lone CR splits points at the words auditctl refuses, on the editor lines that show them', () => {
  const text = '-D\n-w /etc/passwd -p wa\r-w\n';
  const refusal = lint(text).diagnostics.get(URI).find((d) => d.code === 'auditctl-perm-value');
  assert.ok(refusal, 'auditctl reads "wa\\r-w" as the permissions');
  assert.equal(covered(text, refusal.range), '-p wa\r-w');
  assert.deepEqual([refusal.range.start.line, refusal.range.end.line], [1, 2]);
});

test('every diagnostic of a file with lone CRs lies inside the document as an editor sees it', () => {
  const text = 'x\r-w\t/b\n-w /etc/passwd\r\r\n# c\r-w /etc/shadow -k a\tb\r';
  for (const d of lint(text).diagnostics.get(URI)) covered(text, d.range);
});

test('the tab fix on a line a lone CR splits replaces that tab, once: "x\\r-w\\t/b" becomes "x\\r-w /b"', () => {
  const text = 'x\r-w\t/b';
  const analysis = lint(text);
  const fixes = core.certainFixes(analysis, URI);
  assert.deepEqual(fixes.map((f) => f.title), ['Replace the tab with a space']);
  const fixed = applyEdits(text, fixes.flatMap((f) => f.edits));
  assert.equal(fixed, 'x\r-w /b');
  assert.deepEqual(core.certainFixes(lint(fixed), URI), [], 'nothing left to fix');
});

test('the lines our words name are counted as the editor counts them, and in another file by its name', () => {
  // auditctl reads "# a\rcomment" as its line 1; the editor shows it as lines 1 and 2.
  const text = '# a\rcomment\n-w /etc/passwd -p wa\n-w /etc/passwd -p wa\n-e 2\n-w /etc/shadow\n';
  const diagnostics = lint(text).diagnostics.get(URI);
  const repeat = diagnostics.find((d) => d.code === 'kernel-rule-exists');
  assert.equal(repeat.range.start.line, 3);
  assert.match(repeat.message, /repeats the rule on line 3\. /);
  assert.match(diagnostics.find((d) => d.code === 'immutable-too-early').message, /\(first on line 6\)/);
  assert.match(diagnostics.find((d) => d.code === 'kernel-immutable').message, /immutable after -e 2 on line 5:/);

  const set = core.analyze({
    files: [{ uri: 'file:///etc/audit/rules.d/10-a.rules', text: '#\r#\n-w /etc/passwd -p wa\n' }, { uri: 'file:///etc/audit/rules.d/20-b.rules', text: '-w /etc/passwd -p wa\n' }],
    merged: true, settings: settings({ version: 'off' }),
  });
  const [across] = set.diagnostics.get('file:///etc/audit/rules.d/20-b.rules');
  assert.match(across.message, /repeats the rule on line 3 of 10-a\.rules\./);
});
