// A workspace the user does not trust: rules.d siblings and workspace rule files that are not regular
// files (a named pipe, links to /dev/zero and to the server's own stdin), links that lead out of the
// workspace, and a file too large to be a rule file. The server reads none of them, keeps serving, and
// says which file it left out and why.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, test } from 'node:test';
import { WorkspaceSymbolRequest } from 'vscode-languageserver-protocol/node';
import { CONTAINERD_RULE, exampleText, makeRulesDir, PUSH_CLIENT, removeRulesDirs, TestClient } from './harness.mjs';

const timeout = 20_000;
const skippedNotes = (diagnostics) => diagnostics.filter((d) => d.code === 'skipped-file').map((d) => d.message);

function mkfifo(file) {
  const r = spawnSync('mkfifo', [file]);
  assert.equal(r.status, 0, `mkfifo ${file}: ${r.stderr}`);
}

let client;
let outside;

before(async () => {
  client = await TestClient.start(PUSH_CLIENT);
  outside = fs.mkdtempSync(path.join(os.tmpdir(), 'auditd-outside-'));
});
after(() => {
  client.kill();
  removeRulesDirs();
  fs.rmSync(outside, { recursive: true, force: true });
});

/** Opens the example's 30-docker.rules in `set` and waits for diagnostics that say `name` was left out. */
async function openAndAwaitSkipped(set, name) {
  const uri = set.uri('30-docker.rules');
  await client.open(uri, exampleText('30-docker.rules'));
  const diagnostics = await client.published(uri, (d) => skippedNotes(d).some((m) => m.startsWith(`${name} `)));
  await client.close(uri);
  return skippedNotes(diagnostics).find((m) => m.startsWith(`${name} `));
}

test('a rules.d sibling that is a named pipe is left out, and the server goes on serving', { timeout }, async () => {
  const set = makeRulesDir();
  mkfifo(path.join(set.dir, '20-pipe.rules'));
  assert.match(await openAndAwaitSkipped(set, '20-pipe.rules'), /a named pipe, not a regular file/);
});

test('a sibling linked to /dev/zero is not read', { timeout }, async () => {
  const set = makeRulesDir();
  fs.symlinkSync('/dev/zero', path.join(set.dir, '20-zero.rules'));
  assert.match(await openAndAwaitSkipped(set, '20-zero.rules'), /a link to \/dev\/zero, outside /);
});

test("a sibling linked to /proc/self/fd/0 (the server's own protocol input) is not read", { timeout }, async () => {
  const set = makeRulesDir();
  fs.symlinkSync('/proc/self/fd/0', path.join(set.dir, '20-stdin.rules'));
  assert.match(await openAndAwaitSkipped(set, '20-stdin.rules'), /a link to /);
});

test('a sibling larger than 4 MiB is left out with its size', { timeout }, async () => {
  const set = makeRulesDir();
  fs.writeFileSync(path.join(set.dir, '20-huge.rules'), '#'.repeat(5 * 1024 * 1024));
  assert.match(await openAndAwaitSkipped(set, '20-huge.rules'), /5 MiB, more than the 4 MiB a rule file may have/);
});

test("a sibling's link to a regular file in the same rules.d counts; one to a file outside does not", { timeout }, async () => {
  const set = makeRulesDir();
  // The benchmark's rule for /run/containerd (CIS Docker 1.8.0 §1.1.4), which the example lacks.
  fs.writeFileSync(path.join(set.dir, '.containerd.rules.real'), `${CONTAINERD_RULE}\n`);
  fs.symlinkSync('.containerd.rules.real', path.join(set.dir, '40-containerd.rules'));
  fs.writeFileSync(path.join(outside, 'secret.rules'), '-w /etc/shadow -p wa -k outside\n');
  fs.symlinkSync(path.join(outside, 'secret.rules'), path.join(set.dir, '45-outside.rules'));

  const uri = set.uri('30-docker.rules');
  await client.open(uri, exampleText('30-docker.rules'));
  const diagnostics = await client.published(uri, (d) => skippedNotes(d).length > 0);
  await client.close(uri);
  assert.deepEqual(skippedNotes(diagnostics).map((m) => m.split(' ')[0]), ['45-outside.rules']);
  assert.ok(!diagnostics.some((d) => d.code === 'cis-docker-1.1.4'), 'the linked file inside the directory meets §1.1.4');
});

test('workspace/symbol does not follow a link to a rule file outside the workspace folder', { timeout }, async () => {
  const workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'auditd-workspace-'));
  const symbolsClient = await TestClient.start(PUSH_CLIENT, { workspaceFolders: [{ uri: pathToFileURL(workspace).href, name: 'w' }] });
  try {
    const dir = path.join(workspace, 'etc/audit/rules.d');
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, '10-inside.rules'), '-w /etc/passwd -p wa -k probe\n');
    fs.symlinkSync('10-inside.rules', path.join(dir, '15-alias.rules'));
    fs.writeFileSync(path.join(outside, 'elsewhere.rules'), '-w /etc/shadow -p wa -k probe\n');
    fs.symlinkSync(path.join(outside, 'elsewhere.rules'), path.join(dir, '20-outside.rules'));
    mkfifo(path.join(dir, '30-pipe.rules'));

    const found = await symbolsClient.request(WorkspaceSymbolRequest.type, { query: 'probe' });
    assert.deepEqual(found.map((s) => `${path.basename(s.location.uri)} ${s.name}`).sort(), ['10-inside.rules -w /etc/passwd -k probe', '15-alias.rules -w /etc/passwd -k probe']);
    const log = await symbolsClient.until(() => (symbolsClient.logs.some((l) => l.includes('20-outside.rules')) ? symbolsClient.logs : undefined));
    assert.ok(log.some((l) => /20-outside\.rules was not read: a link to .*elsewhere\.rules, outside /.test(l)), log.join('\n'));
    assert.equal(await symbolsClient.shutdown(), 0);
  } finally {
    symbolsClient.kill();
    fs.rmSync(workspace, { recursive: true, force: true });
  }
});
