// The protocol by the book, in raw bytes over the real server's stdio: malformed frames and bodies are
// answered with a JSON-RPC error (or dropped) and the stream goes on; requests before initialize get
// ServerNotInitialized, after shutdown InvalidRequest; exit's code says whether shutdown came first.
// Codes: JSON-RPC 2.0 (-32700 Parse error, -32600 Invalid Request) and LSP 3.17 (-32002).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { frame, notification, RawClient, request } from './rawClient.mjs';

const timeout = 20_000;
const PARSE_ERROR = -32700;
const INVALID_REQUEST = -32600;
const SERVER_NOT_INITIALIZED = -32002;

/** A request the server answers with a result once it is running: the stream is not wedged. */
const AFTER = request('after', 'workspace/symbol', { query: 'nothing' });
const body = (message) => Buffer.from(JSON.stringify(message), 'utf8');
const withHeaders = (headers, payload) => Buffer.concat([Buffer.from(headers, 'latin1'), payload]);
const probe = request(7, 'workspace/symbol', { query: 'x' });
const probeBody = body(probe);

/**
 * Twenty-four malformed inputs, each followed by a well-formed request. `answer`: the error the
 * malformed message gets, with id null (the server could not read one) or the message's own id.
 */
const MALFORMED = [
  { name: 'no Content-Length header', bytes: withHeaders('Content-Type: application/vscode-jsonrpc; charset=utf-8\r\n\r\n', probeBody), answer: [PARSE_ERROR, null] },
  { name: 'a length that is not a number', bytes: withHeaders('Content-Length: abc\r\n\r\n', probeBody), answer: [PARSE_ERROR, null] },
  { name: 'a negative length', bytes: withHeaders('Content-Length: -5\r\n\r\n', probeBody), answer: [PARSE_ERROR, null] },
  { name: 'a huge length', bytes: withHeaders('Content-Length: 99999999999999999999\r\n\r\n', probeBody), answer: [PARSE_ERROR, null] },
  { name: 'a length in exponent notation', bytes: withHeaders(`Content-Length: ${probeBody.length / 10}e1\r\n\r\n`, probeBody), answer: [PARSE_ERROR, null] },
  { name: 'a length with a plus sign', bytes: withHeaders(`Content-Length: +${probeBody.length}\r\n\r\n`, probeBody), answer: [PARSE_ERROR, null] },
  { name: 'Content-Length twice', bytes: withHeaders(`Content-Length: ${probeBody.length}\r\nContent-Length: 3\r\n\r\n`, probeBody), answer: [PARSE_ERROR, null] },
  { name: 'a header without a colon', bytes: withHeaders(`Content-Length ${probeBody.length}\r\n\r\n`, probeBody), answer: [PARSE_ERROR, null] },
  { name: 'a header name with a space', bytes: withHeaders(`Content Length: ${probeBody.length}\r\n\r\n`, probeBody), answer: [PARSE_ERROR, null] },
  { name: 'LF instead of CRLF between headers and body', bytes: withHeaders(`Content-Length: ${probeBody.length}\n\n`, probeBody), answer: [PARSE_ERROR, null] },
  { name: 'one CRLF only after the headers', bytes: withHeaders(`Content-Length: ${probeBody.length}\r\n`, probeBody), answer: [PARSE_ERROR, null] },
  { name: 'an HTTP request line before the headers', bytes: withHeaders(`POST / HTTP/1.1\r\nContent-Length: ${probeBody.length}\r\n\r\n`, probeBody), answer: [PARSE_ERROR, null] },
  { name: 'headers without end, over 8 KiB', bytes: Buffer.from(`X-Padding: ${'x'.repeat(9000)}`), answer: [PARSE_ERROR, null] },
  { name: 'a charset other than utf-8', bytes: frame(probe, { 'Content-Type': 'application/vscode-jsonrpc; charset=latin1' }), answer: [INVALID_REQUEST, 7] },
  { name: 'a content type other than JSON-RPC', bytes: frame(probe, { 'Content-Type': 'text/html' }), answer: [INVALID_REQUEST, 7] },
  { name: 'a length shorter than the body', bytes: withHeaders('Content-Length: 10\r\n\r\n', probeBody), answer: [PARSE_ERROR, null] },
  { name: 'a length longer than the body', bytes: withHeaders(`Content-Length: ${probeBody.length + 40}\r\n\r\n`, probeBody), answer: [PARSE_ERROR, 7] },
  { name: 'a zero length', bytes: withHeaders('Content-Length: 0\r\n\r\n', Buffer.alloc(0)), answer: [PARSE_ERROR, null] },
  { name: 'a body that is not JSON', bytes: frame('this is not json'), answer: [PARSE_ERROR, null] },
  { name: 'a body that is not UTF-8', bytes: withHeaders('Content-Length: 4\r\n\r\n', Buffer.from([0x7b, 0xff, 0xfe, 0x7d])), answer: [PARSE_ERROR, null] },
  { name: 'a batch (JSON array)', bytes: frame([probe]), answer: [INVALID_REQUEST, null] },
  { name: 'jsonrpc "1.0"', bytes: frame({ ...probe, jsonrpc: '1.0' }), answer: [INVALID_REQUEST, 7] },
  { name: 'a method that is a number', bytes: frame({ ...probe, method: 42 }), answer: [INVALID_REQUEST, 7] },
  { name: 'an id that is an object', bytes: frame({ ...probe, id: { n: 7 } }), answer: [INVALID_REQUEST, null] },
];

for (const { name, bytes, answer: [code, id] } of MALFORMED) {
  test(`malformed: ${name} → ${code}, and the next request is answered`, { timeout }, async () => {
    const client = await RawClient.initialized();
    try {
      client.send(Buffer.concat([bytes, frame(AFTER)]));
      const after = await client.response('after');
      assert.deepEqual(after.result, [], JSON.stringify(after));
      const errors = client.messages.filter((m) => m.error && m.id !== 'after');
      assert.deepEqual(errors.map((m) => [m.error.code, m.id]), [[code, id]], client.stderr);
      assert.ok(errors.every((m) => typeof m.error.message === 'string' && m.error.message.length > 0));
      assert.ok(!client.messages.some((m) => m.id === 7 && 'result' in m), 'the malformed request is not served as if it were sound');
    } finally {
      client.kill();
    }
  });
}

test('a malformed frame split across writes, then a well-formed one split too', { timeout }, async () => {
  const client = await RawClient.initialized();
  try {
    const bytes = Buffer.concat([withHeaders('Content-Length: nope\r\n\r\n', probeBody), frame(AFTER)]);
    for (let i = 0; i < bytes.length; i += 7) client.send(bytes.subarray(i, i + 7));
    assert.deepEqual((await client.response('after')).result, []);
    assert.deepEqual(client.anonymousErrors().map((m) => m.error.code), [PARSE_ERROR]);
  } finally {
    client.kill();
  }
});

test('a request before initialize gets ServerNotInitialized (-32002); a notification is dropped; initialize then works', { timeout }, async () => {
  const client = new RawClient();
  try {
    client.send(frame(request(1, 'textDocument/hover', { textDocument: { uri: 'file:///a.rules' }, position: { line: 0, character: 0 } })));
    client.send(frame(notification('textDocument/didOpen', { textDocument: { uri: 'file:///a.rules', languageId: 'auditd', version: 1, text: '-w /etc/passwd\n' } })));
    client.send(frame(request(2, 'workspace/symbol', { query: '' })));
    const [first, second] = [await client.response(1), await client.response(2)];
    assert.equal(first.error.code, SERVER_NOT_INITIALIZED);
    assert.equal(second.error.code, SERVER_NOT_INITIALIZED);
    assert.match(first.error.message, /not initialized/);

    client.send(frame(request(3, 'initialize', { processId: null, rootUri: null, capabilities: {} })));
    assert.ok((await client.response(3)).result.capabilities);
    client.send(frame(notification('initialized', {})));
    // The didOpen sent before initialize was dropped: the document is not open, so the hover is null.
    client.send(frame(request(4, 'textDocument/hover', { textDocument: { uri: 'file:///a.rules' }, position: { line: 0, character: 1 } })));
    assert.equal((await client.response(4)).result, null);
    client.send(frame(request(5, 'initialize', { processId: null, rootUri: null, capabilities: {} })));
    assert.equal((await client.response(5)).error.code, INVALID_REQUEST);
  } finally {
    client.kill();
  }
});

// The command answers a sound initialize before the LSP library loads (server/wire/earlyInitialize); the
// server then reads that request too, and its own answer must not reach the client a second time.
test('initialize is answered once, with what the client can do decided, also with the next messages in the same write', { timeout }, async () => {
  const client = new RawClient();
  try {
    const pull = { processId: null, rootUri: null, capabilities: { textDocument: { diagnostic: {} } } };
    client.send(Buffer.concat([frame(request(0, 'initialize', pull)), frame(notification('initialized', {})), frame(AFTER)]));
    const answer = await client.response(0);
    assert.deepEqual(answer.result.capabilities.diagnosticProvider, { identifier: 'auditd', interFileDependencies: true, workspaceDiagnostics: false });
    assert.equal(answer.result.serverInfo.name, 'auditd-language-server');
    assert.deepEqual((await client.response('after')).result, []);
    assert.equal(client.messages.filter((m) => m.id === 0).length, 1, 'one answer to initialize');
  } finally {
    client.kill();
  }
});

test('an initialize with wrong params is the server\'s to refuse (-32602), and one sound after it is answered once', { timeout }, async () => {
  const client = new RawClient();
  try {
    client.send(frame(request(0, 'initialize', { processId: 'me', capabilities: {} })));
    assert.equal((await client.response(0)).error.code, -32602);
    client.send(frame(request(1, 'initialize', { processId: null, rootUri: null, capabilities: {} })));
    assert.equal((await client.response(1)).result.capabilities.diagnosticProvider, undefined, 'a client that cannot pull gets diagnostics pushed');
    client.send(frame(notification('initialized', {})));
    client.send(frame(AFTER));
    assert.deepEqual((await client.response('after')).result, []);
    assert.equal(client.messages.filter((m) => m.id === 1).length, 1);
  } finally {
    client.kill();
  }
});

test('after shutdown a request gets InvalidRequest (-32600), and exit then exits 0', { timeout }, async () => {
  const client = await RawClient.initialized();
  try {
    client.send(frame(request(1, 'shutdown')));
    assert.equal((await client.response(1)).result, null);
    client.send(frame(request(2, 'workspace/symbol', { query: '' })));
    const refused = await client.response(2);
    assert.equal(refused.error.code, INVALID_REQUEST);
    assert.match(refused.error.message, /shut/);
    client.send(frame(notification('exit')));
    assert.equal(await client.exited, 0);
  } finally {
    client.kill();
  }
});

test('exit without shutdown exits 1', { timeout }, async () => {
  const client = await RawClient.initialized();
  try {
    client.send(frame(notification('exit')));
    assert.equal(await client.exited, 1);
  } finally {
    client.kill();
  }
});

test('the input closing before initialize, or in the middle of it, exits 1', { timeout }, async () => {
  const silent = new RawClient();
  const cut = new RawClient();
  try {
    silent.child.stdin.end();
    cut.child.stdin.end(frame(request(0, 'initialize', { processId: null, rootUri: null, capabilities: {} })).subarray(0, 30));
    assert.deepEqual([await silent.exited, await cut.exited], [1, 1]);
  } finally {
    silent.kill();
    cut.kill();
  }
});

test('the input closing after shutdown exits 0, without it 1', { timeout }, async () => {
  const clean = await RawClient.initialized();
  const abrupt = await RawClient.initialized();
  try {
    clean.send(frame(request(1, 'shutdown')));
    await clean.response(1);
    clean.child.stdin.end();
    abrupt.child.stdin.end();
    assert.deepEqual([await clean.exited, await abrupt.exited], [0, 1]);
  } finally {
    clean.kill();
    abrupt.kill();
  }
});
