/**
 * workspace/symbol: the rules of every rule file in the workspace folders (and of the open auditd
 * documents elsewhere) whose text contains the query. An open document's text wins over the disk.
 * Each folder's files are read under that folder's auditd.targetArch.
 */
import { basename, dirname, isAbsolute, join, relative, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import { type Dirent, lstatSync, statSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { type Connection, LSPErrorCodes, ResponseError, type SymbolInformation, type WorkspaceFolder } from 'vscode-languageserver/node';
import type { RuleFile } from '../core';
import { readRegularFile } from '../disk/regularFile';
import { core } from './core';
import { type DocumentStore, filePath } from './documents';
import type { SettingsStore } from './settings';

interface FolderSource {
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
  const disk = new DiskTexts();
  connection.onWorkspaceSymbol(async ({ query }, token) => {
    const current = folders.canAsk ? ((await connection.workspace.getWorkspaceFolders()) ?? []) : folders.initial;
    const symbols: SymbolInformation[] = [];
    const groups = await filesBySettingsScope(current, store, disk, skipped);
    // Ctrl+T asks again on every keystroke and cancels the last ask.
    if (token.isCancellationRequested) throw new ResponseError(LSPErrorCodes.RequestCancelled, 'The request was cancelled.');
    for (const [scope, files] of groups) {
      symbols.push(...core().workspaceSymbols(files, query, (await settings.get(scope)).analysis.targetArch));
    }
    return symbols;
  });
}

/**
 * The rule files found in the folders, under the URI of the innermost folder holding each (folders
 * may nest), and the open documents found in none, each under its own URI.
 */
async function filesBySettingsScope(folders: readonly WorkspaceFolder[], store: DocumentStore, disk: DiskTexts, skipped: (path: string, reason: string) => void): Promise<Map<string, RuleFile[]>> {
  // Virtual folders (no file: URI) are not scanned; their open documents still count.
  const roots = folders.flatMap((f) => {
    const path = filePath(f.uri);
    return path === undefined ? [] : [{ uri: f.uri, path }];
  });
  const texts = store.view('typed');
  const openByPath = new Map(store.uris().map((uri) => [filePath(uri) ?? uri, uri]));
  const groups = new Map<string, RuleFile[]>();
  const add = (scope: string, file: RuleFile) => {
    const group = groups.get(scope);
    if (group) group.push(file);
    else groups.set(scope, [file]);
  };
  const rootPaths = roots.map((r) => r.path);
  const found = await findRuleFiles(rootPaths);
  disk.keepOnly(found);
  for (const path of found) {
    const scope = roots.filter((r) => isWithin(path, r.path)).sort((a, b) => b.path.length - a.path.length)[0].uri;
    const open = openByPath.get(path);
    openByPath.delete(path);
    if (open !== undefined) {
      add(scope, { uri: open, text: texts.text(open) ?? '' });
      continue;
    }
    const read = disk.read(path, rootPaths);
    if ('text' in read) add(scope, { uri: pathToFileURL(path).href, text: read.text });
    else skipped(path, read.reason);
  }
  for (const uri of openByPath.values()) add(uri, { uri, text: texts.text(uri) ?? '' });
  return groups;
}

/**
 * The workspace's rule files as last read, each kept while its inode, size and times (and its link's)
 * stay the same: Ctrl+T asks on every keystroke, and the files seldom change between two.
 */
class DiskTexts {
  private readonly texts = new Map<string, { stamp: string; read: { text: string } | { reason: string } }>();

  read(path: string, roots: readonly string[]): { text: string } | { reason: string } {
    const stamp = fileStamp(path);
    const key = `${path}\0${roots.join('\0')}`;
    const cached = this.texts.get(key);
    if (stamp !== undefined && cached?.stamp === stamp) return cached.read;
    const read = readRuleFile(path, roots);
    if (stamp !== undefined) this.texts.set(key, { stamp, read });
    return read;
  }

  /** Forgets the files no longer found, so the cache holds at most one scan's worth. */
  keepOnly(paths: readonly string[]): void {
    const kept = new Set(paths);
    for (const key of this.texts.keys()) if (!kept.has(key.slice(0, key.indexOf('\0')))) this.texts.delete(key);
  }
}

function fileStamp(path: string): string | undefined {
  try {
    const link = lstatSync(path);
    const file = link.isSymbolicLink() ? statSync(path) : link;
    return [link.ino, link.ctimeMs, file.dev, file.ino, file.size, file.mtimeMs, file.ctimeMs].join(':');
  } catch {
    return undefined;
  }
}

function isWithin(path: string, dir: string): boolean {
  const rel = relative(dir, path);
  return rel !== '' && rel !== '..' && !rel.startsWith(`..${sep}`) && !isAbsolute(rel);
}

// The rule files of the workspace folders, claimed as the manifest gives files the auditd language:
// audit.rules and audit-stop.rules anywhere, and *.rules files with a directory named audit or
// auditd above them (/etc/audit/rules.d/*.rules). A directory named rules.d alone is not enough:
// /etc/udev/rules.d/*.rules are udev rules.
// The scan is bounded (a workspace may be a whole file system), goes breadth-first so that the
// bound cuts the deepest directories, skips node_modules and .git, and follows no directory link
// (no cycles). A file is read only when it is a regular file, or a link to one inside the folders.
const FILENAMES = new Set(['audit.rules', 'audit-stop.rules']);
const PARENTS = new Set(['audit', 'auditd']);
const SKIPPED = new Set(['node_modules', '.git']);

const SCAN_LIMITS = {
  directories: 10_000,
  files: 1_000,
};

function isRuleFile(path: string): boolean {
  const name = basename(path);
  return FILENAMES.has(name) || (name.endsWith('.rules') && dirname(path).split(sep).some((part) => PARENTS.has(part)));
}

/** The rule files under these directories, each once (folders may nest). */
async function findRuleFiles(roots: readonly string[]): Promise<string[]> {
  const found = new Set<string>();
  const queue = [...roots];
  const seen = new Set<string>();
  while (queue.length > 0 && seen.size < SCAN_LIMITS.directories && found.size < SCAN_LIMITS.files) {
    const dir = queue.shift()!;
    if (seen.has(dir)) continue;
    seen.add(dir);
    for (const entry of await entries(dir)) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) {
        if (!SKIPPED.has(entry.name)) queue.push(path);
      } else if ((entry.isFile() || entry.isSymbolicLink()) && isRuleFile(path) && found.size < SCAN_LIMITS.files) {
        found.add(path);
      }
    }
  }
  return [...found];
}

/** The file's text, or why it was not read (too large, not a regular file, a link out of `roots`, gone). */
function readRuleFile(path: string, roots: readonly string[]): { text: string } | { reason: string } {
  const read = readRegularFile(path, { linkRoots: roots });
  return read.ok ? { text: read.bytes.toString('utf8') } : { reason: read.reason };
}

async function entries(dir: string): Promise<Dirent[]> {
  try {
    return await readdir(dir, { withFileTypes: true });
  } catch {
    return []; // Unreadable or gone since it was listed.
  }
}
