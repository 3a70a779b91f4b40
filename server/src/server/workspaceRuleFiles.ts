/**
 * The rule files of the workspace folders, claimed as the manifest gives files the auditd language:
 * audit.rules and audit-stop.rules anywhere, and *.rules files with a directory named audit or
 * auditd above them (/etc/audit/rules.d/*.rules). A directory named rules.d alone is not enough:
 * /etc/udev/rules.d/*.rules are udev rules.
 *
 * The scan is bounded (a workspace may be a whole file system), goes breadth-first so that the
 * bound cuts the deepest directories, skips node_modules and .git, and follows no directory link
 * (no cycles). A file is read only when it is a regular file, or a link to one inside the folders.
 */
import type { Dirent } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { basename, dirname, join, sep } from 'node:path';
import { readRegularFile } from '../disk/regularFile';

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
export async function findRuleFiles(roots: readonly string[]): Promise<string[]> {
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
export function readRuleFile(path: string, roots: readonly string[]): { text: string } | { reason: string } {
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
