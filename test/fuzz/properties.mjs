// What must hold for any input, through the core: no throw; every range inside the document as an LSP
// client counts lines (\r\n, \n and a lone \r); the same answer twice; fix all (what --fix writes and fix on
// save edits to) settles, a second run changes nothing, and the editor's edits make the same text; no CIS
// control missing after the fix where a rule for it can load; no original line lost or altered but by the
// certain fixes the fix names.
import { createRequire } from 'node:module';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { cisVersion, ruleFiles, ruleSet } from './inputs.mjs';

const require = createRequire(import.meta.url);
const core = require('../../dist/core.js');
const { TextDocument } = require('vscode-languageserver-textdocument');

function settings(version) {
  return { ...core.DEFAULT_SETTINGS, cis: { ...core.DEFAULT_SETTINGS.cis, version } };
}

/** The length of each line as an LSP client splits the text (at \r\n, \n and a lone \r). */
function lspLineLengths(text) {
  return text.split(/\r\n|\n|\r/).map((l) => l.length);
}

/** A range is inside the document, start before end. */
function assertInside(lengths, range, what) {
  for (const p of [range.start, range.end]) {
    assert.ok(p.line >= 0 && p.line < lengths.length, `${what}: line ${p.line} of ${lengths.length}`);
    assert.ok(p.character >= 0 && p.character <= lengths[p.line], `${what}: character ${p.character} of line ${p.line} (${lengths[p.line]} long)`);
  }
  assert.ok(range.start.line < range.end.line || (range.start.line === range.end.line && range.start.character <= range.end.character), `${what}: start after end`);
}

/** Every diagnostic of the analysis lies inside its file's text. */
function assertRangesInside(analysis, files) {
  for (const f of files) {
    const lengths = lspLineLengths(f.text);
    for (const d of analysis.diagnostics.get(f.uri) ?? []) assertInside(lengths, d.range, `${d.code}`);
  }
}

// The certain fixes that delete a line (a duplicate rule, an -e 2 after -e 2); every other certain fix
// keeps each line's words (tabs, the CR of CRLF, a BOM, line endings) or moves them (an inline comment to
// its own line, -e 2 to the end).
const DELETES = ['Delete this duplicate line', 'Delete this -e 2: an earlier -e 2 already made the configuration immutable'];
const BOM_TITLE = 'Remove the byte order mark (BOM)';

/**
 * A file's lines as comparable pieces: each line as its words joined by one space (blank lines, which
 * no load reads, left out), the BOM dropped where its fix was made, a line with an inline comment as two
 * pieces, the comment first (where the fix puts it). A CR that ends a piece counts as line-ending
 * material: the CR of a CRLF (which the CRLF fix removes), or a lone CR that a newline added after it
 * (the final newline's fix) or a moved comment leaves at a line's end, which augenrules strips alike.
 * `moves`: a comment, or a line that sets -e, which a fix may move to the end of the file.
 */
function pieces(text, fixes) {
  const body = fixes.includes(BOM_TITLE) ? text.replace(/^\uFEFF/, '') : text;
  return body.split('\n').flatMap((l) => {
    const words = l.replace(/\r+$/, '').split(/[ \t]+/).filter((w) => w !== '');
    const sets = words.some((w) => w.startsWith('-e'));
    // auditctl reads a line up to a NUL (fgets, then C strings): a word after one is never an inline comment.
    const nul = words.findIndex((w) => w.includes('\0'));
    const at = words[0]?.startsWith('#') ? -1 : words.findIndex((w, i) => w.startsWith('#') && (nul < 0 || i <= nul));
    const parts = at > 0 ? [words.slice(at), words.slice(0, at)] : [words];
    // A comment goes with its -e line, or on its own line above where it was.
    return parts.map((p) => ({ text: p.join(' ').replace(/\r+$/, ''), moves: sets || p[0]?.startsWith('#') === true }));
  }).filter((p) => p.text !== '');
}

/** The fixed file is the original but for what the fixes it names do, and the CIS lines it added. */
function assertOnlyNamedChanges(before, after) {
  const fixes = after.fixes;
  const was = pieces(before, fixes);
  let now = pieces(after.text, fixes);
  if (after.added.length > 0) {
    const block = pieces(after.added.join('\n'), []);
    const at = now.findIndex((_, i) => block.every((b, k) => now[i + k]?.text === b.text));
    assert.ok(at >= 0, `the added CIS lines are in the file as one block: ${JSON.stringify(after.added)}`);
    now = [...now.slice(0, at), ...now.slice(at + block.length)];
  }
  const deleted = was.length - now.length;
  const named = fixes.filter((t) => DELETES.includes(t)).length;
  assert.equal(deleted, named, `${deleted} lines gone, ${named} deletions named (${JSON.stringify(fixes)})`);
  // What stays keeps its order; -e lines and comments may move, so they are compared as a multiset.
  const kept = now.filter((p) => !p.moves).map((p) => p.text);
  let k = 0;
  for (const p of was.filter((x) => !x.moves)) if (k < kept.length && kept[k] === p.text) k++;
  assert.equal(k, kept.length, `every line is one of the original's, in its order: ${JSON.stringify(kept[k])} is not`);
  const wasMoving = was.filter((p) => p.moves).map((p) => p.text);
  const moved = now.filter((p) => p.moves).map((p) => p.text);
  assert.ok(moved.every((p) => wasMoving.includes(p)), `-e lines and comments are the original's: ${JSON.stringify(moved)}`);
}

export const coreProperty = fc.property(ruleSet, cisVersion, (input, version) => {
  const files = ruleFiles(input);
  const req = { files, merged: input.merged, settings: settings(version) };
  assertRangesInside(core.analyze(req), files);

  // Fix all, as --fix runs it on every file of the set.
  const once = core.fixAll(req);
  assert.equal(once.unsettled, undefined, 'fix all settles');
  once.files.forEach((fixed, i) => {
    assertOnlyNamedChanges(files[i].text, fixed);
    // Fix on save: the editor's edits make the text --fix writes, and lie inside the document.
    const edits = core.lineEdits(core.splitLines(files[i].text), fixed.text);
    const lengths = lspLineLengths(files[i].text);
    for (const e of edits) assertInside(lengths, e.range, 'a fix-all edit');
    assert.equal(TextDocument.applyEdits(TextDocument.create(fixed.uri, 'auditd', 1, files[i].text), edits), fixed.text, 'fix on save makes the text --fix writes');
  });
  const fixedFiles = once.files.map(({ uri, text }) => ({ uri, text }));
  assertRangesInside(once.analysis, fixedFiles);
  const twice = core.fixAll({ ...req, files: fixedFiles });
  assert.deepEqual(twice.files.map((f) => [f.text, f.fixes, f.added]), once.files.map((f) => [f.text, [], []]), 'a second fix all changes nothing');
  // Both runs analysed the fixed files, each from scratch: the same answer twice.
  assert.equal(JSON.stringify([...twice.analysis.diagnostics]), JSON.stringify([...once.analysis.diagnostics]), 'the same answer twice');
  // The analysis of the fixed files (the second run's, which found nothing to do).
  const after = twice.analysis;
  if (after.cis) assert.ok(core.missingLines(after).length === 0 || after.cis.insertLine === undefined, `CIS rules still missing where they would load: ${core.missingLines(after).join('; ')}`);
});
