/**
 * The language server as a library: `startServer(connection)` serves auditd rule files over any LSP
 * connection (dist/server.js gives it stdio or VS Code's node IPC): what it offers for what the client
 * can do, and which event refreshes what.
 */
import { type Connection, DidChangeConfigurationNotification, DidChangeWatchedFilesNotification, type InitializeParams, type WorkspaceFolder } from 'vscode-languageserver/node';
import type { RunOn } from '../core';
import { type ClientSupport, clientSupport, initializeResult } from './capabilities';
import { core } from './core';
import { CodeLenses, type DiagnosticsChannel, logFailure, PullDiagnostics, PushDiagnostics } from './diagnostics';
import { serveCommands, serveDocumentFeatures } from './features';
import { Linter, refreshOnBomChange } from './analyses';
import { DocumentStore, filePath, openMembers, setDirectory } from './documents';
import { ANALYSIS_CHANGED, type AnalysisChangedParams, type InitializationOptions } from './protocol';
import { SECTION, SettingsStore } from './settings';
import { serveWorkspaceSymbols } from './workspace';

const RULE_FILES = '**/*.rules';

export function startServer(connection: Connection): void {
  const store = new DocumentStore();
  connection.onInitialize((params) => {
    serve(connection, store, clientSupport(params.capabilities), startedWith(params));
    return initializeResult(params);
  });
  store.listen(connection);
  connection.listen();
}

/** What the client said at the start, beyond its capabilities. */
interface StartedWith {
  folders: WorkspaceFolder[];
  /** Commands the client runs itself (initializationOptions.clientCommands); the VS Code client runs the code lens's. */
  clientCommands: string[];
  /** The client keeps views of the analyses and wants to hear when they change (initializationOptions.analysisChanged). */
  analysisChanged: boolean;
}

function startedWith({ workspaceFolders, rootUri, initializationOptions }: InitializeParams): StartedWith {
  const folders = workspaceFolders ?? (rootUri ? [{ uri: rootUri, name: rootUri }] : []);
  // Whatever a client sends: only a list of strings is taken.
  const listed: unknown = (initializationOptions as Record<keyof InitializationOptions, unknown> | undefined)?.clientCommands;
  const clientCommands = Array.isArray(listed) ? listed.filter((c): c is string => typeof c === 'string') : [];
  const analysisChanged = (initializationOptions as Record<keyof InitializationOptions, unknown> | undefined)?.analysisChanged === true;
  return { folders, clientCommands, analysisChanged };
}

function serve(connection: Connection, store: DocumentStore, support: ClientSupport, start: StartedWith): void {
  const settings = new SettingsStore(connection, support.configuration);
  const linter = new Linter(store, settings, start.folders.flatMap((f) => filePath(f.uri) ?? []));
  const channel: DiagnosticsChannel = support.pullDiagnostics
    ? new PullDiagnostics(connection, linter, store, support.refreshDiagnostics)
    : new PushDiagnostics(connection, linter, store);
  const lenses = new CodeLenses(connection, store, linter, start.clientCommands, support.refreshCodeLenses);
  /** The client's views of these documents' analyses (the coverage table, the listing) may be out of date. */
  const viewsOutdated = (uris: readonly string[]) => {
    if (!start.analysisChanged || uris.length === 0) return;
    const params: AnalysisChangedParams = { uris: [...uris] };
    connection.sendNotification(ANALYSIS_CHANGED, params).catch(logFailure(connection, ANALYSIS_CHANGED));
  };
  /** Diagnostics, the coverage lens and the client's views follow the same analysis. */
  const outdated = (uris: readonly string[]) => {
    channel.outdated(uris);
    lenses.outdated(uris);
    viewsOutdated(uris);
  };
  const fail = (what: string) => logFailure(connection, what);
  serveDocumentFeatures(connection, store, linter, support);
  serveWorkspaceSymbols(connection, store, settings, { canAsk: support.workspaceFolders, initial: start.folders });
  serveCommands(connection, store, linter, support.applyEdit);

  connection.onInitialized(() => {
    // The core loads now, while the client gets ready, rather than with the first document.
    core();
    if (support.registerConfiguration) connection.client.register(DidChangeConfigurationNotification.type, { section: SECTION }).catch(fail('Registering for settings changes'));
    if (support.registerFileWatchers) connection.client.register(DidChangeWatchedFilesNotification.type, { watchers: [{ globPattern: RULE_FILES }] }).catch(fail('Registering the file watcher'));
  });

  /**
   * The text `uri`'s diagnostics follow has changed, and with it those of the other open files of
   * its set: on every edit under `auditd.run: onType`, on open and save under `onSave`. A pulling
   * client asks again by itself on open and edit (for the other files too: interFileDependencies),
   * but not on save. It asks for the lenses of an edited or opened document again, not of the others.
   */
  const textChanged = (uri: string, run: RunOn, event: 'edit' | 'open' | 'save') =>
    settings.get(uri).then((current) => {
      if (current.run !== run) return;
      const members = openMembers(uri, store.uris());
      lenses.outdated(event === 'save' ? members : members.filter((other) => other !== uri));
      viewsOutdated(members);
      if (support.pullDiagnostics && event !== 'save') return;
      channel.outdated(members);
    }).catch(fail(`Updating the diagnostics of ${uri}`));

  // onDidChangeContent fires on open too.
  store.documents.onDidChangeContent(({ document }) => void textChanged(document.uri, 'onType', 'edit'));
  store.documents.onDidOpen(({ document }) => void textChanged(document.uri, 'onSave', 'open'));
  store.documents.onDidSave(({ document }) => void textChanged(document.uri, 'onSave', 'save'));
  refreshOnBomChange(store.documents, outdated);
  store.documents.onDidClose(({ document }) => {
    settings.forget(document.uri);
    channel.closed(document.uri);
    // Unsaved text of the closed document no longer counts for the others of its set.
    outdated(openMembers(document.uri, store.uris()).filter((uri) => uri !== document.uri));
  });

  connection.onDidChangeConfiguration(({ settings: sent }) => {
    settings.changed(sent);
    outdated(store.uris());
  });

  // A rules.d file created, changed or deleted on disk changes the open documents of that directory.
  connection.onDidChangeWatchedFiles(({ changes }) => {
    const dirs = new Set(changes.map((c) => setDirectory(c.uri)));
    dirs.delete(undefined); // a file outside any rules.d is no other document's business
    outdated(store.uris().filter((uri) => dirs.has(setDirectory(uri))));
  });
}
