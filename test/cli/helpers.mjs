// Shared by the CLI tests: run the built auditd-lint, make scratch copies, read the benchmark catalogue,
// and the Docker rules --fix completes (fix-identity.test.mjs, fix-identity.root.mjs).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const cli = path.join(root, 'dist', 'cli.js');
export const examples = path.join(root, 'examples');
export const catalogue = JSON.parse(readFileSync(path.join(root, 'server', 'data', 'cis-docker.json'), 'utf8'));

/** Runs auditd-lint; NO_COLOR is cleared so that plain output is the CLI's own choice (stdout is a pipe). */
export function lint(args, cwd = root) {
  const env = { ...process.env };
  delete env.NO_COLOR;
  const r = spawnSync(process.execPath, [cli, ...args], { cwd, encoding: 'utf8', env });
  if (r.error) throw r.error;
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** The JSON report as { file: [diagnostic] }. */
export function lintJson(args, cwd = root) {
  const r = lint(['--format', 'json', ...args], cwd);
  return { ...r, byFile: Object.fromEntries(JSON.parse(r.stdout).map((f) => [f.file, f.diagnostics])) };
}

export function allCodes(byFile) {
  return Object.values(byFile).flat().map((d) => d.code);
}

/** A scratch directory removed when the test ends. */
export function scratch(t) {
  const dir = mkdtempSync(path.join(tmpdir(), 'auditd-lint-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** A copy of examples/ (holding rules.d/) in a scratch directory. */
export function copyExamples(t) {
  const dir = scratch(t);
  cpSync(examples, dir, { recursive: true });
  return dir;
}

export function controls(version) {
  return catalogue.versions[version].controls;
}

/** The benchmark's remediation for every control of a version, with the default key. */
export function fullRemediation(version = '1.8.0', key = 'docker') {
  return controls(version).flatMap((c) => c.remediation.map((l) => l.replace('{key}', key)));
}

/** Every path a control's file is known under (catalogue.ts controlPaths). */
export function controlPaths(control) {
  return [control.path, ...catalogue.targets[control.target].paths];
}

/** The example's Docker rules, which miss CIS controls: --fix adds their rules to a copy. */
export const DOCKER_RULES = path.join(examples, 'rules.d', '30-docker.rules');

/** A lone copy of DOCKER_RULES in `dir`. */
export function dockerRules(dir, name = 'docker.rules') {
  const file = path.join(dir, name);
  copyFileSync(DOCKER_RULES, file);
  return file;
}

/** The lines --fix appended to a copy of DOCKER_RULES (the original is a prefix of what is there now). */
export function added(file) {
  const original = readFileSync(DOCKER_RULES, 'utf8');
  const now = readFileSync(file, 'utf8');
  assert.ok(now.startsWith(original), 'the original text stays');
  return now.slice(original.length).split('\n').filter((l) => l !== '');
}

/** --fix added rules to the copy, every one of them the benchmark's. */
export function assertFixed(file) {
  const lines = added(file);
  assert.ok(lines.length > 0, 'rules were added');
  const remediation = fullRemediation('1.8.0');
  assert.ok(lines.every((l) => remediation.includes(l)), JSON.stringify(lines));
}
