// The TextMate grammar (syntaxes/auditd.tmLanguage.json) over the real-world corpus (corpus.mjs): no
// line auditctl loads is marked invalid, and the lines that are real, visible errors are.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { corpusDir } from './corpus.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const grammarPath = path.join(root, 'syntaxes', 'auditd.tmLanguage.json');

// vscode-textmate and vscode-oniguruma are dependencies of vscode-tmgrammar-test: resolve them from there.
const requireFromTool = createRequire(createRequire(import.meta.url).resolve('vscode-tmgrammar-test/package.json'));

let grammarPromise;
function loadGrammar() {
  grammarPromise ??= (async () => {
    const tm = requireFromTool('vscode-textmate');
    const onig = requireFromTool('vscode-oniguruma');
    const wasm = readFileSync(path.join(path.dirname(requireFromTool.resolve('vscode-oniguruma')), 'onig.wasm'));
    await onig.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength));
    const registry = new tm.Registry({
      onigLib: Promise.resolve({
        createOnigScanner: (patterns) => new onig.OnigScanner(patterns),
        createOnigString: (s) => new onig.OnigString(s),
      }),
      loadGrammar: async (scopeName) =>
        scopeName === 'source.auditd' ? tm.parseRawGrammar(readFileSync(grammarPath, 'utf8'), grammarPath) : null,
    });
    const grammar = await registry.loadGrammar('source.auditd');
    return { grammar, INITIAL: tm.INITIAL };
  })();
  return grammarPromise;
}

/** Line numbers (1-based) of a file whose tokens carry an `invalid.*` scope, with the offending text. */
async function invalidLines(file) {
  const { grammar, INITIAL } = await loadGrammar();
  const text = readFileSync(file, 'utf8').replace(/^\uFEFF/, '');
  const found = new Map();
  let stack = INITIAL;
  text.split(/\r?\n/).forEach((line, i) => {
    const { tokens, ruleStack } = grammar.tokenizeLine(line, stack);
    stack = ruleStack;
    const bad = tokens.filter((t) => t.scopes.some((s) => s.startsWith('invalid.')));
    if (bad.length) {
      found.set(i + 1, bad.map((t) => `${JSON.stringify(line.slice(t.startIndex, t.endIndex))} ${t.scopes.at(-1)}`).join(', '));
    }
  });
  return found;
}

function rulesFiles(dir) {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && e.name.endsWith('.rules'))
    .map((e) => path.join(e.parentPath ?? e.path, e.name))
    .sort();
}

// Lines of the corpus that auditctl refuses for a reason visible in the line itself (corpus/README.md).
// Other documented errors (an unknown syscall name, a duplicate rule, a syscall missing on i386) are not lexical
// and are the linter's job, not the grammar's.
const KNOWN_ERRORS = { 'community/neo23x0-audit.rules': [487, 488, 718, 719] };
const NEGATIVE = 'community/negative/';

test('corpus: nothing auditctl loads is marked invalid, the visible errors are', async () => {
  const files = rulesFiles(corpusDir).filter((f) => !path.relative(corpusDir, f).startsWith(NEGATIVE));
  assert.ok(files.length > 10, `expected the corpus in ${corpusDir}`);
  const problems = [];
  for (const file of files) {
    const rel = path.relative(corpusDir, file).split(path.sep).join('/');
    const expected = KNOWN_ERRORS[rel] ?? [];
    const found = await invalidLines(file);
    for (const [line, what] of found) if (!expected.includes(line)) problems.push(`${rel}:${line}: marked invalid: ${what}`);
    for (const line of expected) if (!found.has(line)) problems.push(`${rel}:${line}: a real error is not marked invalid`);
  }
  assert.deepEqual(problems, []);
});

test('corpus: every rule line of the not-auditctl-syntax file is marked invalid', async () => {
  const files = rulesFiles(path.join(corpusDir, NEGATIVE));
  assert.ok(files.length > 0, `expected the corpus's negative examples in ${path.join(corpusDir, NEGATIVE)}`);
  for (const file of files) {
    const found = await invalidLines(file);
    const missed = readFileSync(file, 'utf8')
      .split(/\r?\n/)
      .map((text, i) => ({ n: i + 1, text }))
      .filter(({ n, text }) => text.trim() !== '' && !/^ *#/.test(text) && !found.has(n));
    assert.deepEqual(missed, [], path.basename(file));
  }
});
