// VS Code rewrites the line endings of an edit to the document's own, so a CRLF → LF quick fix would
// do nothing there: the server offers it only to clients that apply edits as they are.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { PULL_CLIENT, PUSH_CLIENT, TestClient } from './harness.mjs';

const timeout = 20_000;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'auditd-eol-'));
const clients = [];
after(() => {
  for (const c of clients) c.kill();
  fs.rmSync(dir, { recursive: true, force: true });
});

async function crlfActionTitles(capabilities) {
  const client = await TestClient.start(capabilities);
  clients.push(client);
  const file = path.join(dir, `audit-${clients.length}.rules`);
  const text = '-w /etc/passwd -p wa -k id\r\n-w /etc/group -p wa -k id\r\n';
  fs.writeFileSync(file, text);
  const uri = pathToFileURL(file).href;
  await client.open(uri, text);
  const diagnostics = capabilities === PULL_CLIENT ? await client.pull(uri) : await client.published(uri, (ds) => ds.some((d) => d.code === 'crlf'));
  const crlf = diagnostics.find((d) => d.code === 'crlf');
  assert.ok(crlf, 'a lone CRLF file gets the crlf warning');
  return (await client.codeActions(uri, crlf.range, [crlf])).map((a) => a.title);
}

test('a client that normalizes line endings (VS Code) is not offered the CRLF → LF fix', { timeout }, async () => {
  assert.ok(!(await crlfActionTitles(PULL_CLIENT)).includes('Convert the file to LF line endings'));
});

test('a client that applies edits as they are gets it', { timeout }, async () => {
  assert.ok((await crlfActionTitles(PUSH_CLIENT)).includes('Convert the file to LF line endings'));
});
