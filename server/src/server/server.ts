/**
 * The language server as a library: `startServer(connection)` serves auditd rule files over any LSP
 * connection (dist/server.js gives it stdio or VS Code's node IPC).
 */
import { DidChangeConfigurationNotification, DidChangeWatchedFilesNotification, type Connection } from 'vscode-languageserver/node';
import { codeActions } from '../core';
import { version } from '../../../package.json';
import { clientSupport, serverCapabilities, type ClientSupport } from './capabilities';
import { PullDiagnostics, PushDiagnostics, type DiagnosticsChannel } from './diagnostics';
import { DocumentStore } from './documents';
import { Linter } from './linter';
import { logFailure } from './log';
import { openMembers, setDirectory } from './ruleSet';
import type { RunOn } from './settings';
import { SECTION, SettingsStore } from './settingsStore';

const RULE_FILES = '**/*.rules';

export function startServer(connection: Connection): void {
  const store = new DocumentStore();
  connection.onInitialize(({ capabilities }) => {
    const support = clientSupport(capabilities);
    serve(connection, store, support);
    return { capabilities: serverCapabilities(support), serverInfo: { name: 'auditd-language-server', version } };
  });
  store.listen(connection);
  connection.listen();
}

function serve(connection: Connection, store: DocumentStore, support: ClientSupport): void {
  const settings = new SettingsStore(connection, support.configuration);
  const linter = new Linter(store, settings);
  const channel: DiagnosticsChannel = support.pullDiagnostics
    ? new PullDiagnostics(connection, linter, store, support.refreshDiagnostics)
    : new PushDiagnostics(connection, linter, store);
  const fail = (what: string) => logFailure(connection, what);

  connection.onInitialized(() => {
    if (support.registerConfiguration) connection.client.register(DidChangeConfigurationNotification.type, { section: SECTION }).catch(fail('Registering for settings changes'));
    if (support.registerFileWatchers) connection.client.register(DidChangeWatchedFilesNotification.type, { watchers: [{ globPattern: RULE_FILES }] }).catch(fail('Registering the file watcher'));
  });

  /**
   * The text `uri`'s diagnostics follow has changed, and with it those of the other open files of
   * its set: on every edit under `auditd.run: onType`, on open and save under `onSave`. A pulling
   * client asks again by itself on open and edit (for the other files too: interFileDependencies),
   * but not on save.
   */
  const textChanged = (uri: string, run: RunOn, event: 'edit' | 'open' | 'save') =>
    settings.get(uri).then((current) => {
      if (current.run !== run) return;
      if (support.pullDiagnostics && event !== 'save') return;
      channel.outdated(openMembers(uri, store.uris()));
    }).catch(fail(`Updating the diagnostics of ${uri}`));

  // onDidChangeContent fires on open too.
  store.documents.onDidChangeContent(({ document }) => void textChanged(document.uri, 'onType', 'edit'));
  store.documents.onDidOpen(({ document }) => void textChanged(document.uri, 'onSave', 'open'));
  store.documents.onDidSave(({ document }) => void textChanged(document.uri, 'onSave', 'save'));
  store.documents.onDidClose(({ document }) => {
    settings.forget(document.uri);
    channel.closed(document.uri);
    // Unsaved text of the closed document no longer counts for the others of its set.
    channel.outdated(openMembers(document.uri, store.uris()).filter((uri) => uri !== document.uri));
  });

  connection.onDidChangeConfiguration(({ settings: sent }) => {
    settings.changed(sent);
    channel.outdated(store.uris());
  });

  // A rules.d file created, changed or deleted on disk changes the open documents of that directory.
  connection.onDidChangeWatchedFiles(({ changes }) => {
    const dirs = new Set(changes.map((c) => setDirectory(c.uri)));
    dirs.delete(undefined); // a file outside any rules.d is no other document's business
    channel.outdated(store.uris().filter((uri) => dirs.has(setDirectory(uri))));
  });

  connection.onCodeAction(async ({ textDocument: { uri }, context }) => {
    if (!store.isOpen(uri)) return [];
    const { analysis, dir } = await linter.analyze(uri, true);
    return codeActions(analysis, uri, { diagnostics: context.diagnostics, only: context.only }, support.createFiles ? dir : undefined);
  });
}
