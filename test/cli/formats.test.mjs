// --format text|json|sarif: the same findings, 1-based positions, hints only in the machine formats.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { catalogue, copyExamples, lint, lintJson, scratch } from './helpers.mjs';

// auditctl splits a line on spaces only (strtok(buf, " ")): on line 3 the TAB and "-k" become part of the
// watched path, and "identity" is left as a word without an option, which auditctl refuses, and stops loading.
const BROKEN = ['# a watch per line', '-w /etc/passwd -p wa -k identity', '-w /etc/group\t-k identity', '-w /etc/shadow -p wa -k identity'];
const STRAY = 'identity';
const BROKEN_LINE = 3;

function brokenFile(t) {
  const file = path.join(scratch(t), 'audit.rules');
  writeFileSync(file, BROKEN.join('\n') + '\n');
  return file;
}

test('json: [{file, diagnostics}] with exactly the documented keys', () => {
  const r = lint(['--format', 'json', 'examples/rules.d']);
  const report = JSON.parse(r.stdout);
  assert.ok(Array.isArray(report));
  // A directory reports every file of the set, as paths under the directory as given.
  assert.deepEqual(report.map((f) => f.file).sort(), ['10-base-config.rules', '30-docker.rules', '50-identity.rules', '99-finalize.rules'].map((n) => `examples/rules.d/${n}`));
  const all = report.flatMap((f) => f.diagnostics);
  assert.ok(all.length > 0);
  for (const d of all) {
    assert.deepEqual(Object.keys(d).sort(), ['code', 'column', 'endColumn', 'endLine', 'line', 'message', 'severity']);
    assert.ok(['error', 'warning', 'information', 'hint'].includes(d.severity));
    assert.ok(d.line >= 1 && d.column >= 1 && d.endLine >= d.line);
  }
});

test('json: positions are 1-based: the refused line and the word auditctl rejects', (t) => {
  const { byFile, status } = lintJson(['--cis-version', 'off', brokenFile(t)]);
  assert.equal(status, 1);
  const [diagnostics] = Object.values(byFile);
  const errors = diagnostics.filter((d) => d.severity === 'error');
  assert.equal(errors.length, 1, JSON.stringify(diagnostics));
  const [e] = errors;
  assert.equal(e.line, BROKEN_LINE);
  // 1-based: the stray word's first column, and the column just after it.
  const start = BROKEN[BROKEN_LINE - 1].lastIndexOf(STRAY);
  assert.deepEqual([e.column, e.endColumn], [start + 1, start + STRAY.length + 1]);
  // The line after the stop does not load: a hint, kept in json.
  assert.ok(diagnostics.some((d) => d.severity === 'hint' && d.line === BROKEN_LINE + 1));
});

test('text: path:line:col  severity  message  [code], the line that does not load, a summary, no colour on a pipe', (t) => {
  const file = brokenFile(t);
  const r = lint(['--cis-version', 'off', file]);
  assert.equal(r.status, 1);
  const lines = r.stdout.trimEnd().split('\n');
  const finding = lines.find((l) => l.startsWith(`${file}:${BROKEN_LINE}:`));
  assert.match(finding, /^\S+:\d+:\d+ {2}error {2}.+ {2}\[[a-z0-9-]+\]$/);
  // The hint follows from the error: printed, as in json and sarif, but not counted as a problem.
  assert.match(lines.find((l) => l.startsWith(`${file}:${BROKEN_LINE + 1}:`)), / {2}hint {2}Not loaded: .+ {2}\[not-loaded\]$/);
  assert.equal(lines.at(-1), '1 problem (1 error, 0 warnings, 0 infos)');
  assert.doesNotMatch(r.stdout, /\x1b\[/);
});

test('text: the example shows what --fix would add, and where', () => {
  const r = lint(['examples/rules.d']);
  // The Docker rules live in 30-docker.rules; /run/containerd (§1.1.4) is missing, so its remediation goes there.
  const remediation = catalogue.versions['1.8.0'].controls.find((c) => c.id === '1.1.4').remediation[0].replace('{key}', 'docker');
  const preview = r.stdout.slice(r.stdout.indexOf('--fix would add'));
  assert.match(preview, /^--fix would add \d+ lines to examples\/rules\.d\/30-docker\.rules/);
  assert.ok(preview.includes(`\n  ${remediation}\n`), preview);
});

test('sarif: a SARIF 2.1.0 log with a rule per code and located results', (t) => {
  const dir = copyExamples(t);
  const r = lint(['--format', 'sarif', 'rules.d'], dir);
  assert.equal(r.status, 1, r.stderr);
  const log = JSON.parse(r.stdout);
  assert.equal(log.version, '2.1.0');
  const [run] = log.runs;
  assert.equal(run.tool.driver.name, 'auditd-lint');
  const ruleIds = run.tool.driver.rules.map((rule) => rule.id);
  assert.equal(new Set(ruleIds).size, ruleIds.length, 'one rule per code');
  assert.ok(run.results.length > 0);
  for (const result of run.results) {
    assert.ok(ruleIds.includes(result.ruleId));
    assert.ok(['error', 'warning', 'note'].includes(result.level));
    assert.ok(result.message.text.length > 0);
    const { artifactLocation, region } = result.locations[0].physicalLocation;
    // Relative to the working directory, as code scanning resolves it against the checkout.
    assert.match(artifactLocation.uri, /^rules\.d\/[0-9a-z-]+\.rules$/);
    assert.ok(region.startLine >= 1 && region.startColumn >= 1);
  }
  const missing = run.results.find((x) => x.ruleId === 'cis-docker-1.1.4');
  assert.equal(missing.level, 'warning');
});

test('sarif: information and hint findings are notes', (t) => {
  const r = lint(['--format', 'sarif', brokenFile(t)]);
  const { results } = JSON.parse(r.stdout).runs[0];
  const json = lintJson([brokenFile(t)]).byFile;
  const severities = Object.values(json).flat().map((d) => d.severity);
  assert.equal(results.filter((x) => x.level === 'note').length, severities.filter((s) => s === 'information' || s === 'hint').length);
  assert.equal(results.filter((x) => x.level === 'error').length, severities.filter((s) => s === 'error').length);
});
