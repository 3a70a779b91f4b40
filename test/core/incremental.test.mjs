// An edit costs the lines it touched: a document's rule set follows its text's changes line by line. Whatever
// the edits, what it reports must be what an analysis of the whole text from scratch reports.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { core, settings } from './helpers.mjs';

const URI = 'file:///etc/audit/audit.rules';

// Lines whose load depends on other lines: duplicates (of a watch as a path rule too), -A beside -a,
// deletions, -D and -D -k, -e 2, -i and -c, refused lines, a skipped `possible`, comments and blanks.
const LINES = [
  '-w /etc/passwd -p wa -k identity',
  '-w /etc/passwd -p wa -k identity',
  '-a always,exit -F path=/etc/passwd -F perm=wa -k identity',
  '-W /etc/passwd -p wa -k identity',
  '-w /usr/bin/dockerd -k docker',
  '-w /usr/bin/dockerd -p rwxa -k docker',
  '-w /run/containerd -k docker',
  '-a always,exit -F arch=b64 -S openat -k access',
  '-A always,exit -F arch=b64 -S openat -k access',
  '-d always,exit -F arch=b64 -S openat -k access',
  '-a always,exit -S openat -k access',
  '-a exit,possible -S open',
  '-D',
  '-D -k docker',
  '-e 2',
  '-e 1',
  '-i',
  '-c',
  '-b 8192',
  '-f 1',
  '-w /etc/shadow -p wa -k x # inline comment',
  '-w\t/etc/group -p wa',
  'junk',
  '# a comment',
  '# auditd-lint: disable cis-docker-1.1.4',
  '',
  // Longer than auditctl's 6144-byte read: it reads the line in parts.
  `-w /etc/${'a'.repeat(7000)} -p wa`,
];

const line = fc.constantFrom(...LINES);
const text = fc.tuple(fc.array(line, { maxLength: 12 }), fc.boolean()).map(([lines, crlf]) => lines.join(crlf ? '\r\n' : '\n') + (lines.length ? '\n' : ''));

/** An LSP change: replace a range (line/character, possibly past the end) with text of 0–2 lines. */
const change = fc.record({
  startLine: fc.nat(14),
  startChar: fc.nat(40),
  span: fc.nat(3),
  endChar: fc.nat(40),
  text: fc.oneof(line, fc.tuple(line, line).map(([a, b]) => `${a}\n${b}`), fc.constantFrom('', '\n', 'x', ' ', '-', '\r\n', '\r')),
});

function scratch(current) {
  return core.analyze({ files: [{ uri: URI, text: current }], merged: false, settings: settings() }).diagnostics.get(URI);
}


test('a document analysed edit by edit reports what its whole text reports', async () => {
  const { TextDocument } = await import('vscode-languageserver-textdocument');
  fc.assert(fc.property(text, fc.array(change, { minLength: 1, maxLength: 8 }), (initial, changes) => {
    const ruleText = new core.RuleText(initial);
    const cache = new core.FactsCache(core.targetMachine('x86_64'));
    const set = core.RuleSet.of([new core.FileModel(URI, ruleText, cache, true)], false, cache);
    let doc = TextDocument.create(URI, 'auditd', 0, initial);
    core.analyzeSet(set, settings(), {});
    for (const c of changes) {
      const range = { start: { line: c.startLine, character: c.startChar }, end: { line: c.startLine + c.span, character: c.endChar } };
      // A range whose end is before its start is no LSP range.
      if (c.span === 0 && c.endChar < c.startChar) range.end.character = c.startChar;
      ruleText.apply({ range, text: c.text });
      doc = TextDocument.create(URI, 'auditd', doc.version + 1, TextDocument.applyEdits(doc, [{ range, newText: c.text }]));
      assert.equal(ruleText.getText(), doc.getText(), 'the lines hold the text the editor holds');
      set.sync();
      const incremental = core.analyzeSet(set, settings(), {}).diagnostics.get(URI);
      assert.deepEqual(incremental, scratch(doc.getText()));
    }
  }), { numRuns: 300 });
});
