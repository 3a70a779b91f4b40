/** `-S` arguments resolved against the syscall table of the arch in effect (lib/libaudit.c _audit_parse_syscall). */
import { IO_URING_OPS, PERM_SYSCALLS, syscallTable, type MachineSpec } from './tables';
import { isDigit, strtol } from './numbers';

/** The kernel's syscall mask holds 64 × 32 bits. */
const MASK_BITS = 64 * 32;

export type SyscallMask = Set<number> | 'all';

/** One name or number; undefined when the table has no such name. */
function syscallNumber(name: string, table: ReadonlyMap<string, number>): number | undefined {
  const nr = table.get(name.toLowerCase());
  if (nr !== undefined) return nr;
  if (isDigit(name[0])) {
    const n = strtol(name);
    return n < MASK_BITS ? n : undefined;
  }
  return undefined;
}

/**
 * Adds `-S` names to the mask. Returns the first unknown name, if any: auditctl stops there
 * ("Syscall name unknown: X" names it alone for a comma list, the whole argument otherwise).
 */
export function addSyscalls(arg: string, machine: MachineSpec, mask: SyscallMask, ioUring: boolean): { mask: SyscallMask; unknown?: string } {
  const table = ioUring ? IO_URING_OPS : syscallTable(machine.table);
  // One copy for the whole list (the caller's mask stays as it was): a copy per name was quadratic.
  let result: SyscallMask | undefined;
  const current = () => (result ??= mask === 'all' ? mask : new Set(mask));
  for (const name of arg.split(',')) {
    if (name === '') continue;
    // `all` fills the mask, and the names after it are still looked up: `all,9999` is refused.
    if (name === 'all' && !ioUring) {
      result = 'all';
      continue;
    }
    if (name === 'all') {
      const all = current();
      if (all !== 'all') for (const nr of table.values()) all.add(nr);
      continue;
    }
    const nr = syscallNumber(name, table);
    if (nr === undefined) return { mask: result ?? mask, unknown: name };
    const set = current();
    if (set !== 'all') set.add(nr);
  }
  return { mask: result ?? mask };
}

/** Syscalls `-F perm=` adds on an arch (lib/permtab.h), keeping only those the arch has. */
export function permSyscalls(perm: 'r' | 'w' | 'x' | 'a', machine: MachineSpec): number[] {
  const cls = { r: 'read', w: 'write', x: 'exec', a: 'attr' }[perm];
  const table = syscallTable(machine.table);
  return (PERM_SYSCALLS.get(cls) ?? []).flatMap((name) => {
    const nr = table.get(name);
    return nr === undefined ? [] : [nr];
  });
}

export function sameMask(a: SyscallMask, b: SyscallMask): boolean {
  if (a === 'all' || b === 'all') return a === b;
  return a.size === b.size && [...a].every((n) => b.has(n));
}
