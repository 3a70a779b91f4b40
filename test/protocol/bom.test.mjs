// A UTF-8 BOM the editor hides: VS Code sends the text without it, but auditctl reads the file on disk,
// so the server looks at the file's first bytes and reports the Error on line 1 itself.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { PULL_CLIENT, PUSH_CLIENT, TestClient } from './harness.mjs';

const timeout = 20_000;
const BOM = '\uFEFF';
const TEXT = '-w /etc/passwd -p wa -k identity\n-w /etc/shadow -p wa -k identity\n';
const isBom = (d) => d.code === 'bom';

let pull;
let push;
const dirs = [];

/** A lone rules file on disk (not in rules.d), with `content` as its bytes. */
function fileOnDisk(content) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'auditd-bom-'));
  dirs.push(dir);
  const file = path.join(dir, 'audit.rules');
  fs.writeFileSync(file, content);
  return { file, uri: pathToFileURL(file).href };
}

before(async () => {
  pull = await TestClient.start(PULL_CLIENT);
  push = await TestClient.start(PUSH_CLIENT);
  // Only the BOM matters here.
  pull.settings = { cis: { version: 'off' } };
  await push.configure({ auditd: { cis: { version: 'off' } } });
});
after(() => {
  pull.kill();
  push.kill();
  for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
});

test('a BOM on disk that the document does not show: an Error on line 1 that says how to save without it', { timeout }, async () => {
  const { uri } = fileOnDisk(BOM + TEXT);
  await pull.open(uri, TEXT);
  const diagnostics = await pull.pull(uri);
  const bom = diagnostics.filter(isBom);
  assert.equal(bom.length, 1, JSON.stringify(diagnostics));
  assert.equal(bom[0].severity, 1);
  // The first word of line 1, which auditctl reads with the BOM stuck to it.
  assert.deepEqual(bom[0].range, { start: { line: 0, character: 0 }, end: { line: 0, character: 2 } });
  assert.match(bom[0].message, /part of the first word of line 1/);
  assert.match(bom[0].message, /"UTF-8 with BOM".*"Save with Encoding".*"UTF-8"/);
  // Nothing in the document to edit away: the message says how instead.
  assert.deepEqual(await pull.codeActions(uri, bom[0].range, bom), []);
  await pull.close(uri);
});

test('no BOM on disk, or no file at all: no such Error', { timeout }, async () => {
  const { uri } = fileOnDisk(TEXT);
  await pull.open(uri, TEXT);
  assert.deepEqual((await pull.pull(uri)).filter(isBom), []);
  await pull.close(uri);
  const untitled = 'untitled:Untitled-1';
  await pull.open(untitled, TEXT);
  assert.deepEqual((await pull.pull(untitled)).filter(isBom), []);
  await pull.close(untitled);
});

test('saved without the BOM ("Save with Encoding", the text unchanged): the client is asked to pull again, and the Error is gone', { timeout }, async () => {
  const { file, uri } = fileOnDisk(BOM + TEXT);
  await pull.open(uri, TEXT);
  assert.equal((await pull.pull(uri)).filter(isBom).length, 1);
  fs.writeFileSync(file, TEXT);
  const refreshed = pull.nextRefresh();
  await pull.save(uri);
  await refreshed;
  assert.deepEqual((await pull.pull(uri)).filter(isBom), []);
  await pull.close(uri);
});

test('a client that sends the BOM in the text gets the core\'s Error once, with the fix that removes it', { timeout }, async () => {
  const { uri } = fileOnDisk(BOM + TEXT);
  await pull.open(uri, BOM + TEXT);
  const bom = (await pull.pull(uri)).filter(isBom);
  assert.equal(bom.length, 1);
  const actions = await pull.codeActions(uri, bom[0].range, bom);
  const fix = actions.find((a) => a.title === 'Remove the byte order mark (BOM)');
  assert.ok(fix, JSON.stringify(actions.map((a) => a.title)));
  await pull.apply(fix.edit);
  assert.equal(pull.text(uri), TEXT);
  await pull.close(uri);
});

test('pushed too, and published again when a save puts the BOM back on disk', { timeout }, async () => {
  const { file, uri } = fileOnDisk(BOM + TEXT);
  await push.open(uri, TEXT);
  await push.published(uri, (d) => d.some(isBom));
  fs.writeFileSync(file, TEXT);
  await push.save(uri);
  await push.published(uri, (d) => !d.some(isBom));
  fs.writeFileSync(file, BOM + TEXT);
  await push.save(uri);
  await push.published(uri, (d) => d.some(isBom));
});
