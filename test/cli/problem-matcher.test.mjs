// The $auditd-lint problem matcher (package.json contributes.problemMatchers) against auditd-lint's real
// text output: every finding a task prints becomes one problem with the JSON report's file, position,
// severity, message and code; the hint about lines that do not load stays out of the Problems panel.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { copyExamples, lint, lintJson, root, scratch } from './helpers.mjs';

const manifest = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
const [matcher] = manifest.contributes.problemMatchers;
const { pattern } = matcher;
const regexp = new RegExp(pattern.regexp);

// VS Code reads a severity group as error, warning or info (Severity.fromValue); any other word would
// fall back to the matcher's default, which is error.
const VSCODE_SEVERITY = { error: 'error', warning: 'warning', information: 'info' };

function problems(stdout) {
  return stdout.split('\n').map((line) => regexp.exec(line)).filter(Boolean).map((m) => ({
    file: m[pattern.file], line: Number(m[pattern.line]), column: Number(m[pattern.column]),
    severity: m[pattern.severity], message: m[pattern.message], code: m[pattern.code],
  }));
}

/** The JSON report's findings as the matcher should see them: hints left out. */
function expected(args, cwd) {
  return Object.entries(lintJson(args, cwd).byFile).flatMap(([file, diagnostics]) => diagnostics
    .filter((d) => d.severity !== 'hint')
    .map((d) => ({ file, line: d.line, column: d.column, severity: VSCODE_SEVERITY[d.severity], message: d.message, code: d.code })));
}

test('the matcher is $auditd-lint, owned apart from the language server\'s diagnostics', () => {
  assert.equal(matcher.name, 'auditd-lint');
  assert.notEqual(matcher.owner, 'auditd');
  assert.deepEqual(matcher.fileLocation, ['autoDetect', '${workspaceFolder}']);
});

test('every finding of the example rules.d is one problem, as the JSON report has it', (t) => {
  const dir = copyExamples(t);
  const found = problems(lint(['rules.d'], dir).stdout);
  const want = expected(['rules.d'], dir);
  assert.ok(want.some((p) => p.severity === 'warning') && want.some((p) => p.severity === 'info'));
  assert.deepEqual(found, want);
});

test('errors, and a path with spaces and colons; the not-loaded hint is no problem', (t) => {
  const dir = path.join(scratch(t));
  const file = path.join(dir, 'my rules: old.rules');
  writeFileSync(file, '-w /etc/passwd -p wa -k identity\n-w /etc/group\t-k identity\n-w /etc/shadow -p wa -k identity\n-w /etc/gshadow -p wa\n');
  const { stdout } = lint([file]);
  assert.match(stdout, /\[not-loaded\]/);
  const found = problems(stdout);
  assert.deepEqual(found, expected([file]));
  assert.ok(found.some((p) => p.severity === 'error' && p.file === file));
  assert.ok(!found.some((p) => p.code === 'not-loaded'));
});

test('in a task\'s terminal the output is coloured, and the matcher reads it once the colour codes are removed, as VS Code does', (t) => {
  const dir = copyExamples(t);
  // script(1) runs the CLI on a pseudo-terminal, as a VS Code task does.
  const cli = path.join(root, 'dist', 'cli.js');
  const env = { ...process.env };
  delete env.NO_COLOR;
  const r = spawnSync('script', ['-qec', `${JSON.stringify(process.execPath)} ${JSON.stringify(cli)} rules.d`, '/dev/null'], { cwd: dir, encoding: 'utf8', env });
  assert.equal(r.status, 1, r.stderr);
  assert.match(r.stdout, /\x1b\[33mwarning\x1b\[39m/);
  const plain = r.stdout.replace(/\r/g, '').replace(/\x1b\[[0-9;]*m/g, '');
  assert.deepEqual(problems(plain), expected(['rules.d'], dir));
});
