/**
 * Which files a document is analysed with. A *.rules file whose directory is named rules.d is one
 * of the files augenrules merges: the set is every *.rules file there (read from disk), with the
 * open documents' text winning over what is on disk. Any other document stands alone, as
 * `auditctl -R file` loads it. Only regular files are read from disk, and a link only when it leads
 * into the rules.d directory or a workspace folder (disk/regularFile); the others are left out of the
 * set, and the set says which and why.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { augenrulesTakes, rulesDirOf, type RuleFile } from '../core';
import { readRegularFile } from '../disk/regularFile';
import type { OpenTexts } from './documents';

export interface ResolvedSet {
  files: RuleFile[];
  merged: boolean;
  /** The rules.d directory's URI, where the "create docker.rules" action puts its file. */
  dir?: string;
  /** Files of the directory left out of the set, with the reason. */
  skipped: SkippedFile[];
}

export interface SkippedFile {
  name: string;
  reason: string;
}

/** The file system path of the rules.d directory a document belongs to, if it belongs to one. */
export function setDirectory(uri: string): string | undefined {
  const path = filePath(uri);
  return path === undefined ? undefined : rulesDirOf(path);
}

/** `workspaceFolders`: file system paths a sibling's link may lead into, besides the rules.d directory itself. */
export function resolveRuleSet(uri: string, open: OpenTexts, workspaceFolders: readonly string[]): ResolvedSet {
  const dir = setDirectory(uri);
  if (dir === undefined) return { files: [{ uri, text: open.text(uri) ?? '' }], merged: false, skipped: [] };
  // The document's own URI spelling (clients percent-encode differently) names the files read from disk.
  const dirUri = uri.slice(0, uri.lastIndexOf('/'));
  const byPath = new Map<string, RuleFile>();
  // Open documents of the directory, including ones not (or no longer) on disk; their text wins.
  for (const other of open.uris()) {
    const text = open.text(other);
    if (text !== undefined && setDirectory(other) === dir) byPath.set(filePath(other)!, { uri: other, text });
  }
  const skipped: SkippedFile[] = [];
  const policy = { linkRoots: [dir, ...workspaceFolders] };
  for (const name of ruleFileNames(dir)) {
    const path = join(dir, name);
    if (byPath.has(path)) continue;
    const read = readRegularFile(path, policy);
    if (read.ok) byPath.set(path, { uri: `${dirUri}/${encodeURIComponent(name)}`, text: read.bytes.toString('utf8') });
    else skipped.push({ name, reason: read.reason });
  }
  return { files: [...byPath.values()], merged: true, dir: dirUri, skipped };
}

/** The open documents whose diagnostics depend on this document's text (itself included). */
export function openMembers(uri: string, open: readonly string[]): string[] {
  const dir = setDirectory(uri);
  return dir === undefined ? [uri] : open.filter((other) => other === uri || setDirectory(other) === dir);
}

function ruleFileNames(dir: string): string[] {
  try {
    return readdirSync(dir).filter(augenrulesTakes);
  } catch {
    return []; // The directory is gone or unreadable: the open documents are all there is.
  }
}

/** The file system path of a file: URI; other schemes (untitled:, a virtual workspace's) have none. */
export function filePath(uri: string): string | undefined {
  if (!uri.startsWith('file:')) return undefined;
  try {
    return fileURLToPath(uri);
  } catch {
    return undefined;
  }
}
