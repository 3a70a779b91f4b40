/**
 * Reading a rule file from disk without trusting it: the language server reads the siblings of an
 * open document and the rule files of a workspace the user may not trust, and the CLI reads whatever
 * a repository under review holds. Only a regular file is read, up to a size cap; never a named pipe
 * (opening one blocks), a device (/dev/zero never ends), a socket, or a kernel pseudo-file (/proc,
 * /sys: /proc/self/fd/0 is the server's own protocol input). A symbolic link is followed only to a
 * regular file inside the directories the caller allows. Shared by the server and the CLI; the pure
 * core never touches the disk.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

/** Far above any rule file written by hand (the largest real one we know is under 100 KiB), far below what hurts. */
const MAX_RULE_FILE_BYTES = 4 * 1024 * 1024;

export interface ReadPolicy {
  /**
   * Directories a symbolic link may lead into. Undefined: a link may lead anywhere, for a path the
   * user named themselves (as `cat` would follow it); it must still end at a regular file.
   */
  linkRoots?: readonly string[];
}

type FileRead =
  | { ok: true; bytes: Buffer; stats: fs.Stats }
  | { ok: false; reason: string };

/** statfs(2) magic numbers of the kernel's pseudo-file systems, whose "regular" files are kernel state. */
const PSEUDO_FILE_SYSTEMS: ReadonlyMap<number, string> = new Map([
  [0x9fa0, 'proc'],
  [0x62656572, 'sysfs'],
  [0x64626720, 'debugfs'],
  [0x74726163, 'tracefs'],
  [0x73636673, 'securityfs'],
  [0x62656570, 'configfs'],
  [0x27e0eb, 'cgroup'],
  [0x63677270, 'cgroup2'],
  [0xcafe4a11, 'bpf'],
  [0xde5e81e4, 'efivarfs'],
  [0x6165676c, 'pstore'],
]);

const OPEN_FLAGS = fs.constants.O_RDONLY | fs.constants.O_NOFOLLOW | fs.constants.O_NONBLOCK | fs.constants.O_NOCTTY;

/** The file's bytes, or in words why it was not read. */
export function readRegularFile(file: string, policy: ReadPolicy = {}, limit = MAX_RULE_FILE_BYTES): FileRead {
  return withRegularFile(file, policy, (fd, stats) => {
    if (stats.size > limit) return tooLarge(stats.size, limit);
    const bytes = readUpTo(fd, limit + 1, stats.size + 1);
    // The file grew since fstat: the cap holds for what is really there.
    return bytes.length > limit ? tooLarge(bytes.length, limit) : { ok: true, bytes, stats };
  });
}

/** The first `count` bytes (fewer when the file is shorter), under the same rules as readRegularFile. */
export function readRegularFileHead(file: string, count: number, policy: ReadPolicy = {}): FileRead {
  return withRegularFile(file, policy, (fd, stats) => ({ ok: true, bytes: readUpTo(fd, count, count), stats }));
}

function withRegularFile(file: string, policy: ReadPolicy, read: (fd: number, stats: fs.Stats) => FileRead): FileRead {
  let target: string;
  let checked: fs.Stats;
  try {
    const link = fs.lstatSync(file);
    if (link.isSymbolicLink()) {
      const resolved = resolveLink(file);
      if (!resolved.ok) return resolved;
      target = resolved.target;
      if (policy.linkRoots && !policy.linkRoots.some((root) => isInside(target, realOrSelf(root)))) {
        return { ok: false, reason: `a link to ${target}, outside ${policy.linkRoots.join(' and ')}` };
      }
    } else {
      target = file;
    }
    // Judged before opening: opening a device can itself act (a tape rewinds), opening a pipe blocks.
    checked = link.isSymbolicLink() ? fs.statSync(target) : link;
  } catch (err) {
    return { ok: false, reason: ioReason(err) };
  }
  const kind = nonRegularKind(checked);
  if (kind) return { ok: false, reason: `${kind}, not a regular file` };
  const pseudo = pseudoFileSystem(target);
  if (pseudo) return { ok: false, reason: `a file of the kernel's ${pseudo} file system, not a rule file` };
  let fd: number | undefined;
  try {
    fd = fs.openSync(target, OPEN_FLAGS);
    const opened = fs.fstatSync(fd);
    // Replaced between the check and the open: judge what was opened, not what was checked.
    if (opened.ino !== checked.ino || opened.dev !== checked.dev || !opened.isFile()) return { ok: false, reason: 'changed while being read' };
    return read(fd, opened);
  } catch (err) {
    return { ok: false, reason: ioReason(err) };
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}

/** /proc/self/fd/0 leads to "pipe:[1234]", which no path names: say where it pointed. */
function resolveLink(file: string): { ok: true; target: string } | { ok: false; reason: string } {
  try {
    return { ok: true, target: fs.realpathSync(file) };
  } catch (err) {
    let to = '';
    try {
      to = ` ${fs.readlinkSync(file)}`;
    } catch {
      // Gone since lstat: the reason below says so.
    }
    return { ok: false, reason: `a link to${to} that leads to no file (${ioReason(err)})` };
  }
}

function realOrSelf(dir: string): string {
  try {
    return fs.realpathSync(dir);
  } catch {
    return dir;
  }
}

/**
 * Up to `max` bytes, read into one buffer of `expected` bytes (what fstat said, and one more to see a file
 * that grew since), made larger only when the file is: no chunks to copy together, nothing zeroed first.
 */
function readUpTo(fd: number, max: number, expected: number): Buffer {
  let buffer = Buffer.allocUnsafe(Math.min(max, Math.max(expected, 1)));
  let total = 0;
  while (total < max) {
    if (total === buffer.length) {
      const larger = Buffer.allocUnsafe(Math.min(max, buffer.length * 2));
      buffer.copy(larger, 0, 0, total);
      buffer = larger;
    }
    const n = fs.readSync(fd, buffer, total, buffer.length - total, null);
    if (n === 0) break;
    total += n;
  }
  return buffer.subarray(0, total);
}

function nonRegularKind(stats: fs.Stats): string | undefined {
  if (stats.isFile()) return undefined;
  if (stats.isFIFO()) return 'a named pipe';
  if (stats.isCharacterDevice()) return 'a character device';
  if (stats.isBlockDevice()) return 'a block device';
  if (stats.isSocket()) return 'a socket';
  if (stats.isDirectory()) return 'a directory';
  return 'not a file';
}

function pseudoFileSystem(file: string): string | undefined {
  try {
    return PSEUDO_FILE_SYSTEMS.get(Number(fs.statfsSync(file).type));
  } catch {
    return undefined; // The open that follows reports what is wrong with the path.
  }
}

function tooLarge(size: number, limit: number): FileRead {
  return { ok: false, reason: `${mebibytes(size)}, more than the ${mebibytes(limit)} a rule file may have` };
}

function mebibytes(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${+(bytes / (1024 * 1024)).toFixed(1)} MiB` : `${bytes} bytes`;
}

/** `file` is `dir` or below it (both real paths, or both as given). */
function isInside(file: string, dir: string): boolean {
  const rel = path.relative(dir, file);
  return rel === '' || (rel !== '..' && !rel.startsWith(`..${path.sep}`) && !path.isAbsolute(rel));
}

/** Node's fs error codes in words, so a message reads `x.rules: no such file or directory`. */
export function ioReason(err: unknown): string {
  const code = (err as NodeJS.ErrnoException).code;
  const words: Record<string, string> = {
    ENOENT: 'no such file or directory',
    EACCES: 'permission denied',
    EPERM: 'operation not permitted',
    EISDIR: 'is a directory',
    ENOTDIR: 'not a directory',
    ELOOP: 'a loop of symbolic links',
    ENXIO: 'a socket or a device without a driver, not a regular file',
  };
  return (code && words[code]) ?? (err as Error).message;
}
