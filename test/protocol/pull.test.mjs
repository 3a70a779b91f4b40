// The server as VS Code sees it: pull diagnostics (textDocument/diagnostic), workspace/configuration
// per document, workspace/diagnostic/refresh when something the client cannot see changed.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { FileChangeType } from 'vscode-languageserver-protocol/node';
import { codes, CONTAINERD_FIX, CONTAINERD_RULE, core, exampleText, hasCode, isAddable, isCis, isCisMissing, makeRulesDir, PULL_CLIENT, removeRulesDirs, TestClient, writeLoneRules } from './harness.mjs';

const timeout = 20_000;

let client;

before(async () => {
  client = await TestClient.start(PULL_CLIENT);
});
after(() => {
  client.kill();
  removeRulesDirs();
});

/**
 * New settings, as VS Code announces them: a bare didChangeConfiguration; the server asks for them
 * again and, when documents are open, has the client pull again.
 */
async function configure(settings) {
  client.settings = settings;
  const refreshed = client.documents.size > 0 ? client.nextRefresh() : undefined;
  await client.configure(null);
  await refreshed;
}

test('announces pull diagnostics across files and the fix-all kind, and registers its watchers', { timeout }, async () => {
  const { capabilities } = client.initializeResult;
  assert.equal(capabilities.diagnosticProvider.interFileDependencies, true);
  assert.ok(capabilities.codeActionProvider.codeActionKinds.includes('source.fixAll.auditd'));
  const watch = await client.registration('workspace/didChangeWatchedFiles');
  assert.deepEqual(watch.registerOptions.watchers.map((w) => w.globPattern), ['**/*.rules']);
  const settings = await client.registration('workspace/didChangeConfiguration');
  assert.equal(settings.registerOptions.section, 'auditd');
});

test('a rules.d file without /run/containerd gets CIS §1.1.4, and its quick fix clears it', { timeout }, async () => {
  const set = makeRulesDir();
  const uri = set.uri('30-docker.rules');
  await client.open(uri, exampleText('30-docker.rules'));
  const found = await client.pull(uri);
  const missing = found.find((d) => d.code === 'cis-docker-1.1.4');
  assert.ok(missing, `no cis-docker-1.1.4 among ${codes(found)}`);
  assert.match(missing.message, /\/run\/containerd/);
  assert.ok(client.configurationRequests.some((item) => item.scopeUri === uri && item.section === 'auditd'), 'settings are asked for the document');

  const actions = await client.codeActions(uri, missing.range, [missing]);
  const fix = actions.find((a) => a.title === CONTAINERD_FIX);
  assert.ok(fix, `no "${CONTAINERD_FIX}" among ${actions.map((a) => a.title)}`);
  assert.equal(fix.kind, 'quickfix');
  const before = client.text(uri).split('\n');
  await client.apply(fix.edit);
  const lines = client.text(uri).split('\n');
  assert.deepEqual(lines.filter((l) => l !== CONTAINERD_RULE), before, 'the fix only adds lines');
  assert.equal(lines.filter((l) => l === CONTAINERD_RULE).length, 1);

  const fixed = await client.pull(uri);
  assert.ok(!hasCode('cis-docker-1.1.4')(fixed), `still ${codes(fixed)}`);
  assert.ok(fixed.some(isCisMissing), 'the other missing controls are still reported');
});

test('source.fixAll.auditd adds every missing rule', { timeout }, async () => {
  const set = makeRulesDir();
  const uri = set.uri('30-docker.rules');
  await client.open(uri, exampleText('30-docker.rules'));
  const missing = (await client.pull(uri)).filter(isCisMissing);
  assert.ok(missing.length > 1, `expected several missing controls, got ${codes(missing)}`);
  const start = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
  // source.fixAll is what VS Code asks for on save with "editor.codeActionsOnSave": {"source.fixAll": "explicit"}.
  for (const only of [['source.fixAll.auditd'], ['source.fixAll']]) {
    const actions = await client.codeActions(uri, start, [], only);
    assert.deepEqual(actions.map((a) => a.kind), ['source.fixAll.auditd'], `asked for ${only}`);
  }
  const [fixAll] = await client.codeActions(uri, start, [], ['source.fixAll.auditd']);
  await client.apply(fixAll.edit);
  const after = await client.pull(uri);
  assert.deepEqual(codes(after.filter(isAddable)), []);
});

test('source.fixAll.auditd on save is --fix: the tab, the inline comment, the duplicate and the early -e 2 too, in one action', { timeout }, async () => {
  const set = makeRulesDir();
  const text = '-D\n-e 2\n-w /usr/bin/dockerd -k docker\n-w\t/etc/docker -k docker\n-w /etc/docker -k docker\n-w /var/lib/docker -k docker # data\n';
  const uri = writeLoneRules(set, text);
  await client.open(uri, text);
  const start = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
  const actions = await client.codeActions(uri, start, [], ['source.fixAll']);
  assert.deepEqual(actions.map((a) => a.kind), ['source.fixAll.auditd']);
  await client.apply(actions[0].edit);
  // The CLI's --fix, through the same core, on the same text.
  const cli = core.fixAll({ files: [{ uri, text }], merged: false, settings: core.DEFAULT_SETTINGS });
  assert.equal(client.text(uri), cli.files[0].text);
  const lines = client.text(uri).split('\n');
  assert.ok(!client.text(uri).includes('\t'));
  assert.equal(lines.filter((l) => l === '-w /etc/docker -k docker').length, 1, 'the duplicate is gone');
  assert.deepEqual(lines.slice(lines.indexOf('# data'), lines.indexOf('# data') + 2), ['# data', '-w /var/lib/docker -k docker']);
  assert.deepEqual(lines.slice(-2), ['-e 2', '']);
  const after = await client.pull(uri);
  assert.deepEqual(codes(after.filter((d) => d.severity === 1 || isAddable(d))), [], 'no Error, no missing control a rule can meet');
  assert.deepEqual(await client.codeActions(uri, start, [], ['source.fixAll']), [], 'a second fix all has nothing to do');
  await client.close(uri);
});

test('the other files of the set count: from disk, or open with their unsaved text', { timeout }, async () => {
  const set = makeRulesDir();
  const uri = set.uri('30-docker.rules');
  await client.open(uri, exampleText('30-docker.rules'));
  assert.ok(hasCode('cis-docker-1.1.4')(await client.pull(uri)));

  // Another file of the directory, written on disk, holds the rule.
  const sibling = path.join(set.dir, '40-containerd.rules');
  fs.writeFileSync(sibling, `${CONTAINERD_RULE}\n`);
  let refreshed = client.nextRefresh();
  await client.filesChanged([{ uri: set.uri('40-containerd.rules'), type: FileChangeType.Created }]);
  await refreshed;
  assert.ok(!hasCode('cis-docker-1.1.4')(await client.pull(uri)), 'the rule on disk counts');

  // Opened and emptied without saving: its open text wins over the disk.
  await client.open(set.uri('40-containerd.rules'), '');
  assert.ok(hasCode('cis-docker-1.1.4')(await client.pull(uri)), 'the unsaved text counts, not the disk');

  // Closed without saving: back to what is on disk.
  refreshed = client.nextRefresh();
  await client.close(set.uri('40-containerd.rules'));
  await refreshed;
  assert.ok(!hasCode('cis-docker-1.1.4')(await client.pull(uri)), 'after closing, the disk counts again');
});

test('a file outside rules.d stands alone', { timeout }, async () => {
  const set = makeRulesDir();
  const uri = writeLoneRules(set, '-w /etc/passwd -p wa -k identity\n');
  await client.open(uri, '-w /etc/passwd -p wa -k identity\n');
  // rules.d/30-docker.rules audits /usr/bin/dockerd (CIS Docker 1.8.0 §1.1.3); audit.rules does not.
  assert.ok(hasCode('cis-docker-1.1.3')(await client.pull(uri)));
});

test('auditd.cis.version renumbers the controls, and "off" turns them off', { timeout }, async () => {
  const set = makeRulesDir();
  const uri = writeLoneRules(set, '-w /etc/passwd -p wa -k identity\n');
  await client.open(uri, '-w /etc/passwd -p wa -k identity\n');
  assert.ok(hasCode('cis-docker-1.1.3')(await client.pull(uri)));

  // In CIS Docker 1.2.0, /usr/bin/dockerd is §1.2.3.
  await configure({ cis: { version: '1.2.0' } });
  const renumbered = await client.pull(uri);
  assert.ok(hasCode('cis-docker-1.2.3')(renumbered), `got ${codes(renumbered)}`);
  assert.ok(!renumbered.some((d) => /^cis-docker-1\.1\./.test(d.code)), `got ${codes(renumbered)}`);

  await configure({ cis: { version: 'off' } });
  const off = await client.pull(uri);
  assert.deepEqual(codes(off.filter(isCis)), []);

  await configure({});
  assert.ok(hasCode('cis-docker-1.1.3')(await client.pull(uri)));
});

test('auditd.cis.applicability host: a conditional control counts only if its file exists on this machine', { timeout }, async () => {
  const set = makeRulesDir();
  const uri = writeLoneRules(set, '-w /etc/passwd -p wa -k identity\n');
  await client.open(uri, '-w /etc/passwd -p wa -k identity\n');
  await configure({ cis: { applicability: 'host' } });
  const found = await client.pull(uri);
  for (const control of core.cisVersion('1.8.0').controls) {
    const applies = !control.ifApplicable || core.controlPaths(control).some((p) => fs.existsSync(p));
    assert.equal(hasCode(`cis-docker-${control.id}`)(found), applies, `${control.id} ${control.path}`);
  }
  await configure({});
});

test('a setting value the server cannot use keeps its default, and says so in the log', { timeout }, async () => {
  const set = makeRulesDir();
  const uri = set.uri('30-docker.rules');
  await client.open(uri, exampleText('30-docker.rules'));
  await configure({ targetArch: 'arm64', cis: { version: '9.9.9' } });
  assert.ok(hasCode('cis-docker-1.1.4')(await client.pull(uri)), 'the default benchmark version still applies');
  await client.until(() => (client.logs.some((m) => m.includes('auditd.targetArch')) ? true : undefined));
  await client.until(() => (client.logs.some((m) => m.includes('auditd.cis.version')) ? true : undefined));
  await configure({});
});

test('auditd.run onSave: diagnostics follow the text as saved', { timeout }, async () => {
  const set = makeRulesDir();
  const uri = set.uri('30-docker.rules');
  await configure({ run: 'onSave' });
  await client.open(uri, exampleText('30-docker.rules'));
  assert.ok(hasCode('cis-docker-1.1.4')(await client.pull(uri)));

  const text = `${client.text(uri)}${CONTAINERD_RULE}\n`;
  await client.change(uri, text);
  assert.ok(hasCode('cis-docker-1.1.4')(await client.pull(uri)), 'unsaved typing does not change the diagnostics');

  fs.writeFileSync(path.join(set.dir, '30-docker.rules'), text);
  const refreshed = client.nextRefresh();
  await client.save(uri);
  await refreshed;
  assert.ok(!hasCode('cis-docker-1.1.4')(await client.pull(uri)), 'saving does');
  await configure({});
});

test('with no Docker rule file in rules.d, a quick fix creates rules.d/docker.rules', { timeout }, async () => {
  const set = makeRulesDir(['30-docker.rules']);
  const names = fs.readdirSync(set.dir);
  for (const name of names) await client.open(set.uri(name), fs.readFileSync(path.join(set.dir, name), 'utf8'));
  const pulled = await Promise.all(names.map(async (name) => ({ uri: set.uri(name), diagnostics: await client.pull(set.uri(name)) })));
  const fixFile = pulled.find((p) => p.diagnostics.some(isCisMissing));
  assert.ok(fixFile, 'some file of the set reports the missing controls');

  const missing = fixFile.diagnostics.find((d) => d.code === 'cis-docker-1.1.4');
  const actions = await client.codeActions(fixFile.uri, missing.range, [missing]);
  const create = actions.find((a) => a.title === 'Create rules.d/docker.rules with the missing rules');
  assert.ok(create, `no create action among ${actions.map((a) => a.title)}`);
  const target = set.uri('docker.rules');
  const [creation, insertion] = create.edit.documentChanges;
  assert.deepEqual({ kind: creation.kind, uri: creation.uri }, { kind: 'create', uri: target });
  assert.equal(insertion.textDocument.uri, target);

  // The editor creates the file; the watcher tells the server; nothing is missing any more.
  fs.writeFileSync(path.join(set.dir, 'docker.rules'), insertion.edits.map((e) => e.newText).join(''));
  const refreshed = client.nextRefresh();
  await client.filesChanged([{ uri: target, type: FileChangeType.Created }]);
  await refreshed;
  for (const name of names) assert.deepEqual(codes((await client.pull(set.uri(name))).filter(isCisMissing)), [], name);
});

test('shuts down cleanly on shutdown and exit', { timeout }, async () => {
  assert.equal(await client.shutdown(), 0);
});
