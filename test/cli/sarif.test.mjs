// SARIF that code scanning can use: valid against the SARIF 2.1.0 schema (OASIS errata01, kept as a fixture
// in test/fixtures/sarif so no test reaches the network), every rule documented, a link per CIS control,
// and the lines after a stop reported once, not once each.
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { test } from 'node:test';
import { catalogue, copyExamples, lint, lintJson, root, scratch } from './helpers.mjs';

const require = createRequire(import.meta.url);
const Ajv = require('ajv-draft-04');
const schema = JSON.parse(readFileSync(path.join(root, 'test/fixtures/sarif/sarif-schema-2.1.0.json'), 'utf8'));
const validate = new Ajv({ allErrors: true, strict: false }).compile(schema);
const cisDocs = readFileSync(path.join(root, 'docs/cis-docker.md'), 'utf8');
const core = require('../../dist/core.js');

function sarif(args, cwd) {
  const r = lint(['--format', 'sarif', ...args], cwd);
  assert.ok(r.status === 0 || r.status === 1, r.stderr);
  return JSON.parse(r.stdout);
}

function assertValid(log) {
  assert.ok(validate(log), JSON.stringify(validate.errors?.slice(0, 5), null, 2));
}

/** A rule, a refused line (a tab is no separator: "identity" is left without an option), then `after` rules that never load. */
function stoppedFile(t, after) {
  const lines = ['-w /etc/passwd -p wa -k identity', '-w /etc/group\t-k identity', ...Array.from({ length: after }, (_, i) => `-w /etc/audit/extra${i} -p wa -k identity`)];
  const file = path.join(scratch(t), 'audit.rules');
  writeFileSync(file, lines.join('\n') + '\n');
  return { file, stopLine: 2, firstNotLoaded: 3, lastNotLoaded: 2 + after };
}

test('the example rules.d, a refused file and every benchmark version give valid SARIF 2.1.0', (t) => {
  const dir = copyExamples(t);
  assertValid(sarif(['rules.d'], dir));
  assertValid(sarif([stoppedFile(t, 24).file]));
  for (const version of Object.keys(catalogue.versions)) assertValid(sarif(['--cis-version', version, 'rules.d'], dir));
});

test('a broken log fails the schema, so the check above has teeth', () => {
  const log = sarif(['examples/rules.d']);
  delete log.runs[0].results[0].message;
  assert.equal(validate(log), false);
});

test('every rule has a title, a description and help in Markdown with the fix', (t) => {
  const { file } = stoppedFile(t, 2);
  const rules = [sarif(['examples/rules.d']), sarif([file])].flatMap((log) => log.runs[0].tool.driver.rules);
  assert.ok(rules.some((r) => r.id.startsWith('auditctl-')) && rules.some((r) => r.id.startsWith('cis-docker-')));
  for (const r of rules) {
    assert.ok(r.shortDescription.text && r.shortDescription.text !== r.id, `${r.id}: a title`);
    assert.ok(r.fullDescription?.text, `${r.id}: a description`);
    assert.ok(r.help?.text && r.help?.markdown, `${r.id}: help`);
  }
  // The tab's refusal: auditctl's fix in the help, not only its complaint.
  const stray = rules.find((r) => r.id === 'auditctl-stray-word');
  assert.match(stray.help.markdown, /\*\*Fix\.\*\* Remove the stray word/);
  // A missing control: the benchmark's remediation, in a code block.
  const containerd = rules.find((r) => r.id === 'cis-docker-1.1.4');
  const remediation = catalogue.versions['1.8.0'].controls.find((c) => c.id === '1.1.4').remediation[0].replace('{key}', 'docker');
  assert.ok(containerd.help.markdown.includes(`\`\`\`\n${remediation}\n`), containerd.help.markdown);
});

test('each CIS control links to its own section of docs/cis-docker.md', () => {
  const rules = sarif(['examples/rules.d']).runs[0].tool.driver.rules.filter((r) => r.id.startsWith('cis-docker-'));
  assert.ok(rules.length > 1);
  const uris = rules.map((r) => r.helpUri);
  assert.equal(new Set(uris).size, uris.length, 'one link per control');
  for (const r of rules) {
    const control = catalogue.versions['1.8.0'].controls.find((c) => r.id === `cis-docker-${c.id}`);
    assert.ok(r.helpUri.endsWith(`/docs/cis-docker.md#${control.target}`), r.helpUri);
  }
});

test('docs/cis-docker.md has a section for every target, naming its control in every version', () => {
  for (const target of Object.keys(catalogue.targets)) {
    const start = cisDocs.indexOf(`\n## ${target}\n`);
    assert.ok(start >= 0, `no section ${target}`);
    const end = cisDocs.indexOf('\n## ', start + 1);
    const section = cisDocs.slice(start, end < 0 ? undefined : end);
    for (const [version, { controls }] of Object.entries(catalogue.versions)) {
      const control = controls.find((c) => c.target === target);
      if (control) assert.match(section, new RegExp(`\\| ${version.replace('ce-', 'CE ').replaceAll('.', '\\.')} \\| §${control.id.replaceAll('.', '\\.')} \\|`), `${target} in ${version}`);
    }
  }
});

test('the lines after a stop are one result per file in every format, not one per line', (t) => {
  const { file, stopLine, firstNotLoaded, lastNotLoaded } = stoppedFile(t, 24);
  const [run] = sarif(['--cis-version', 'off', file]).runs;
  const notLoaded = run.results.filter((r) => r.ruleId === 'not-loaded');
  assert.equal(notLoaded.length, 1);
  const { region } = notLoaded[0].locations[0].physicalLocation;
  assert.deepEqual([region.startLine, region.endLine], [firstNotLoaded, lastNotLoaded]);
  assert.match(notLoaded[0].message.text, new RegExp(`24 lines from line ${firstNotLoaded} to line ${lastNotLoaded} — auditctl stopped at line ${stopLine} of `));

  const json = Object.values(lintJson(['--cis-version', 'off', file]).byFile).flat().filter((d) => d.code === 'not-loaded');
  assert.deepEqual(json.map((d) => [d.line, d.endLine, d.message]), [[firstNotLoaded, lastNotLoaded, notLoaded[0].message.text]]);
  const text = lint(['--cis-version', 'off', file]).stdout.split('\n').filter((l) => l.includes('[not-loaded]'));
  assert.equal(text.length, 1);
  assert.ok(text[0].startsWith(`${file}:${firstNotLoaded}:1  hint  ${notLoaded[0].message.text}`), text[0]);
});

test('docs/cis-docker.md names every scanner check under its target', () => {
  // The data of server/src/core/scanners/data.ts, as the section of each target lists it.
  for (const scanner of core.SCANNERS) {
    for (const check of scanner.checks) {
      const start = cisDocs.indexOf(`\n## ${check.target}\n`);
      const end = cisDocs.indexOf('\n## ', start + 1);
      const section = cisDocs.slice(start, end < 0 ? undefined : end);
      assert.ok(section.includes(`| ${scanner.id} | ${check.id} |`), `${scanner.id} ${check.id} under ${check.target}`);
    }
  }
});
