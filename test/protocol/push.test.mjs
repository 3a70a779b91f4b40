// The server as a client without pull diagnostics sees it (Neovim 0.7, for one): diagnostics come
// as textDocument/publishDiagnostics, and this client cannot be asked for settings, so they come
// with workspace/didChangeConfiguration.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { FileChangeType } from 'vscode-languageserver-protocol/node';
import { codes, CONTAINERD_FIX, CONTAINERD_RULE, exampleText, hasCode, isAddable, isCis, isCisMissing, makeRulesDir, PUSH_CLIENT, removeRulesDirs, TestClient, writeLoneRules } from './harness.mjs';

const not = (accept) => (diagnostics) => !accept(diagnostics);
const timeout = 20_000;

let client;

before(async () => {
  client = await TestClient.start(PUSH_CLIENT);
});
after(() => {
  client.kill();
  removeRulesDirs();
});

test('offers no pull diagnostics to a client without them', { timeout }, () => {
  assert.equal(client.initializeResult.capabilities.diagnosticProvider, undefined);
});

test('publishes CIS §1.1.4 for a rules.d file, and again without it after its quick fix', { timeout }, async () => {
  const set = makeRulesDir();
  const uri = set.uri('30-docker.rules');
  await client.open(uri, exampleText('30-docker.rules'));
  const published = await client.published(uri, hasCode('cis-docker-1.1.4'));
  const missing = published.find((d) => d.code === 'cis-docker-1.1.4');

  const actions = await client.codeActions(uri, missing.range, [missing]);
  const fix = actions.find((a) => a.title === CONTAINERD_FIX);
  assert.ok(fix, `no "${CONTAINERD_FIX}" among ${actions.map((a) => a.title)}`);
  await client.apply(fix.edit);
  assert.ok(client.text(uri).split('\n').includes(CONTAINERD_RULE));
  const fixed = await client.published(uri, not(hasCode('cis-docker-1.1.4')));
  assert.ok(fixed.some(isCisMissing), 'the other missing controls are still reported');
});

test('source.fixAll.auditd leaves no missing control', { timeout }, async () => {
  const set = makeRulesDir();
  const uri = set.uri('30-docker.rules');
  await client.open(uri, exampleText('30-docker.rules'));
  await client.published(uri, (d) => d.some(isCisMissing));
  const start = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
  const [fixAll, ...others] = await client.codeActions(uri, start, [], ['source.fixAll.auditd']);
  assert.deepEqual(others, []);
  await client.apply(fixAll.edit);
  await client.published(uri, (d) => !d.some(isAddable));
});

test('opening, editing and closing one file of a set republishes the others', { timeout }, async () => {
  const set = makeRulesDir();
  const uri = set.uri('30-docker.rules');
  const sibling = set.uri('40-containerd.rules'); // not on disk: a file being written
  await client.open(uri, exampleText('30-docker.rules'));
  await client.published(uri, hasCode('cis-docker-1.1.4'));

  await client.open(sibling, `${CONTAINERD_RULE}\n`);
  await client.published(uri, not(hasCode('cis-docker-1.1.4')));
  // The set's last file with Docker rules is where missing rules go, so their diagnostics move there.
  await client.published(sibling, (d) => d.some(isCisMissing));

  await client.change(sibling, '');
  await client.published(uri, hasCode('cis-docker-1.1.4'));
  await client.change(sibling, `${CONTAINERD_RULE}\n`);
  await client.published(uri, not(hasCode('cis-docker-1.1.4')));

  await client.close(sibling);
  await client.published(sibling, (d) => d.length === 0);
  await client.published(uri, hasCode('cis-docker-1.1.4'));
});

test('a rules.d file changed on disk republishes the open files of that directory', { timeout }, async () => {
  const set = makeRulesDir();
  const uri = set.uri('30-docker.rules');
  await client.open(uri, exampleText('30-docker.rules'));
  await client.published(uri, hasCode('cis-docker-1.1.4'));
  fs.writeFileSync(path.join(set.dir, '40-containerd.rules'), `${CONTAINERD_RULE}\n`);
  await client.filesChanged([{ uri: set.uri('40-containerd.rules'), type: FileChangeType.Created }]);
  await client.published(uri, not(hasCode('cis-docker-1.1.4')));
});

test('settings sent with didChangeConfiguration: 1.2.0 numbering, then "off"', { timeout }, async () => {
  const set = makeRulesDir();
  const uri = writeLoneRules(set, '-w /etc/passwd -p wa -k identity\n');
  await client.open(uri, '-w /etc/passwd -p wa -k identity\n');
  // CIS Docker 1.8.0 §1.1.3 is /usr/bin/dockerd; in 1.2.0 it is §1.2.3.
  await client.published(uri, hasCode('cis-docker-1.1.3'));

  await client.configure({ auditd: { cis: { version: '1.2.0' } } });
  const renumbered = await client.published(uri, hasCode('cis-docker-1.2.3'));
  assert.ok(!renumbered.some((d) => /^cis-docker-1\.1\./.test(d.code)), `got ${codes(renumbered)}`);

  await client.configure({ auditd: { cis: { version: 'off' } } });
  await client.published(uri, (d) => !d.some(isCis));

  await client.configure({ auditd: {} });
  await client.published(uri, hasCode('cis-docker-1.1.3'));
  assert.deepEqual(client.configurationRequests, [], 'a client without workspace/configuration is never asked');
});

test('auditd.run onSave: a save publishes what was typed', { timeout }, async () => {
  const set = makeRulesDir();
  const uri = set.uri('30-docker.rules');
  await client.configure({ auditd: { run: 'onSave' } });
  await client.open(uri, exampleText('30-docker.rules'));
  await client.published(uri, hasCode('cis-docker-1.1.4'));
  const text = `${client.text(uri)}${CONTAINERD_RULE}\n`;
  await client.change(uri, text);
  fs.writeFileSync(path.join(set.dir, '30-docker.rules'), text);
  await client.save(uri);
  await client.published(uri, not(hasCode('cis-docker-1.1.4')));
  await client.configure({ auditd: {} });
});

test('no "create rules.d/docker.rules" action for a client that cannot create files', { timeout }, async () => {
  const set = makeRulesDir(['30-docker.rules']);
  const names = fs.readdirSync(set.dir);
  for (const name of names) await client.open(set.uri(name), fs.readFileSync(path.join(set.dir, name), 'utf8'));
  // The missing controls are reported on one file of the set, whichever the server picks for the fixes.
  const fixFile = await client.until(() => names.map((n) => set.uri(n)).find((u) => client.latest(u)?.some(isCisMissing)));
  const missing = client.latest(fixFile).find((d) => d.code === 'cis-docker-1.1.4');
  const titles = (await client.codeActions(fixFile, missing.range, [missing])).map((a) => a.title);
  assert.ok(titles.includes(CONTAINERD_FIX), `got ${titles}`);
  assert.ok(!titles.some((t) => t.startsWith('Create ')), `got ${titles}`);
});

test('shuts down cleanly on shutdown and exit', { timeout }, async () => {
  assert.equal(await client.shutdown(), 0);
});
