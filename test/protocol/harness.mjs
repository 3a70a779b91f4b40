// A test LSP client: spawns the built server (dist/server.js --stdio) and talks to it with
// vscode-languageserver-protocol's node connection, as an editor would. Every wait is on a message
// from the server (a notification, a request, a response), never on time.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import {
  CodeActionRequest,
  ConfigurationRequest,
  createProtocolConnection,
  DiagnosticRefreshRequest,
  DidChangeConfigurationNotification,
  DidChangeTextDocumentNotification,
  DidChangeWatchedFilesNotification,
  DidCloseTextDocumentNotification,
  DidOpenTextDocumentNotification,
  DidSaveTextDocumentNotification,
  DocumentDiagnosticRequest,
  ExitNotification,
  InitializedNotification,
  InitializeRequest,
  LogMessageNotification,
  PublishDiagnosticsNotification,
  RegistrationRequest,
  ShutdownRequest,
  StreamMessageReader,
  StreamMessageWriter,
} from 'vscode-languageserver-protocol/node';
import { TextDocument } from 'vscode-languageserver-textdocument';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const SERVER = path.join(ROOT, 'dist/server.js');
const EXAMPLES = path.join(ROOT, 'examples/rules.d');
/** The built core, for facts about the benchmark catalogue and the defaults. */
export const core = createRequire(import.meta.url)(path.join(ROOT, 'dist/core.js'));

/** What VS Code (vscode-languageclient 11) announces, as far as this server cares. */
export const PULL_CLIENT = {
  textDocument: {
    synchronization: { didSave: true },
    diagnostic: { dynamicRegistration: true, relatedDocumentSupport: false },
    codeAction: { codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix', 'source', 'source.fixAll'] } } },
  },
  workspace: {
    configuration: true,
    diagnostics: { refreshSupport: true },
    didChangeConfiguration: { dynamicRegistration: true },
    didChangeWatchedFiles: { dynamicRegistration: true },
    workspaceEdit: { documentChanges: true, resourceOperations: ['create', 'rename', 'delete'], normalizesLineEndings: true },
  },
};

/** A client that only takes pushed diagnostics and cannot be asked for settings. */
export const PUSH_CLIENT = {
  textDocument: {
    synchronization: { didSave: true },
    publishDiagnostics: { relatedInformation: true },
    codeAction: { codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix', 'source', 'source.fixAll'] } } },
  },
  workspace: {},
};

export const isCisMissing = (d) => /^cis-docker-[\d.]+$/.test(String(d.code));
/**
 * A missing control the fixes add. On the default host (Debian) §1.1.13's /etc/sysconfig/docker is not
 * added: the kernel refuses a watch in a directory the host lacks (test/core/scanner-fixes.test.mjs).
 */
export const isAddable = (d) => isCisMissing(d) && d.data?.lines?.length > 0;
export const isCis = (d) => String(d.code).startsWith('cis-docker-');
export const codes = (diagnostics) => diagnostics.map((d) => d.code);

// The benchmark's own words: CIS Docker Benchmark 1.8.0 §1.1.4 audits /run/containerd with this rule,
// and examples/rules.d lacks it.
export const CONTAINERD_FIX = 'Add audit rule for /run/containerd (CIS Docker 1.8.0 §1.1.4)';
export const CONTAINERD_RULE = '-a exit,always -F path=/run/containerd -F perm=war -k docker';
export const hasCode = (code) => (diagnostics) => diagnostics.some((d) => d.code === code);
export const lacksCode = (code) => (diagnostics) => !diagnostics.some((d) => d.code === code);

const madeRoots = [];
/** Removes every directory makeRulesDir made (call it in `after`). */
export function removeRulesDirs() {
  for (const root of madeRoots.splice(0)) fs.rmSync(root, { recursive: true, force: true });
}

/** A lone etc/audit/audit.rules beside the set's rules.d, holding `text`; returns its URI. */
export function writeLoneRules(set, text) {
  const file = path.join(set.root, 'etc/audit/audit.rules');
  fs.writeFileSync(file, text);
  return pathToFileURL(file).href;
}

/** A fresh etc/audit with a copy of examples/rules.d (a Docker host's rules.d); `omit` leaves files out. */
export function makeRulesDir(omit = []) {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'auditd-protocol-'));
  madeRoots.push(root);
  const dir = path.join(root, 'etc/audit/rules.d');
  fs.mkdirSync(dir, { recursive: true });
  for (const name of fs.readdirSync(EXAMPLES)) if (!omit.includes(name)) fs.copyFileSync(path.join(EXAMPLES, name), path.join(dir, name));
  return { root, dir, uri: (name) => pathToFileURL(path.join(dir, name)).href };
}

export function exampleText(name) {
  return fs.readFileSync(path.join(EXAMPLES, name), 'utf8');
}

export class TestClient {
  /** Answer to workspace/configuration for section "auditd". */
  settings = {};
  configurationRequests = [];
  registrations = [];
  refreshes = 0;
  /** window/logMessage texts. */
  logs = [];
  /** The `uris` of each auditd/analysisChanged notification (sent to a client that asks for them). */
  analysisChanged = [];
  documents = new Map();
  #published = new Map();
  #waiters = [];
  #child;
  #connection;

  /**
   * `init`: more of the initialize request, e.g. workspaceFolders or initializationOptions.
   * `command`: how to start the server, without --stdio (default: the built dist/server.js).
   */
  static async start(capabilities, init = {}, command = [process.execPath, SERVER]) {
    const client = new TestClient();
    await client.#start(capabilities, init, command);
    return client;
  }

  async #start(capabilities, init, [program, ...args]) {
    this.#child = spawn(program, [...args, '--stdio'], { stdio: ['pipe', 'pipe', 'inherit'] });
    this.exited = once(this.#child, 'exit');
    // A server that dies fails whatever the test waits for, at once rather than at its timeout.
    this.#child.on('exit', (code, signal) => {
      for (const w of this.#waiters.splice(0)) w.reject(new Error(`the server exited (${signal ?? `code ${code}`})`));
    });
    const connection = createProtocolConnection(new StreamMessageReader(this.#child.stdout), new StreamMessageWriter(this.#child.stdin));
    this.#connection = connection;
    connection.onRequest(ConfigurationRequest.type, ({ items }) => {
      this.configurationRequests.push(...items);
      return items.map((item) => (item.section === 'auditd' ? this.settings : null));
    });
    connection.onRequest(RegistrationRequest.type, ({ registrations }) => {
      this.registrations.push(...registrations);
      this.#notify();
      return null;
    });
    connection.onRequest(DiagnosticRefreshRequest.type, () => {
      this.refreshes++;
      this.#notify();
      return null;
    });
    connection.onNotification(PublishDiagnosticsNotification.type, ({ uri, diagnostics }) => {
      this.#published.set(uri, diagnostics);
      this.#notify();
    });
    connection.onNotification(LogMessageNotification.type, ({ message }) => {
      this.logs.push(message);
      this.#notify();
    });
    connection.onNotification('auditd/analysisChanged', ({ uris }) => {
      this.analysisChanged.push(uris);
      this.#notify();
    });
    connection.listen();
    this.initializeResult = await connection.sendRequest(InitializeRequest.type, { processId: process.pid, rootUri: null, capabilities, workspaceFolders: null, ...init });
    await connection.sendNotification(InitializedNotification.type, {});
  }

  /** Resolves when `check()` returns something other than undefined, re-checked on every server message. */
  until(check) {
    const value = check();
    if (value !== undefined) return Promise.resolve(value);
    return new Promise((resolve, reject) => this.#waiters.push({ check, resolve, reject }));
  }

  #notify() {
    for (const w of [...this.#waiters]) {
      const value = w.check();
      if (value === undefined) continue;
      this.#waiters.splice(this.#waiters.indexOf(w), 1);
      w.resolve(value);
    }
  }

  /** The latest pushed diagnostics of `uri`, if any came. */
  latest(uri) {
    return this.#published.get(uri);
  }

  /** The latest pushed diagnostics of `uri` once they satisfy `accept`. */
  published(uri, accept) {
    return this.until(() => {
      const diagnostics = this.latest(uri);
      return diagnostics !== undefined && accept(diagnostics) ? diagnostics : undefined;
    });
  }

  /** Resolves on the next workspace/diagnostic/refresh request after this call. */
  nextRefresh() {
    const seen = this.refreshes;
    return this.until(() => (this.refreshes > seen ? true : undefined));
  }

  registration(method) {
    return this.until(() => this.registrations.find((r) => r.method === method));
  }

  async open(uri, text) {
    this.documents.set(uri, TextDocument.create(uri, 'auditd', 1, text));
    await this.#connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'auditd', version: 1, text } });
  }

  async change(uri, text) {
    const doc = this.documents.get(uri);
    this.documents.set(uri, TextDocument.create(uri, 'auditd', doc.version + 1, text));
    await this.#connection.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri, version: doc.version + 1 }, contentChanges: [{ text }] });
  }

  /** Applies a workspace edit's text changes to the open documents, as an editor would, and syncs them. */
  async apply(edit) {
    for (const [uri, edits] of Object.entries(edit.changes ?? {})) await this.change(uri, TextDocument.applyEdits(this.documents.get(uri), edits));
  }

  text(uri) {
    return this.documents.get(uri).getText();
  }

  save(uri) {
    return this.#connection.sendNotification(DidSaveTextDocumentNotification.type, { textDocument: { uri } });
  }

  async close(uri) {
    this.documents.delete(uri);
    await this.#connection.sendNotification(DidCloseTextDocumentNotification.type, { textDocument: { uri } });
  }

  configure(settings) {
    return this.#connection.sendNotification(DidChangeConfigurationNotification.type, { settings });
  }

  filesChanged(changes) {
    return this.#connection.sendNotification(DidChangeWatchedFilesNotification.type, { changes });
  }

  async pull(uri) {
    const report = await this.#connection.sendRequest(DocumentDiagnosticRequest.type, { textDocument: { uri } });
    if (report.kind !== 'full') throw new Error(`expected a full report, got ${report.kind}`);
    return report.items;
  }

  /** Any request to the server, e.g. textDocument/hover. */
  request(type, params) {
    return this.#connection.sendRequest(type, params);
  }

  /** Answers a request from the server (workspace/applyEdit, workspace/workspaceFolders) with `handler`. */
  onRequest(type, handler) {
    this.#connection.onRequest(type, handler);
  }

  codeActions(uri, range, diagnostics, only) {
    return this.#connection.sendRequest(CodeActionRequest.type, { textDocument: { uri }, range, context: { diagnostics, only } });
  }

  /** shutdown, then exit: resolves with the server's exit code. */
  async shutdown() {
    await this.#connection.sendRequest(ShutdownRequest.type);
    await this.#connection.sendNotification(ExitNotification.type);
    const [code] = await this.exited;
    this.#connection.dispose();
    return code;
  }

  /** For `after`: whatever happened, the server does not outlive the test. */
  kill() {
    if (this.#child.exitCode === null && this.#child.signalCode === null) this.#child.kill();
  }
}
