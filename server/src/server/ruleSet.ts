/**
 * Which files a document is analysed with. A *.rules file whose directory is named rules.d is one
 * of the files augenrules merges: the set is every *.rules file there (read from disk), with the
 * open documents' text winning over what is on disk. Any other document stands alone, as
 * `auditctl -R file` loads it.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { augenrulesTakes, rulesDirOf, type RuleFile } from '../core';
import type { OpenTexts } from './documents';

export interface ResolvedSet {
  files: RuleFile[];
  merged: boolean;
  /** The rules.d directory's URI, where the "create docker.rules" action puts its file. */
  dir?: string;
}

/** The file system path of the rules.d directory a document belongs to, if it belongs to one. */
export function setDirectory(uri: string): string | undefined {
  const path = filePath(uri);
  return path === undefined ? undefined : rulesDirOf(path);
}

export function resolveRuleSet(uri: string, open: OpenTexts): ResolvedSet {
  const dir = setDirectory(uri);
  if (dir === undefined) return { files: [{ uri, text: open.text(uri) ?? '' }], merged: false };
  // The document's own URI spelling (clients percent-encode differently) names the files read from disk.
  const dirUri = uri.slice(0, uri.lastIndexOf('/'));
  const byPath = new Map<string, RuleFile>();
  for (const name of ruleFileNames(dir)) {
    const text = readText(join(dir, name));
    if (text !== undefined) byPath.set(join(dir, name), { uri: `${dirUri}/${encodeURIComponent(name)}`, text });
  }
  // Open documents of the directory, including ones not (or no longer) on disk.
  for (const other of open.uris()) {
    const text = open.text(other);
    if (text !== undefined && setDirectory(other) === dir) byPath.set(filePath(other)!, { uri: other, text });
  }
  return { files: [...byPath.values()], merged: true, dir: dirUri };
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

function readText(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined; // A directory named *.rules, a dangling link, no permission: augenrules' cat fails on it too.
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
