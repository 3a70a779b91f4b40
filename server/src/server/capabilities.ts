/** What the client can do decides what the server offers and how it delivers diagnostics. */
import { CodeActionKind, TextDocumentSyncKind, type ClientCapabilities, type ServerCapabilities } from 'vscode-languageserver/node';
import { FIX_ALL_KIND } from '../core';

export interface ClientSupport {
  /** textDocument/diagnostic; otherwise diagnostics are pushed. */
  pullDiagnostics: boolean;
  refreshDiagnostics: boolean;
  /** workspace/configuration; otherwise defaults, or what didChangeConfiguration carries. */
  configuration: boolean;
  registerConfiguration: boolean;
  registerFileWatchers: boolean;
  /** A workspace edit may create a file (the "create rules.d/docker.rules" action). */
  createFiles: boolean;
}

export function clientSupport(c: ClientCapabilities): ClientSupport {
  const edit = c.workspace?.workspaceEdit;
  return {
    pullDiagnostics: c.textDocument?.diagnostic !== undefined,
    refreshDiagnostics: c.workspace?.diagnostics?.refreshSupport === true,
    configuration: c.workspace?.configuration === true,
    registerConfiguration: c.workspace?.didChangeConfiguration?.dynamicRegistration === true,
    registerFileWatchers: c.workspace?.didChangeWatchedFiles?.dynamicRegistration === true,
    createFiles: edit?.documentChanges === true && (edit.resourceOperations ?? []).includes('create'),
  };
}

export function serverCapabilities(support: ClientSupport): ServerCapabilities {
  return {
    textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental, save: { includeText: false } },
    codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, FIX_ALL_KIND] },
    // interFileDependencies: an edit in one file of a rules.d set changes the others' diagnostics.
    ...(support.pullDiagnostics ? { diagnosticProvider: { identifier: 'auditd', interFileDependencies: true, workspaceDiagnostics: false } } : {}),
  };
}
