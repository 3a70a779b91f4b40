// Every diagnostic the core gives has documentation (a title, a description, Markdown help with the fix):
// over the auditctl reference's cases, the example rules.d, and files made to meet the load's own checks.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { catalogue, core, lintSet, lintText, settings } from './helpers.mjs';

const cases = JSON.parse(readFileSync(new URL('../fixtures/auditctl/cases.json', import.meta.url), 'utf8')).cases;
const example = (name) => readFileSync(new URL(`../../examples/rules.d/${name}`, import.meta.url), 'utf8');

// What the reference's cases do not reach: file-level findings, the load's warnings, the stop.
const MORE = [
  '\uFEFF-w /etc/passwd -p wa -k identity\r\n-w /etc/group\t-p wa\r\n',
  '-e 2\n-w /etc/passwd -p wa\n',
  '-i\n-w /etc/passwd -p x -p wa\n-w relative\n',
  '--backlog_wait_time 70000\n--signal hup\n-w /etc/../passwd\n-w /etc/pass*\n',
  '-a always,exit -S openat -k x\n-a always,exit -F arch=b64 -F uid=nobody -S openat\n-a always,exclude -F path=/x\n',
  '-c\n-b 99999999999999999999999\n-S open\n-S open -w /etc/x\n-w /x -k a\x01b\n-l -k a -i x\n-s a b c\n-m a b\n-q /a\n',
  // The permissions do not fit after the path and 62 more fields ("Too many fields when adding permissions").
  `-a always,exit -F path=/x ${'-F uid=0 '.repeat(62)}-p wa\n`,
  // A repeat only where /srv/app is not a directory, which the loading host decides.
  '-w /srv/app -p wa\n-a always,exit -F path=/srv/app -F perm=wa\n',
];

function allCodes(analysis) {
  return [...analysis.diagnostics.values()].flat().map((d) => String(d.code));
}

test('every code over the reference cases and the example has a title, a description and Markdown help', () => {
  const seen = new Set();
  for (const c of cases) for (const code of allCodes(lintText(`${c.text}\n`))) seen.add(code);
  for (const text of MORE) for (const code of allCodes(lintText(text))) seen.add(code);
  const names = ['10-base-config.rules', '30-docker.rules', '50-identity.rules', '99-finalize.rules'];
  for (const version of Object.keys(catalogue.versions)) {
    for (const code of allCodes(lintSet(Object.fromEntries(names.map((n) => [n, example(n)])), { version }))) seen.add(`${version} ${code}`);
  }
  const table = readFileSync(new URL('../../server/data/diagnostics.tsv', import.meta.url), 'utf8').split('\n').filter((l) => l && !l.startsWith('#')).map((l) => l.split('\t')[0]);
  // Every entry of the table is a code the core really gives (none left behind by a rename).
  assert.deepEqual(table.filter((code) => !seen.has(code)), []);
  for (const entry of seen) {
    const [version, code] = entry.includes(' ') ? entry.split(' ') : ['1.8.0', entry];
    const help = core.diagnosticHelp(code, settings({ version }));
    assert.ok(help, `${code} (${version}) has no documentation`);
    assert.ok(help.title && help.description && help.markdown, code);
    assert.ok(help.fix, `${code}: no fix`);
  }
});

test('a code nobody gives has no documentation', () => {
  assert.equal(core.diagnosticHelp('auditctl-no-such-code', settings()), undefined);
  assert.equal(core.diagnosticHelp('cis-docker-9.9.9', settings()), undefined);
});
