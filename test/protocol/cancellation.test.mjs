// $/cancelRequest and edits while a request waits: a cancelled request ends with RequestCancelled
// (-32800) without its work, one whose document changed meanwhile with ContentModified (-32801), as
// LSP 3.17 defines them. The request is held deterministically: the server asks this client for the
// document's settings (workspace/configuration) and the client answers only after the cancel or the edit.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { frame, notification, RawClient, request } from './rawClient.mjs';

const timeout = 20_000;
const REQUEST_CANCELLED = -32800;
const CONTENT_MODIFIED = -32801;
const URI = 'file:///tmp/cancel/audit.rules';
const TEXT = '-w /etc/passwd -p wa -k identity\n';
const HOVER = { textDocument: { uri: URI }, position: { line: 0, character: 1 } };

/** A server that asks for settings, with URI open and its settings request held; returns that request. */
async function heldSettings() {
  const client = new RawClient();
  client.send(frame(request(0, 'initialize', { processId: null, rootUri: null, capabilities: { workspace: { configuration: true }, textDocument: { diagnostic: {} } } })));
  await client.response(0);
  client.send(frame(notification('initialized', {})));
  client.send(frame(notification('textDocument/didOpen', { textDocument: { uri: URI, languageId: 'auditd', version: 1, text: TEXT } })));
  const asked = await client.until((m) => m.method === 'workspace/configuration');
  return { client, asked };
}

const answer = (asked) => frame({ jsonrpc: '2.0', id: asked.id, result: asked.params.items.map(() => null) });

test('a hover cancelled while it waits ends with RequestCancelled; the next is answered', { timeout }, async () => {
  const { client, asked } = await heldSettings();
  try {
    client.send(frame(request('hover', 'textDocument/hover', HOVER)));
    client.send(frame(notification('$/cancelRequest', { id: 'hover' })));
    client.send(answer(asked));
    assert.equal((await client.response('hover')).error?.code, REQUEST_CANCELLED);
    client.send(frame(request('again', 'textDocument/hover', HOVER)));
    const again = await client.response('again');
    assert.match(again.result.contents.value, /-w/);
  } finally {
    client.kill();
  }
});

test('a hover whose document changed while it waited ends with ContentModified', { timeout }, async () => {
  const { client, asked } = await heldSettings();
  try {
    client.send(frame(request('hover', 'textDocument/hover', HOVER)));
    client.send(frame(notification('textDocument/didChange', { textDocument: { uri: URI, version: 2 }, contentChanges: [{ text: `# moved\n${TEXT}` }] })));
    client.send(answer(asked));
    assert.equal((await client.response('hover')).error?.code, CONTENT_MODIFIED);
  } finally {
    client.kill();
  }
});

test('pulled diagnostics cancelled while they wait end with RequestCancelled', { timeout }, async () => {
  const { client, asked } = await heldSettings();
  try {
    client.send(frame(request('pull', 'textDocument/diagnostic', { textDocument: { uri: URI } })));
    client.send(frame(notification('$/cancelRequest', { id: 'pull' })));
    client.send(answer(asked));
    assert.equal((await client.response('pull')).error?.code, REQUEST_CANCELLED);
  } finally {
    client.kill();
  }
});
