/**
 * workspace/symbol: the rules of every rule file in the workspace folders (and of the open auditd
 * documents elsewhere) whose text contains the query. An open document's text wins over the disk.
 * Each folder's files are read under that folder's auditd.targetArch.
 */
import { isAbsolute, relative, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Connection, SymbolInformation, WorkspaceFolder } from 'vscode-languageserver/node';
import { workspaceSymbols, type RuleFile } from '../core';
import type { DocumentStore } from './documents';
import { filePath } from './ruleSet';
import type { SettingsStore } from './settingsStore';
import { findRuleFiles, readRuleFile } from './workspaceRuleFiles';

export interface FolderSource {
  /** workspace/workspaceFolders can be asked (the folders as they are now). */
  canAsk: boolean;
  /** The folders the client started with (initialize's workspaceFolders or rootUri). */
  initial: readonly WorkspaceFolder[];
}

export function serveWorkspaceSymbols(connection: Connection, store: DocumentStore, settings: SettingsStore, folders: FolderSource): void {
  const warned = new Set<string>();
  /** Once per file and reason: Ctrl+T asks on every keystroke. */
  const skipped = (path: string, reason: string) => {
    const message = `Workspace symbols: ${path} was not read: ${reason}.`;
    if (warned.has(message)) return;
    warned.add(message);
    connection.console.warn(message);
  };
  connection.onWorkspaceSymbol(async ({ query }) => {
    const current = folders.canAsk ? ((await connection.workspace.getWorkspaceFolders()) ?? []) : folders.initial;
    const symbols: SymbolInformation[] = [];
    for (const [scope, files] of await filesBySettingsScope(current, store, skipped)) {
      symbols.push(...workspaceSymbols(files, query, (await settings.get(scope)).analysis.targetArch));
    }
    return symbols;
  });
}

/**
 * The rule files found in the folders, under the URI of the innermost folder holding each (folders
 * may nest), and the open documents found in none, each under its own URI.
 */
async function filesBySettingsScope(folders: readonly WorkspaceFolder[], store: DocumentStore, skipped: (path: string, reason: string) => void): Promise<Map<string, RuleFile[]>> {
  // Virtual folders (no file: URI) are not scanned; their open documents still count.
  const roots = folders.flatMap((f) => {
    const path = filePath(f.uri);
    return path === undefined ? [] : [{ uri: f.uri, path }];
  });
  const texts = store.view('typed');
  const openByPath = new Map(store.uris().map((uri) => [filePath(uri) ?? uri, uri]));
  const groups = new Map<string, RuleFile[]>();
  const add = (scope: string, file: RuleFile) => groups.set(scope, [...(groups.get(scope) ?? []), file]);
  const rootPaths = roots.map((r) => r.path);
  for (const path of await findRuleFiles(rootPaths)) {
    const scope = roots.filter((r) => isWithin(path, r.path)).sort((a, b) => b.path.length - a.path.length)[0].uri;
    const open = openByPath.get(path);
    openByPath.delete(path);
    if (open !== undefined) {
      add(scope, { uri: open, text: texts.text(open) ?? '' });
      continue;
    }
    const read = readRuleFile(path, rootPaths);
    if ('text' in read) add(scope, { uri: pathToFileURL(path).href, text: read.text });
    else skipped(path, read.reason);
  }
  for (const uri of openByPath.values()) add(uri, { uri, text: texts.text(uri) ?? '' });
  return groups;
}

function isWithin(path: string, dir: string): boolean {
  const rel = relative(dir, path);
  return rel !== '' && rel !== '..' && !rel.startsWith(`..${sep}`) && !isAbsolute(rel);
}
