// The engine's targets (issue 10), each a ratio measured in this run: the CLI against reading the same
// bytes, the server over stdio on a 100,000-line document against a 100-line one, its memory, its start.
import { spawn, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  CodeActionRequest, CompletionRequest, ConfigurationRequest, createProtocolConnection, DidChangeTextDocumentNotification,
  DidOpenTextDocumentNotification, DocumentDiagnosticRequest, HoverRequest, InitializedNotification, InitializeRequest,
  StreamMessageReader, StreamMessageWriter,
} from 'vscode-languageserver-protocol/node';

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const since = (t0) => Number(process.hrtime.bigint() - t0) / 1e6;

function run(args) {
  const t0 = process.hrtime.bigint();
  const out = spawnSync(process.execPath, args, { stdio: ['ignore', 'ignore', 'inherit'] });
  if (out.status !== 0 && out.status !== 1) throw new Error(`${args.join(' ')} exited ${out.status}`);
  return since(t0);
}

/** Medians of two commands run in turn, so that a busy machine slows both alike. */
function inTurn(a, b, runs) {
  const times = { a: [], b: [] };
  for (let r = 0; r < runs; r++) {
    times.a.push(run(a));
    times.b.push(run(b));
  }
  return { a: median(times.a), b: median(times.b) };
}

/** The CLI on a path, against a node process that reads, splits and tokenizes the same files. */
export function cliTarget(root, path, files, runs = 3) {
  const tokenize = `const core = require(${JSON.stringify(join(root, 'dist/core.js'))});
    for (const file of ${JSON.stringify(files)}) for (const line of require('fs').readFileSync(file, 'utf8').split('\\n')) core.tokenizeLine(line);`;
  const { a: baseline, b: cli } = inTurn(['-e', tokenize], [join(root, 'dist/cli.js'), '--format', 'json', path], runs);
  return { baseline, cli };
}

/** Spawn → initialize answered, against `node -e 0`. */
export async function startTarget(root, runs = 9) {
  const node = [];
  const server = [];
  for (let r = 0; r < runs; r++) {
    node.push(run(['-e', '0']));
    const t0 = process.hrtime.bigint();
    const started = await Server.start(root);
    server.push(since(t0));
    started.kill();
  }
  return { node: median(node), server: median(server) };
}

export class Server {
  static async start(root) {
    const s = new Server();
    s.child = spawn(process.execPath, [join(root, 'dist/server.js'), '--stdio'], { stdio: ['pipe', 'pipe', 'inherit'] });
    s.connection = createProtocolConnection(new StreamMessageReader(s.child.stdout), new StreamMessageWriter(s.child.stdin));
    s.connection.onRequest(ConfigurationRequest.type, ({ items }) => items.map(() => ({})));
    s.connection.listen();
    await s.connection.sendRequest(InitializeRequest.type, {
      processId: process.pid, rootUri: null, workspaceFolders: null,
      capabilities: { textDocument: { diagnostic: {} }, workspace: { configuration: true } },
    });
    await s.connection.sendNotification(InitializedNotification.type, {});
    return s;
  }

  async open(uri, text) {
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

  rssMb() {
    const status = readFileSync(`/proc/${this.child.pid}/status`, 'utf8');
    return Number(/VmRSS:\s+(\d+)/.exec(status)[1]) / 1024;
  }

  kill() {
    this.child.kill();
    this.connection.dispose();
  }
}

/** From an edit sent to the answer of diagnostics, hover, completion or a code action: medians over `runs` edits each. */
export async function documentTimes(root, text, runs = 20) {
  const server = await Server.start(root);
  await server.open('file:///bench/etc/audit/audit.rules', text);
  const times = { diagnostics: [], hover: [], completion: [], codeAction: [] };
  let edits = 0;
  for (const request of Object.keys(times)) {
    for (let r = 0; r < runs; r++) {
      const t0 = process.hrtime.bigint();
      await server.edit(edits++);
      await server[request]();
      times[request].push(since(t0));
    }
  }
  while (edits < 100) {
    await server.edit(edits++);
    await server.diagnostics();
  }
  const rss = server.rssMb();
  server.kill();
  return { ...Object.fromEntries(Object.entries(times).map(([k, v]) => [k, median(v)])), rss };
}
