// The TextMate grammar (syntaxes/auditd.tmLanguage.json):
//  - the scope assertions in test/grammar/*.rules, run by the vscode-tmgrammar-test CLI;
//  - docs/grammar-scopes.md names every scope the grammar can produce.
// (Over the real-world corpus, test/corpus/grammar.corpus.mjs: `npm run test:corpus`.)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const grammarPath = path.join(root, 'syntaxes', 'auditd.tmLanguage.json');

const require = createRequire(import.meta.url);
const tmgrammarTestPkg = require.resolve('vscode-tmgrammar-test/package.json');

test('scope assertions in test/grammar/*.rules pass (vscode-tmgrammar-test)', () => {
  const bin = path.join(path.dirname(tmgrammarTestPkg), require(tmgrammarTestPkg).bin['vscode-tmgrammar-test']);
  const result = spawnSync(
    process.execPath,
    [bin, '--compact', '-g', 'syntaxes/auditd.tmLanguage.json', 'test/grammar/*.rules'],
    { cwd: root, encoding: 'utf8' },
  );
  assert.equal(result.error, undefined, String(result.error));
  assert.equal(result.status, 0, `vscode-tmgrammar-test failed:\n${result.stdout}\n${result.stderr}`);
  assert.match(result.stdout, /comments\.rules/, 'the fixtures were not found');
});

test('docs/grammar-scopes.md lists every scope the grammar produces', () => {
  const grammar = JSON.parse(readFileSync(grammarPath, 'utf8'));
  assert.equal(grammar.scopeName, 'source.auditd');
  const scopes = new Set();
  (function walk(node) {
    if (Array.isArray(node)) return node.forEach(walk);
    if (node && typeof node === 'object') {
      for (const [k, v] of Object.entries(node)) {
        if ((k === 'name' || k === 'contentName') && typeof v === 'string' && node !== grammar) v.split(/\s+/).forEach((s) => scopes.add(s));
        else walk(v);
      }
    }
  })(grammar);
  const docs = readFileSync(path.join(root, 'docs', 'grammar-scopes.md'), 'utf8');
  const undocumented = [...scopes].filter((s) => !docs.includes('`' + s + '`')).sort();
  assert.deepEqual(undocumented, []);
});
