// The engine's targets (issue 10), each a ratio measured in this run: the CLI against reading the same
// bytes, the server over stdio on a 100,000-line document against a 100-line one, its memory, its start.
// Every figure is a median of runs taken in turn with its baseline, by CPU time (cpu.mjs).
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  CodeActionRequest, CompletionRequest, ConfigurationRequest, createProtocolConnection, DidChangeTextDocumentNotification,
  DidOpenTextDocumentNotification, DocumentDiagnosticRequest, HoverRequest, InitializedNotification, InitializeRequest,
  StreamMessageReader, StreamMessageWriter,
} from 'vscode-languageserver-protocol/node';
import { CPU_TIME, inTurn, liveCpu, median, runNode } from './cpu.mjs';

const REPORTER = new URL('./cpu-at-exit.cjs', import.meta.url).pathname;
const since = (t0) => Number(process.hrtime.bigint() - t0) / 1e6;

/** The CLI on a path (the whole process), against a node process that reads, splits and tokenizes the same files. */
export function cliTarget(root, path, files, runs = 7) {
  const tokenize = `const core = require(${JSON.stringify(join(root, 'dist/core.js'))});
    for (const file of ${JSON.stringify(files)}) for (const line of require('fs').readFileSync(file, 'utf8').split('\\n')) core.tokenizeLine(line);`;
  return inTurn(() => runNode(['-e', tokenize]), () => runNode([join(root, 'dist/cli.js'), '--format', 'json', path]), runs);
}

/**
 * Spawn → initialize answered, against `node -e 0`, both with the same preloaded reporter: `node -e 0`'s
 * CPU time is its whole life, the server's is read when its answer arrives. `script`: another server
 * (the bench's floor: the LSP library alone).
 */
export function startTarget(root, runs = 21, script = join(root, 'dist/server.js')) {
  const server = async () => {
    const t0 = process.hrtime.bigint();
    const started = await Server.start(root, script);
    const measured = { cpu: CPU_TIME ? liveCpu(started.child.pid) : since(t0), wall: since(t0) };
    started.kill();
    return measured;
  };
  return inTurn(() => runNode(['-e', '0']), server, runs);
}

export class Server {
  static async start(root, script = join(root, 'dist/server.js')) {
    const s = new Server();
    s.child = spawn(process.execPath, ['-r', REPORTER, script, '--stdio'], { stdio: ['pipe', 'pipe', 'inherit', 'ignore'] });
    s.connection = createProtocolConnection(new StreamMessageReader(s.child.stdout), new StreamMessageWriter(s.child.stdin));
    s.connection.onRequest(ConfigurationRequest.type, ({ items }) => items.map(() => ({})));
    s.connection.listen();
    await s.connection.sendRequest(InitializeRequest.type, {
      processId: process.pid, rootUri: null, workspaceFolders: null,
      capabilities: { textDocument: { diagnostic: {} }, workspace: { configuration: true } },
    });
    return s;
  }

  async open(uri, text) {
    await this.connection.sendNotification(InitializedNotification.type, {});
    this.version = 1;
    this.uri = uri;
    this.lines = text.split('\n');
    await this.connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'auditd', version: 1, text } });
    return this.diagnostics();
  }

  /** Types one character into the path of a watch near the middle, as an editor sends it. */
  edit(k) {
    let line = Math.floor(this.lines.length / 2);
    while (!this.lines[line].startsWith('-w ')) line++;
    const character = this.lines[line].indexOf(' -p');
    this.lines[line] = `${this.lines[line].slice(0, character)}${k % 10}${this.lines[line].slice(character)}`;
    this.at = { line, character };
    return this.connection.sendNotification(DidChangeTextDocumentNotification.type, {
      textDocument: { uri: this.uri, version: ++this.version },
      contentChanges: [{ range: { start: { line, character }, end: { line, character } }, text: String(k % 10) }],
    });
  }

  diagnostics() {
    return this.connection.sendRequest(DocumentDiagnosticRequest.type, { textDocument: { uri: this.uri } });
  }

  hover() {
    return this.connection.sendRequest(HoverRequest.type, { textDocument: { uri: this.uri }, position: { line: this.at.line, character: 1 } });
  }

  completion() {
    return this.connection.sendRequest(CompletionRequest.type, { textDocument: { uri: this.uri }, position: { line: this.at.line, character: this.at.character + 1 } });
  }

  codeAction() {
    const range = { start: { line: this.at.line, character: 0 }, end: { line: this.at.line, character: 0 } };
    return this.connection.sendRequest(CodeActionRequest.type, { textDocument: { uri: this.uri }, range, context: { diagnostics: [] } });
  }

  /** An edit, then a request: the server's CPU time from sending the one to the answer of the other, and the wall time. */
  async editThen(request, k) {
    const cpu0 = CPU_TIME ? liveCpu(this.child.pid) : 0;
    const t0 = process.hrtime.bigint();
    await this.edit(k);
    await this[request]();
    const wall = since(t0);
    return { cpu: CPU_TIME ? liveCpu(this.child.pid) - cpu0 : wall, wall };
  }

  rssMb() {
    const status = readFileSync(`/proc/${this.child.pid}/status`, 'utf8');
    return Number(/VmRSS:\s+(\d+)/.exec(status)[1]) / 1024;
  }

  kill() {
    this.child.kill();
    this.connection.dispose();
  }
}

export const REQUESTS = ['diagnostics', 'hover', 'completion', 'codeAction'];

/**
 * Edit → answer of diagnostics, hover, completion and a code action on a small and a large document, each
 * in its own server, taken in turn (small, large, small, …): medians over `runs` edits each; then the
 * large server's RSS once it has taken 100 edits.
 */
export async function documentTargets(root, smallText, largeText, runs = 20) {
  const small = await Server.start(root);
  const large = await Server.start(root);
  await small.open('file:///bench/etc/audit/audit.rules', smallText);
  await large.open('file:///bench/etc/audit/audit.rules', largeText);
  const results = {};
  let edits = 0;
  for (const request of REQUESTS) {
    let k = 0;
    results[request] = await inTurn(() => small.editThen(request, k), () => large.editThen(request, k++), runs);
    edits += runs;
  }
  while (edits < 100) await large.editThen('diagnostics', edits++);
  const rss = large.rssMb();
  small.kill();
  large.kill();
  return { ...results, rss };
}

export { median };
