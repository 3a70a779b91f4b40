/**
 * What the server offers for what the client can do: its answer to initialize. Values of the LSP library
 * are written out (their types say they are the library's), so that the answer can be made before the
 * library loads (server/wire/earlyInitialize).
 */
import type { ClientCapabilities, CodeActionKind, InitializeParams, InitializeResult, ServerCapabilities, TextDocumentSyncKind } from 'vscode-languageserver-protocol';
import type { FIX_ALL_KIND } from '../core';
import { version } from '../../../package.json';
import { SERVER_COMMANDS } from './protocol';

// What the client can do decides what the server offers and how it delivers diagnostics.
export interface ClientSupport {
  /** textDocument/diagnostic; otherwise diagnostics are pushed. */
  pullDiagnostics: boolean;
  refreshDiagnostics: boolean;
  /** workspace/codeLens/refresh: the coverage lens changes when another file of the set does. */
  refreshCodeLenses: boolean;
  /** workspace/configuration; otherwise defaults, or what didChangeConfiguration carries. */
  configuration: boolean;
  registerConfiguration: boolean;
  registerFileWatchers: boolean;
  /** A workspace edit may create a file (the "create rules.d/docker.rules" action). */
  createFiles: boolean;
  /** workspace/applyEdit, which "add all missing" needs. */
  applyEdit: boolean;
  /** The client rewrites line endings in edits to the document's own (VS Code): a CRLF → LF edit does nothing there. */
  normalizesLineEndings: boolean;
  /** workspace/workspaceFolders: the folders as they are now, not only as they were at start. */
  workspaceFolders: boolean;
}

export function clientSupport(c: ClientCapabilities): ClientSupport {
  const edit = c.workspace?.workspaceEdit;
  return {
    pullDiagnostics: c.textDocument?.diagnostic !== undefined,
    refreshDiagnostics: c.workspace?.diagnostics?.refreshSupport === true,
    refreshCodeLenses: c.workspace?.codeLens?.refreshSupport === true,
    configuration: c.workspace?.configuration === true,
    registerConfiguration: c.workspace?.didChangeConfiguration?.dynamicRegistration === true,
    registerFileWatchers: c.workspace?.didChangeWatchedFiles?.dynamicRegistration === true,
    createFiles: edit?.documentChanges === true && (edit.resourceOperations ?? []).includes('create'),
    applyEdit: c.workspace?.applyEdit === true,
    normalizesLineEndings: edit?.normalizesLineEndings === true,
    workspaceFolders: c.workspace?.workspaceFolders === true,
  };
}

/** The answer to initialize. */
export function initializeResult(params: InitializeParams): InitializeResult {
  return { capabilities: serverCapabilities(clientSupport(params.capabilities)), serverInfo: { name: 'auditd-language-server', version } };
}

/** The core's fix-all kind, written out (its type says it is the same) so that answering initialize does not load the core. */
const FIX_ALL: typeof FIX_ALL_KIND = 'source.fixAll.auditd';
const QUICK_FIX: typeof CodeActionKind.QuickFix = 'quickfix';
const INCREMENTAL: typeof TextDocumentSyncKind.Incremental = 2;

/** Typing a space, `=`, `,` or `-` starts the next word of a rule: an option, a value, a syscall. */
const TRIGGER_CHARACTERS = [' ', '=', ',', '-'];

function serverCapabilities(support: ClientSupport): ServerCapabilities {
  return {
    textDocumentSync: { openClose: true, change: INCREMENTAL, save: { includeText: false } },
    codeActionProvider: { codeActionKinds: [QUICK_FIX, FIX_ALL] },
    hoverProvider: true,
    completionProvider: { triggerCharacters: TRIGGER_CHARACTERS },
    documentSymbolProvider: true,
    workspaceSymbolProvider: true,
    codeLensProvider: { resolveProvider: false },
    executeCommandProvider: { commands: [...SERVER_COMMANDS] },
    // interFileDependencies: an edit in one file of a rules.d set changes the others' diagnostics.
    ...(support.pullDiagnostics ? { diagnosticProvider: { identifier: 'auditd', interFileDependencies: true, workspaceDiagnostics: false } } : {}),
  };
}
