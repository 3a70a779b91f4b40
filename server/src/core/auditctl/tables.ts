/**
 * The audit rules language as data: every table auditctl consults, loaded once from the project's own
 * data files (server/data/auditctl, extracted from audit-userspace). Names are case-insensitive in
 * auditctl's lookups (gen_tables --lowercase), so every map is keyed by the lower-cased name.
 */
import fieldsTsv from '../../../data/auditctl/fields.tsv';
import listsTsv from '../../../data/auditctl/lists.tsv';
import machinesTsv from '../../../data/auditctl/machines.tsv';
import comparePairsTsv from '../../../data/auditctl/compare-pairs.tsv';
import errnosTsv from '../../../data/auditctl/errnos.tsv';
import msgtypesTsv from '../../../data/auditctl/msgtypes.tsv';
import filetypesTsv from '../../../data/auditctl/filetypes.tsv';
import fstypesTsv from '../../../data/auditctl/fstypes.tsv';
import permSyscallsTsv from '../../../data/auditctl/perm-syscalls.tsv';
import x86_64 from '../../../data/auditctl/syscalls/x86_64.tsv';
import i386 from '../../../data/auditctl/syscalls/i386.tsv';
import aarch64 from '../../../data/auditctl/syscalls/aarch64.tsv';
import arm from '../../../data/auditctl/syscalls/arm.tsv';
import ppc from '../../../data/auditctl/syscalls/ppc.tsv';
import s390 from '../../../data/auditctl/syscalls/s390.tsv';
import s390x from '../../../data/auditctl/syscalls/s390x.tsv';
import riscv32 from '../../../data/auditctl/syscalls/riscv32.tsv';
import riscv64 from '../../../data/auditctl/syscalls/riscv64.tsv';
import ioUring from '../../../data/auditctl/syscalls/io_uring.tsv';

/** Rows of a tab-separated data file; `#` lines are the file's own documentation. */
export function parseTsv(text: string): string[][] {
  const rows: string[][] = [];
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    rows.push(line.replace(/\r$/, '').split('\t'));
  }
  return rows;
}

/**
 * A number → name map from a two-column table, in the table's own case, as libaudit's generated
 * lookups answer: the first name listed for a number (EAGAIN, not EWOULDBLOCK; madvise, not madvise1).
 */
function numberNames(text: string, base = 10): Map<number, string> {
  const names = new Map<number, string>();
  for (const [name, value] of parseTsv(text)) {
    const n = parseInt(value, base);
    if (!names.has(n)) names.set(n, name);
  }
  return names;
}

/** A case-insensitive name → number map from a two-column table. */
function nameTable(text: string, base = 10): Map<string, number> {
  return new Map(parseTsv(text).map(([name, value]) => [name.toLowerCase(), parseInt(value, base)]));
}

type FieldKind =
  | 'number' | 'uid' | 'gid' | 'arch' | 'msgtype' | 'string' | 'sessionid' | 'fstype' | 'inode'
  | 'errno' | 'path' | 'perm' | 'dir' | 'filetype' | 'arg' | 'key' | 'exe' | 'saddr_fam';
export type KernelOps = 'all' | 'nobit' | 'eqne' | 'eq';

export interface FieldSpec {
  name: string;
  id: number;
  kind: FieldKind;
  /** Lists auditctl accepts the field on; undefined = any. */
  lists?: readonly string[];
  kernelOps: KernelOps;
}

export const FIELDS: ReadonlyMap<string, FieldSpec> = new Map(
  parseTsv(fieldsTsv).map(([name, id, kind, lists, kernelOps]) => [
    name,
    { name, id: Number(id), kind: kind as FieldKind, lists: lists === 'any' ? undefined : lists.split(','), kernelOps: kernelOps as KernelOps },
  ]),
);

/** A kernel field id by its name in fields.tsv. */
function fieldId(name: string): number {
  return FIELDS.get(name)!.id;
}

// The kernel's field ids that the checks name, as include/uapi/linux/audit.h names them.
export const AUDIT_LOGINUID = fieldId('auid');
export const AUDIT_ARCH = fieldId('arch');
export const AUDIT_FSTYPE = fieldId('fstype');
export const AUDIT_INODE = fieldId('inode');
export const AUDIT_WATCH = fieldId('path');
export const AUDIT_PERM = fieldId('perm');
export const AUDIT_DIR = fieldId('dir');
export const AUDIT_FIELD_COMPARE = fieldId('field_compare');
export const AUDIT_EXE = fieldId('exe');
export const AUDIT_FILTERKEY = fieldId('key');
/** The uid fields whose value cannot be -1 (auid can: it means "unset"), and the gid ones. */
export const UID_FIELDS: ReadonlySet<number> = new Set(['uid', 'euid', 'suid', 'fsuid', 'obj_uid'].map(fieldId));
export const GID_FIELDS: ReadonlySet<number> = new Set(['gid', 'egid', 'sgid', 'fsgid', 'obj_gid'].map(fieldId));

interface ListSpec {
  name: string;
  /** The kernel's number of the list (AUDIT_FILTER_*), which orders `auditctl -l`; none for a removed list. */
  kernelId?: number;
  syscalls: 'yes' | 'no' | 'removed' | 'io_uring';
}
export const LISTS: ReadonlyMap<string, ListSpec> = new Map(
  parseTsv(listsTsv).map(([name, id, syscalls]) => [name, { name, kernelId: id === '-' ? undefined : Number(id), syscalls: syscalls as ListSpec['syscalls'] }]),
);
export const ACTIONS: readonly string[] = ['always', 'never'];

export interface MachineSpec {
  name: string;
  elf: number;
  table: string;
  bits: 32 | 64;
  /** What b32 means on this machine. */
  b32Twin?: string;
  /** auditctl warns when a rule without arch names other syscalls in the b32 twin's table. */
  warnsMismatch: boolean;
}
export const MACHINES: ReadonlyMap<string, MachineSpec> = new Map(
  parseTsv(machinesTsv).map(([name, elf, table, bits, twin, warns]) => [
    name,
    { name, elf: parseInt(elf, 16), table, bits: Number(bits) as 32 | 64, b32Twin: twin === '-' ? undefined : twin, warnsMismatch: warns === 'yes' },
  ]),
);

const SYSCALL_SOURCES: Record<string, string> = { x86_64, i386, aarch64, arm, ppc, s390, s390x, riscv32, riscv64 };
const syscallCache = new Map<string, Map<string, number>>();
/** name → number for one syscall table (x86_64, i386, …); parsed on first use, the tables are large. */
export function syscallTable(table: string): ReadonlyMap<string, number> {
  let map = syscallCache.get(table);
  if (!map) {
    map = nameTable(SYSCALL_SOURCES[table] ?? '');
    syscallCache.set(table, map);
  }
  return map;
}
const syscallNameCache = new Map<string, Map<number, string>>();
/** number → name for one syscall table, as `auditctl -l` names a rule's syscalls. */
export function syscallNames(table: string): ReadonlyMap<number, string> {
  let map = syscallNameCache.get(table);
  if (!map) {
    map = numberNames(SYSCALL_SOURCES[table] ?? '');
    syscallNameCache.set(table, map);
  }
  return map;
}
export const IO_URING_OPS: ReadonlyMap<string, number> = nameTable(ioUring);
export const IO_URING_OP_NAMES: ReadonlyMap<number, string> = numberNames(ioUring);

export const ERRNOS: ReadonlyMap<string, number> = nameTable(errnosTsv);
export const MSGTYPES: ReadonlyMap<string, number> = nameTable(msgtypesTsv);
export const FILETYPES: ReadonlyMap<string, number> = nameTable(filetypesTsv);
export const FSTYPES: ReadonlyMap<string, number> = nameTable(fstypesTsv, 16);
// The names `auditctl -l` prints for a field's number.
export const ERRNO_NAMES: ReadonlyMap<number, string> = numberNames(errnosTsv);
export const MSGTYPE_NAMES: ReadonlyMap<number, string> = numberNames(msgtypesTsv);
export const FSTYPE_NAMES: ReadonlyMap<number, string> = numberNames(fstypesTsv, 16);

/** Valid -C pairs, both orders, as "left,right" of canonical field names (auid for loginuid). */
export const COMPARE_PAIRS: ReadonlySet<string> = new Set(
  parseTsv(comparePairsTsv).flatMap(([pair]) => {
    const [a, b] = pair.split(',');
    return [`${a},${b}`, `${b},${a}`];
  }),
);

/** The pair as `auditctl -l` prints it (the table's order), by the pair as a rule stores it (sorted names). */
export const COMPARE_LISTED: ReadonlyMap<string, readonly [string, string]> = new Map(
  parseTsv(comparePairsTsv).map(([pair]) => {
    const [a, b] = pair.split(',');
    return [[a, b].sort().join(','), [a, b] as const];
  }),
);


/** Syscalls that `-F perm=` adds when an arch precedes it (lib/permtab.h), per perm class. */
export const PERM_SYSCALLS: ReadonlyMap<string, readonly string[]> = new Map(
  parseTsv(permSyscallsTsv).map(([cls, names]) => [cls.toLowerCase(), names.split(',')]),
);
