/** A field's description for hover and completion: what its value is, which operators and lists it takes. */
import type { FieldSpec, KernelOps } from '../auditctl/tables';

const VALUE_TEXT: Record<FieldSpec['kind'], string> = {
  number: 'a number (base 0: 0x hex, leading 0 octal)',
  uid: 'a user id, a user name (resolved on the host that loads the rules) or -1; only auid may be `unset`',
  gid: 'a group id or a group name (resolved on the host); no negatives, no `unset`',
  arch: '`b64`, `b32` (relative to the target machine), a machine name or an ELF number; must come before `-S`',
  msgtype: 'a record type name (e.g. `CWD`) or number',
  string: 'a string (an SELinux label part)',
  sessionid: 'a session id or `unset`',
  fstype: 'a file system type: tracefs, debugfs, cgroup, cgroup2, or a magic number',
  inode: 'an inode number',
  errno: 'a syscall exit value: a number or an errno name; `-EPERM` is -1, `EPERM` is +1',
  path: 'an absolute path, no trailing `/`',
  perm: '1 to 4 of r, w, x, a',
  dir: 'an absolute directory path; the rule covers the whole subtree',
  filetype: 'file, dir, socket, link, character, block or fifo',
  arg: 'a syscall argument value (a number; 0x hex is usual)',
  key: 'a key (tag) for the rule, up to 256 bytes',
  exe: 'the absolute path of the executable',
  saddr_fam: 'a socket address family number (2 = AF_INET, 10 = AF_INET6)',
};

const OPS_TEXT: Record<KernelOps, string> = {
  all: '= != < > <= >= & &=',
  nobit: '= != < > <= >=',
  eqne: '= !=',
  eq: '=',
};

export function fieldValueText(spec: FieldSpec): string {
  return VALUE_TEXT[spec.kind];
}

export function fieldOperators(spec: FieldSpec): string[] {
  return OPS_TEXT[spec.kind === 'perm' ? 'eq' : spec.kernelOps].split(' ');
}

export function fieldMarkdown(spec: FieldSpec): string {
  const lists = spec.lists ? spec.lists.join(', ') : 'any list';
  return [
    `**-F ${spec.name}** (field ${spec.id})`,
    '',
    `Value: ${fieldValueText(spec)}.`,
    '',
    `Operators: \`${fieldOperators(spec).join(' ')}\` · Lists: ${lists}`,
  ].join('\n');
}
