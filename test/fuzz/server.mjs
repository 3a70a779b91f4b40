// The server answers within a bound: generated rule sets sent through the real server over stdio with a
// real LSP client (test/protocol/harness.mjs, as VS Code announces itself), each opened, edited and asked
// for what an editor asks for on every keystroke and save (pulled diagnostics, hover, completion, the
// outline, quick fixes and fix on save), then closed. Every request must be answered before its
// deadline: a liveness bound (a request nobody answers, a server that hangs or dies), not a measure of
// speed, so the deadline is generous.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { CompletionRequest, DocumentSymbolRequest, HoverRequest } from 'vscode-languageserver-protocol/node';
import { PULL_CLIENT, TestClient } from '../protocol/harness.mjs';
import { ruleFiles, ruleSet } from './inputs.mjs';

/** How long a request may go unanswered before the server counts as hung. */
const DEADLINE_MS = 10_000;

function answered(what, promise) {
  let timer;
  const deadline = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: no answer within ${DEADLINE_MS / 1000} s`)), DEADLINE_MS);
  });
  return Promise.race([promise, deadline]).finally(() => clearTimeout(timer));
}

/** Every request of one input, on each of its files; resolves when all are answered. */
async function exercise(client, files) {
  for (const f of files) await client.open(f.uri, f.text);
  for (const f of files) {
    const diagnostics = await answered(`diagnostics of ${f.uri}`, client.pull(f.uri));
    const doc = { textDocument: { uri: f.uri } };
    const last = Math.max(0, f.text.split(/\r\n|\n|\r/).length - 1);
    const mid = { line: last >> 1, character: 3 };
    await answered('hover', client.request(HoverRequest.type, { ...doc, position: mid }));
    await answered('completion', client.request(CompletionRequest.type, { ...doc, position: mid }));
    await answered('document symbols', client.request(DocumentSymbolRequest.type, doc));
    const whole = { start: { line: 0, character: 0 }, end: { line: last, character: 0 } };
    await answered('quick fixes', client.codeActions(f.uri, whole, diagnostics));
    const [fixAll] = await answered('fix on save', client.codeActions(f.uri, whole, [], ['source.fixAll']));
    // The edit as the editor makes it, and the diagnostics of what it leaves.
    if (fixAll?.edit) {
      await client.apply(fixAll.edit);
      await answered(`diagnostics after fix all of ${f.uri}`, client.pull(f.uri));
    }
  }
  for (const f of files) await client.close(f.uri);
}

/** Runs `runs` inputs through one server; resolves with the count, or rejects with the shrunk input. */
export async function serverRun(runs, seed) {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'auditd-fuzz-'));
  const client = await TestClient.start(PULL_CLIENT);
  let n = 0;
  try {
    await fc.assert(fc.asyncProperty(ruleSet, async (input) => {
      // Each input its own names (a set its own rules.d), so no document of one input counts for another.
      const dir = path.join(root, `input-${n++}`);
      fs.mkdirSync(path.join(dir, 'rules.d'), { recursive: true });
      const files = ruleFiles(input, dir);
      await exercise(client, files);
    }), { numRuns: runs, seed });
    assert.equal(await answered('shutdown', client.shutdown()), 0, 'the server exits cleanly');
  } finally {
    client.kill();
    fs.rmSync(root, { recursive: true, force: true });
  }
  return runs;
}
