// What the VS Code client's live views read: auditd.server.listing (what `auditctl -l` would print) and
// auditd/analysisChanged, which tells a client that asked for it when to fetch a view again.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { ExecuteCommandRequest } from 'vscode-languageserver-protocol/node';
import { exampleText, makeRulesDir, PULL_CLIENT, removeRulesDirs, TestClient } from './harness.mjs';

const timeout = 20_000;
let viewer;
let plain;

before(async () => {
  viewer = await TestClient.start(PULL_CLIENT, { initializationOptions: { analysisChanged: true } });
  plain = await TestClient.start(PULL_CLIENT);
});

after(() => {
  viewer.kill();
  plain.kill();
  removeRulesDirs();
});

const listing = (client, uri) => client.request(ExecuteCommandRequest.type, { command: 'auditd.server.listing', arguments: [uri] });

test('auditd.server.listing: what auditctl -l prints for the whole rules.d set, in the kernel\'s order', { timeout }, async () => {
  const set = makeRulesDir();
  const uri = set.uri('30-docker.rules');
  await viewer.open(uri, exampleText('30-docker.rules'));
  const { text, stop } = await listing(viewer, uri);
  assert.equal(stop, undefined);
  const lines = text.split('\n');
  // The example's first docker watch and 50-identity's arch pair (the files are merged in augenrules' order).
  assert.ok(lines.includes('-w /usr/bin/dockerd -p rwxa -k docker'), text);
  assert.ok(lines.includes('-a always,exit -F arch=b64 -S sethostname,setdomainname -F key=system-locale'), text);
  // The unsaved text counts: a watch typed in the editor is listed at the end of the exit list.
  await viewer.change(uri, `${exampleText('30-docker.rules')}-w /etc/typed -p wa -k typed\n`);
  assert.ok((await listing(viewer, uri)).text.includes('-w /etc/typed -p wa -k typed\n'));
});

test('auditd.server.listing says where the load stops, and lists No rules for an empty kernel', { timeout }, async () => {
  const set = makeRulesDir();
  const uri = set.uri('05-broken.rules');
  await viewer.open(uri, '-D\n-w /etc/passwd -p wa -k x # comment\n');
  const { text, stop } = await listing(viewer, uri);
  assert.equal(text, 'No rules\n');
  assert.deepEqual(stop, { uri, line: 1 });
});

test('a client that asks is told when an analysis changes: on an edit, and for the other open files of the set', { timeout }, async () => {
  const set = makeRulesDir();
  const docker = set.uri('30-docker.rules');
  const identity = set.uri('50-identity.rules');
  await viewer.open(docker, exampleText('30-docker.rules'));
  await viewer.open(identity, exampleText('50-identity.rules'));
  const seen = viewer.analysisChanged.length;
  await viewer.change(identity, `${exampleText('50-identity.rules')}-w /etc/sudoers -p wa -k scope\n`);
  const uris = await viewer.until(() => viewer.analysisChanged.slice(seen).find((u) => u.includes(identity)));
  assert.ok(uris.includes(docker), `both files of the set: ${uris}`);
  // A settings change concerns every open document.
  const before = viewer.analysisChanged.length;
  await viewer.configure({ auditd: { cis: { host: 'rhel' } } });
  await viewer.until(() => (viewer.analysisChanged.slice(before).some((u) => u.includes(docker) && u.includes(identity)) ? true : undefined));
});

test('a client that does not ask gets no such notification', { timeout }, async () => {
  const set = makeRulesDir();
  const uri = set.uri('30-docker.rules');
  await plain.open(uri, exampleText('30-docker.rules'));
  await plain.change(uri, `${exampleText('30-docker.rules')}-w /etc/x -k x\n`);
  // A request answered after the edit: the server has handled the edit by then.
  await listing(plain, uri);
  assert.deepEqual(plain.analysisChanged, []);
});
