// Params of the wrong type get Invalid Params (-32602) naming the field, in plain words: never a
// JavaScript exception's text or stack. A notification with wrong params is dropped, and the server
// goes on serving the document as it was.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { frame, notification, RawClient, request } from './rawClient.mjs';

const timeout = 20_000;
const INVALID_PARAMS = -32602;
const URI = 'file:///tmp/params/audit.rules';
const TEXT = '-w /etc/passwd -p wa -k identity\n';
const at = { line: 0, character: 1 };
const range = { start: at, end: at };
/** What a leaked internal error looks like: an exception's name or message, a stack frame, a source path. */
const LEAK = /TypeError|ReferenceError|Cannot read|is not a function|undefined|\bat \S+ \(|\.js:\d+|\.ts:\d+/;

const WRONG = [
  ['textDocument/hover', { textDocument: { uri: URI }, position: 'line 1' }, 'params.position'],
  ['textDocument/hover', { textDocument: { uri: 42 }, position: at }, 'params.textDocument'],
  ['textDocument/hover', { position: at }, 'params.textDocument'],
  ['textDocument/hover', { textDocument: { uri: URI }, position: { line: -1, character: 0 } }, 'params.position'],
  ['textDocument/completion', { textDocument: { uri: URI } }, 'params.position'],
  ['textDocument/completion', { textDocument: null, position: at }, 'params.textDocument'],
  ['textDocument/documentSymbol', { textDocument: URI }, 'params.textDocument'],
  ['textDocument/codeAction', { textDocument: { uri: URI }, range, context: null }, 'params.context'],
  ['textDocument/codeAction', { textDocument: { uri: URI }, context: { diagnostics: [] } }, 'params.range'],
  ['textDocument/codeAction', { textDocument: { uri: URI }, range, context: { diagnostics: 'all' } }, 'params.context'],
  ['textDocument/codeAction', { textDocument: { uri: URI }, range, context: { diagnostics: [null] } }, 'params.context'],
  ['textDocument/codeLens', [{ uri: URI }], 'params must be an object'],
  ['textDocument/diagnostic', { textDocument: { uri: { path: '/x' } } }, 'params.textDocument'],
  ['workspace/symbol', { query: 42 }, 'params.query'],
  ['workspace/executeCommand', { command: 'auditd.server.coverage', arguments: { uri: URI } }, 'params.arguments'],
  ['workspace/executeCommand', { command: 7, arguments: [URI] }, 'params.command'],
];

let client;
before(async () => {
  client = await RawClient.initialized();
  client.send(frame(notification('textDocument/didOpen', { textDocument: { uri: URI, languageId: 'auditd', version: 1, text: TEXT } })));
});
after(() => client.kill());

WRONG.forEach(([method, params, field], i) => {
  test(`${method} with ${JSON.stringify(params)} → Invalid Params naming ${field}`, { timeout }, async () => {
    const id = `wrong-${i}`;
    client.send(frame(request(id, method, params)));
    const { error } = await client.response(id);
    assert.equal(error?.code, INVALID_PARAMS, JSON.stringify(error));
    assert.ok(error.message.startsWith(`${method}: `), error.message);
    assert.ok(error.message.includes(field), error.message);
    assert.doesNotMatch(error.message, LEAK);
    assert.equal(error.data, undefined);
  });
});

test('a didChange with wrong params is dropped; the document keeps its text and later changes apply', { timeout }, async () => {
  client.send(frame(notification('textDocument/didChange', { textDocument: { uri: URI, version: 2 }, contentChanges: 'everything' })));
  client.send(frame(request('symbols-1', 'textDocument/documentSymbol', { textDocument: { uri: URI } })));
  const before = await client.response('symbols-1');
  assert.deepEqual(before.result.map((s) => s.name), ['identity']);

  client.send(frame(notification('textDocument/didChange', { textDocument: { uri: URI, version: 3 }, contentChanges: [{ text: '-w /etc/shadow -p wa -k secrets\n' }] })));
  client.send(frame(request('symbols-2', 'textDocument/documentSymbol', { textDocument: { uri: URI } })));
  assert.deepEqual((await client.response('symbols-2')).result.map((s) => s.name), ['secrets']);
  await client.logged(/Dropped textDocument\/didChange: params\.contentChanges must be a list/);
});

test("an internal error's text goes to the server's log; the client gets a plain sentence", { timeout }, async () => {
  // Diagnostic data is the server's own, sent back by the client as it got it (LSPAny): a client that
  // tampers with it sends valid LSP the server cannot use.
  const tampered = { range, message: 'x', code: 'cis-docker-1.1.4', data: { kind: 'cis-missing', version: '1.8.0', control: '1.1.4', lines: { length: 1 } } };
  client.send(frame(request('tampered', 'textDocument/codeAction', { textDocument: { uri: URI }, range, context: { diagnostics: [tampered] } })));
  const { error } = await client.response('tampered');
  assert.equal(error.code, -32603);
  assert.doesNotMatch(error.message, LEAK);
  assert.match(error.message, /log/);
  await client.logged(/Internal error answering request "tampered": Request textDocument\/codeAction failed with message: /);
});
