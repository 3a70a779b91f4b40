// A 1 MB line: auditctl reads it in 6143-byte parts (each a line of its own to it, each refused here). The
// engine cuts the line into those parts once when it changes; no diagnostic, request or other line's edit
// cuts it again, so the work stays linear in the line's length (it was once per diagnostic: quadratic).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { core, settings } from './helpers.mjs';

const URI = 'file:///etc/audit/audit.rules';
// Words without an option: every part of the line is refused with "parameter passed without an option given".
const LONG = `-w /etc/passwd ${'stray '.repeat(175_000)}`;

function documentSet(text) {
  const ruleText = new core.RuleText(text);
  const lines = new core.FactsCache(core.targetMachine('x86_64'));
  const set = core.RuleSet.of([new core.FileModel(URI, ruleText, lines, true)], false, lines);
  return { ruleText, set };
}

test('a 1 MB line is cut into auditctl\'s reads once, whatever is asked of it, and again only when it changes', () => {
  const before = core.longLineCuts();
  const { ruleText, set } = documentSet(`-w /etc/shadow -p wa -k shadow\n${LONG}\n-w /etc/group -p wa -k group\n`);
  let analysis = core.analyzeSet(set, settings(), {});
  const onLine = analysis.diagnostics.get(URI).filter((d) => d.range.start.line === 1);
  assert.ok(onLine.length > 150, `each of auditctl's reads of the line is refused (${onLine.length} diagnostics)`);
  for (let character = 0; character < LONG.length; character += 100_000) core.hover(analysis, URI, { line: 1, character });
  core.completion(analysis, URI, { line: 1, character: LONG.length });
  core.codeActions(analysis, URI, { diagnostics: onLine });
  core.documentSymbols(analysis, URI);
  assert.equal(core.longLineCuts() - before, 1, 'cut once, when the document was read');

  ruleText.apply({ range: { start: { line: 2, character: 0 }, end: { line: 2, character: 0 } }, text: '-w /etc/hosts -p wa\n' });
  set.sync();
  analysis = core.analyzeSet(set, settings(), {});
  assert.equal(core.longLineCuts() - before, 1, 'an edit of another line leaves it as it was read');

  ruleText.apply({ range: { start: { line: 1, character: 3 }, end: { line: 1, character: 3 } }, text: 'x' });
  set.sync();
  analysis = core.analyzeSet(set, settings(), {});
  assert.equal(core.longLineCuts() - before, 2, 'an edit of the line cuts it once more');
  assert.ok(analysis.diagnostics.get(URI).filter((d) => d.range.start.line === 1).length > 150);
});
