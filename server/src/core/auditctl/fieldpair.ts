/**
 * `-F name<op>value` as lib/libaudit.c audit_rule_fieldpair_data() reads it: the operator split,
 * the field table lookup, the list and operator restrictions, then the value by the field's kind.
 * Returns the field, or auditctl's message for the refusal.
 */
import { ERRNOS, FIELDS, FILETYPES, FSTYPES, MSGTYPES, type FieldSpec } from './tables';
import { resolveArch, type ArchState } from './arch';
import { isDigit, strtol, u32 } from './numbers';
import type { Operator } from './types';

/** The order auditctl searches for operators with strstr(): the first hit of the earliest entry wins. */
const OPERATORS: readonly Operator[] = ['!=', '>=', '<=', '&=', '=', '>', '<', '&'];

export interface FieldState extends ArchState {
  /** The filter list of the rule, or undefined when none was given (-1 for an unknown list). */
  list: string | undefined;
  syscallAdded: boolean;
  permAdded: boolean;
  exeAdded: boolean;
  filterFsAdded: boolean;
  /** Syscalls -F perm= adds when an arch precedes it. */
  addPermSyscalls(perm: 'r' | 'w' | 'x' | 'a'): void;
}

export type FieldpairResult =
  | { ok: true; id: number; name: string; op: Operator; value: number | string; hostName?: 'user' | 'group' }
  | { ok: false; message: string; fieldName?: string };

/** Splits at the operator as auditctl does; undefined when there is none. */
export function splitFieldpair(pair: string): { name: string; op: Operator; value: string } | undefined {
  for (const op of OPERATORS) {
    const at = pair.indexOf(op);
    if (at >= 0) return { name: pair.slice(0, at), op, value: pair.slice(at + op.length) };
  }
  return undefined;
}

export function fieldpair(pair: string, state: FieldState): FieldpairResult {
  const split = splitFieldpair(pair);
  if (!split) return { ok: false, message: `-F missing operation for ${pair}` };
  const { name, op, value: v } = split;
  if (name === '') return refused(name, `-F missing field name before operator for `);
  if (v === '') return refused(name, `-F missing value after operation for ${name}`);
  const spec = FIELDS.get(name.toLowerCase());
  if (!spec) return refused(name, `-F unknown field: ${name}`);
  const list = state.list;
  const eqne = op === '=' || op === '!=';

  switch (spec.kind) {
    case 'uid': {
      if (isDigit(v[0])) return accepted(spec, op, u32(strtol(v)));
      if (v.length >= 2 && v[0] === '-' && isDigit(v[1])) return accepted(spec, op, u32(strtol(v)));
      if (v === 'unset') return accepted(spec, op, 4294967295);
      return hostUser(v, spec, op, name);
    }
    case 'gid': {
      if (isDigit(v[0])) return accepted(spec, op, u32(strtol(v)));
      return hostGroup(v, spec, op, name);
    }
    case 'errno': {
      if (!onList(list, ['exit'])) return refused(name, `${name} can only be used with exit filter list`);
      if (isDigit(v[0]) || (v.length >= 2 && v[0] === '-' && isDigit(v[1]))) return accepted(spec, op, u32(strtol(v)));
      const negative = v.startsWith('-');
      const errno = ERRNOS.get((negative ? v.slice(1) : v).toLowerCase());
      if (errno === undefined) return refused(name, `-F unknown errno - ${name}`);
      return accepted(spec, op, u32(negative ? -errno : errno));
    }
    case 'msgtype': {
      if (!onList(list, ['exclude', 'user'])) return refused(name, 'msgtype field can only be used with exclude or user filter list');
      if (isDigit(v[0])) return accepted(spec, op, u32(strtol(v)));
      const type = MSGTYPES.get(v.toLowerCase());
      if (type === undefined) return refused(name, `-F unknown message type - ${name}`);
      return accepted(spec, op, type);
    }
    case 'path':
    case 'dir':
    case 'string':
    case 'key':
    case 'exe': {
      if (spec.lists && !onList(list, spec.lists)) return refused(name, `${name} can only be used with exit filter list`);
      if (spec.kind === 'path' || spec.kind === 'dir') state.permAdded = true;
      if (spec.kind === 'exe') {
        if (!eqne) return refused(name, `${name} only takes = or != operators`);
        state.exeAdded = true;
      }
      if (spec.kind === 'key' && !(state.syscallAdded || state.permAdded || state.exeAdded || state.filterFsAdded)) {
        return refused(name, 'Key field needs a watch, syscall or exe path given prior to it');
      }
      const bytes = Buffer.byteLength(v);
      if (spec.kind === 'key' ? bytes > 256 : bytes > 4096) return refused(name, 'String value too long');
      return accepted(spec, op, v);
    }
    case 'arch': {
      if (state.syscallAdded) return refused(name, `${name} must be before -S`);
      if (!eqne) return refused(name, `${name} only takes = or != operators`);
      const machine = resolveArch(v, state);
      if (!machine) return refused(name, `${name} elf mapping not found`);
      state.arch = machine;
      return accepted(spec, op, machine.elf);
    }
    case 'perm': {
      if (!onList(list, ['exit', 'exclude'])) return refused(name, `${name} can only be used with exit filter list`);
      if (op !== '=') return refused(name, `${name} only takes = operator`);
      if (v.length > 4) return refused(name, 'String value too long');
      let bits = 0;
      for (const c of v.toLowerCase()) {
        const bit = PERM_BITS[c];
        if (bit === undefined) return refused(name, "Permission can only contain  'rwxa'");
        bits |= bit;
        state.addPermSyscalls(c as 'r' | 'w' | 'x' | 'a');
      }
      return accepted(spec, op, bits);
    }
    case 'filetype': {
      if (!onList(list, ['exit'])) return refused(name, `${name} can only be used with exit filter list`);
      const type = FILETYPES.get(v.toLowerCase());
      if (type === undefined) return refused(name, `-F unknown file type -  ${name}`);
      return accepted(spec, op, type);
    }
    case 'fstype': {
      if (!onList(list, ['filesystem'])) return refused(name, `${name} field is not valid for the filter`);
      if (!eqne) return refused(name, `${name} only takes = or != operators`);
      const type = isDigit(v[0]) ? u32(strtol(v)) : FSTYPES.get(v.toLowerCase());
      if (type === undefined) return refused(name, `file system type is unknown for field: ${name}`);
      state.filterFsAdded = true;
      return accepted(spec, op, type);
    }
    case 'arg': {
      if (isDigit(v[0]) || (v.length >= 2 && v[0] === '-' && isDigit(v[1]))) return accepted(spec, op, u32(strtol(v)));
      return refused(name, `-F value should be number for ${name}`);
    }
    case 'sessionid': {
      if (!onList(list, ['exclude', 'user', 'exit'])) return refused(name, `${name} must be used with exclude, user, or exit filter`);
      if (isDigit(v[0]) || (v.length >= 2 && v[0] === '-' && isDigit(v[1]))) return accepted(spec, op, u32(strtol(v)));
      // auditctl stores 0 for any other word but "unset" (a known quirk, kept).
      return accepted(spec, op, v === 'unset' ? 4294967295 : 0);
    }
    case 'saddr_fam': {
      const fam = u32(strtol(v));
      if (fam >= AF_MAX) return refused(name, `value is too large for field: ${name}`);
      return accepted(spec, op, fam);
    }
    case 'inode':
    case 'number':
      return numberField(spec, name, op, v, list);
  }
}

/** glibc's AF_MAX, the kernel's limit for saddr_fam. */
const AF_MAX = 46;
/** AUDIT_PERM_READ, _WRITE, _EXEC and _ATTR, for -F perm= and -p. */
export const PERM_BITS: Readonly<Record<string, number>> = { r: 4, w: 2, x: 1, a: 8 };

function numberField(spec: FieldSpec, name: string, op: Operator, v: string, list: string | undefined): FieldpairResult {
  if (spec.lists && !onList(list, spec.lists)) return refused(name, `${name} can only be used with exit filter list`);
  if (spec.kind === 'inode' && !(op === '=' || op === '!=')) return refused(name, `${name} only takes = or != operators`);
  if (!isDigit(v[0])) return refused(name, `-F value should be number for ${name}`);
  return accepted(spec, op, u32(strtol(v)));
}

/*
 * The results and the list test are functions of their own rather than closures over fieldpair's
 * locals: fieldpair runs for every -F of every rule, and each call made its three closures anew.
 */
function accepted(spec: FieldSpec, op: Operator, value: number | string, hostName?: 'user' | 'group'): FieldpairResult {
  return { ok: true, id: spec.id, name: spec.name, op, value, hostName };
}

function refused(fieldName: string, message: string): FieldpairResult {
  return { ok: false, message, fieldName };
}

function onList(list: string | undefined, allowed: readonly string[]): boolean {
  return list !== undefined && allowed.includes(list);
}

/**
 * A name no host can resolve: passwd and group entries separate fields with ':', and a leading '-' or
 * '+' marks an NIS compat line, never a name getpwnam/getgrnam returns (so gid=-1 is refused too).
 */
function impossibleName(v: string): boolean {
  return v.includes(':') || v.startsWith('-') || v.startsWith('+');
}

/** User names resolve with getpwnam on the machine that loads the rules; only root is everywhere. */
function hostUser(v: string, spec: FieldSpec, op: Operator, name: string): FieldpairResult {
  if (v === 'root') return accepted(spec, op, 0);
  if (impossibleName(v)) return refused(name, `Unknown user: ${v}`);
  return accepted(spec, op, v, 'user');
}

function hostGroup(v: string, spec: FieldSpec, op: Operator, name: string): FieldpairResult {
  if (v === 'root') return accepted(spec, op, 0);
  if (impossibleName(v)) return refused(name, `Unknown group: ${v}`);
  return accepted(spec, op, v, 'group');
}
