/**
 * Writing --fix's result in place of each file, keeping the file what it was: its owner, group and
 * mode, and its hard links. Every file is checked before any is written (still the file that was
 * read, a regular file, writable, not marked read-only unless --force), so a run that cannot finish
 * changes nothing.
 *
 * The usual file is replaced atomically by write-file-atomic (a temporary file beside it, fsync'd,
 * given the original's owner, group and mode, renamed over it): a crash leaves the old file or the
 * new one. A rename cannot keep a hard link (the other names would keep the old text) nor, for a
 * user other than root, another user's ownership: such a file is written through its own inode,
 * after an fsync'd backup copy beside it that is removed once the new text is on disk.
 */
import { randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ioReason } from '../disk/regularFile';
import { CliError, ioMessage } from './errors';
import type { SourceFile } from './inputs';

export interface Rewrite {
  file: SourceFile;
  text: string;
}

/** Checks every file, then writes them all; throws before writing anything if one cannot be written. */
export function rewriteAll(rewrites: readonly Rewrite[], force: boolean): void {
  const problems = rewrites.flatMap(({ file }) => {
    const problem = cannotRewrite(file, force);
    return problem ? [`${file.path}: ${problem}`] : [];
  });
  if (problems.length > 0) throw new CliError(`${problems.join('\n')}\nNothing was written.`);
  const written: string[] = [];
  for (const { file, text } of rewrites) {
    try {
      rewrite(file, text);
    } catch (err) {
      const done = written.length > 0 ? ` (already fixed: ${written.join(', ')})` : '';
      throw new CliError(`${err instanceof CliError ? err.message : ioMessage(file.path, err)}${done}`);
    }
    written.push(file.path);
  }
}

/**
 * How a file is written: replaced by a new file (atomic), or through its own inode when a rename would
 * split its hard links or, for a user other than root, give it a new owner.
 */
type Method = 'replace' | 'inode';

function methodFor(stats: fs.Stats): Method {
  return stats.nlink > 1 || !ownershipKept(stats) ? 'inode' : 'replace';
}

/** A new file made by this process can be given the original's owner and group (root can give any). */
function ownershipKept(stats: fs.Stats): boolean {
  const uid = process.getuid?.();
  if (uid === undefined || uid === 0) return true;
  return stats.uid === uid && (stats.gid === process.getgid?.() || (process.getgroups?.().includes(stats.gid) ?? false));
}

/** Why the file cannot be rewritten, or undefined. */
function cannotRewrite(file: SourceFile, force: boolean): string | undefined {
  let target: string;
  let now: fs.Stats;
  try {
    target = fs.realpathSync(file.absolute);
    now = fs.statSync(target);
  } catch (err) {
    return ioReason(err);
  }
  if (!now.isFile()) return 'not a regular file any more';
  const read = file.stats;
  if (now.ino !== read.ino || now.dev !== read.dev || now.size !== read.size || now.mtimeMs !== read.mtimeMs) {
    return 'changed on disk while auditd-lint ran; run it again';
  }
  if (!force && readOnly(now)) return `read-only (mode ${(now.mode & 0o7777).toString(8).padStart(4, '0')}); make it writable, or fix it anyway with --force`;
  const dir = path.dirname(target);
  if (!canAccess(dir, fs.constants.W_OK)) return `cannot create a file in ${dir}, where its temporary file or backup goes`;
  if (methodFor(now) === 'inode' && !canAccess(target, fs.constants.W_OK)) {
    return now.nlink > 1
      ? `no write permission, and it has ${now.nlink} hard links, so it can only be written in place`
      : 'no write permission, and it belongs to another user, so it can only be written in place';
  }
  return undefined;
}

/**
 * No write permission for this user, as the mode says. Root may write anything, so for root a file
 * counts as read-only when nobody may write it (0444): someone marked it so on purpose.
 */
function readOnly(stats: fs.Stats): boolean {
  const uid = process.getuid?.();
  if (uid === 0) return (stats.mode & 0o222) === 0;
  if (uid === stats.uid) return (stats.mode & 0o200) === 0;
  if (process.getgroups?.().includes(stats.gid)) return (stats.mode & 0o020) === 0;
  return (stats.mode & 0o002) === 0;
}

function canAccess(file: string, mode: number): boolean {
  try {
    fs.accessSync(file, mode);
    return true;
  } catch {
    return false;
  }
}

function rewrite(file: SourceFile, text: string): void {
  const target = fs.realpathSync(file.absolute);
  const stats = fs.statSync(target);
  if (methodFor(stats) === 'inode') writeThroughInode(file, target, Buffer.from(text, 'utf8'));
  // Required here, not at the top: only --fix writes, and loading the library (and signal-exit, which
  // it loads) at every start would cost each lint that writes nothing.
  else (require('write-file-atomic') as typeof import('write-file-atomic')).sync(target, text, { encoding: 'utf8', fsync: true, mode: stats.mode & 0o7777, chown: { uid: stats.uid, gid: stats.gid } });
}

/**
 * The new text written into the file's own inode, so every hard link sees it and owner, group, mode
 * and inode stay. Not atomic, so a backup copy is made beside it first (fsync'd); if the write fails
 * the old text is put back from it; if that fails too, the backup is kept and named.
 */
function writeThroughInode(file: SourceFile, target: string, bytes: Buffer): void {
  const backup = path.join(path.dirname(target), `.${path.basename(target)}.auditd-lint-backup-${randomUUID()}`);
  const original = fs.readFileSync(target);
  writeAndSync(backup, original, 'wx');
  try {
    writeAndSync(target, bytes, 'r+');
  } catch (err) {
    try {
      writeAndSync(target, original, 'r+');
    } catch {
      throw new CliError(`${ioMessage(file.path, err)}; it may be half written: its old text is in ${backup}`);
    }
    fs.rmSync(backup, { force: true });
    throw err;
  }
  fs.rmSync(backup, { force: true });
}

/** `flags` 'r+' writes an existing file from its start and cuts it to the new length; 'wx' creates a new one. */
function writeAndSync(file: string, bytes: Buffer, flags: 'r+' | 'wx'): void {
  const fd = fs.openSync(file, flags, 0o600);
  try {
    let done = 0;
    while (done < bytes.length) done += fs.writeSync(fd, bytes, done, bytes.length - done, done);
    fs.ftruncateSync(fd, bytes.length);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}
