// The composite GitHub Action (action.yml), run here as a runner would: its `run:` steps in order with
// bash -eo pipefail, the GITHUB_* variables set, and the ${{ }} expressions the action uses resolved from
// the inputs and the steps' outputs. The `uses:` steps are GitHub's own (setup-node, upload-sarif); for
// those the test checks what they are given.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { parse } from 'yaml';
import { root, scratch } from './helpers.mjs';

const action = parse(readFileSync(path.join(root, 'action.yml'), 'utf8'));

/** `${{ inputs.x }}`, `${{ steps.id.outputs.x }}`, `${{ inputs.x == 'v' }}`: the forms action.yml uses. */
function evaluate(value, context) {
  return String(value).replace(/\$\{\{\s*(.+?)\s*\}\}/g, (_, expr) => {
    const comparison = /^(\S+) == '([^']*)'$/.exec(expr);
    if (comparison) return String(lookup(comparison[1], context) === comparison[2]);
    return lookup(expr, context);
  });
}

function lookup(name, { inputs, steps }) {
  const input = /^inputs\.([\w-]+)$/.exec(name);
  if (input) return inputs[input[1]] ?? action.inputs[input[1]]?.default ?? '';
  const output = /^steps\.([\w-]+)\.outputs\.([\w-]+)$/.exec(name);
  if (output) return steps[output[1]]?.[output[2]] ?? '';
  throw new Error(`action.yml uses an expression this test does not know: ${name}`);
}

/** `name=value` lines of a GITHUB_OUTPUT file. */
function readOutputs(file) {
  if (!existsSync(file)) return {};
  return Object.fromEntries(readFileSync(file, 'utf8').split('\n').filter(Boolean).map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]));
}

/** Runs the action in a copy of the examples as the workspace; returns the steps' runs and outputs. */
function runAction(t, inputs) {
  const workspace = scratch(t);
  cpSync(path.join(root, 'examples'), workspace, { recursive: true });
  const temp = path.join(workspace, '.runner-temp');
  mkdirSync(temp);
  const context = { inputs, steps: {} };
  const runs = [];
  for (const [i, step] of action.runs.steps.entries()) {
    if (step.if !== undefined && evaluate(step.if, context) !== 'true') continue;
    if (step.uses) {
      runs.push({ uses: step.uses, with: Object.fromEntries(Object.entries(step.with ?? {}).map(([k, v]) => [k, evaluate(v, context)])) });
      continue;
    }
    assert.equal(step.shell, 'bash', 'composite run steps name their shell');
    const outputFile = path.join(temp, `output-${i}`);
    const script = path.join(temp, `step-${i}.sh`);
    writeFileSync(script, step.run);
    const env = {
      ...process.env,
      ...Object.fromEntries(Object.entries(step.env ?? {}).map(([k, v]) => [k, evaluate(v, context)])),
      GITHUB_ACTION_PATH: root,
      GITHUB_WORKSPACE: workspace,
      GITHUB_OUTPUT: outputFile,
      RUNNER_TEMP: temp,
      CI: 'true',
    };
    // How a runner starts a composite step's `shell: bash`.
    const r = spawnSync('bash', ['--noprofile', '--norc', '-eo', 'pipefail', script], { cwd: workspace, env, encoding: 'utf8' });
    if (step.id) context.steps[step.id] = readOutputs(outputFile);
    runs.push({ name: step.name, status: r.status, stdout: r.stdout, stderr: r.stderr });
    if (r.status !== 0) break;
  }
  return { workspace, runs, outputs: context.steps };
}

test('the action lints the paths, writes SARIF for the upload step, and fails on the missing CIS controls', (t) => {
  const { workspace, runs, outputs } = runAction(t, { paths: 'rules.d' });
  const [setup, lint, upload, verdict] = runs;
  assert.equal(setup.uses, 'actions/setup-node@v4');
  assert.equal(lint.status, 0, lint.stderr);
  // The log shows the text report; the SARIF log goes to the upload step.
  assert.match(lint.stdout, /rules\.d\/30-docker\.rules:\d+:\d+ {2}warning {2}No audit rule for \/run\/containerd/);
  assert.deepEqual(outputs.lint, { 'sarif-file': 'auditd-lint.sarif', 'exit-code': '1' });
  assert.equal(upload.uses, 'github/codeql-action/upload-sarif@v3');
  assert.equal(upload.with.sarif_file, 'auditd-lint.sarif');
  const sarif = JSON.parse(readFileSync(path.join(workspace, upload.with.sarif_file), 'utf8'));
  assert.ok(sarif.runs[0].results.some((r) => r.ruleId === 'cis-docker-1.1.4'));
  assert.equal(verdict.status, 1);
  assert.match(verdict.stdout, /::error::auditd-lint found problems at or above warning/);
});

test('the inputs reach auditd-lint: fail-on error passes, cis-version names the controls, scanners and host judge them, no upload when asked', (t) => {
  const { runs, outputs } = runAction(t, { paths: 'rules.d\nrules.d/30-docker.rules', 'fail-on': 'error', 'cis-version': '1.2.0', scanners: 'datadog', host: 'rhel', format: 'json', 'upload-sarif': 'false' });
  assert.equal(outputs.lint['exit-code'], '0');
  const lint = runs.find((r) => r.name === 'Lint the audit rules');
  const report = JSON.parse(lint.stdout);
  // CIS Docker 1.2.0 numbers /var/lib/docker 1.2.4 (1.1.5 from 1.3.1 on), as Datadog's rules do.
  assert.ok(report.flatMap((f) => f.diagnostics).some((d) => d.code === 'cis-docker-1.2.4'), lint.stdout);
  // Datadog's 1.2.8 path /etc/default/docker is not on a RHEL docker-ce host: an error no rule changes.
  assert.ok(report.flatMap((f) => f.diagnostics).some((d) => d.code === 'datadog-cis-docker-1.2.8'), lint.stdout);
  assert.ok(!runs.some((r) => r.uses?.includes('upload-sarif')));
  assert.equal(runs.at(-1).status, 0);
});

test('a usage error stops the action at the lint step with auditd-lint\'s reason', (t) => {
  const { runs } = runAction(t, { paths: 'no-such-dir' });
  const lint = runs.at(-1);
  assert.equal(lint.name, 'Lint the audit rules');
  assert.equal(lint.status, 2);
  assert.match(lint.stderr, /auditd-lint: no-such-dir/);
});
