/** -S: syscall names or numbers into the rule's mask, on the lists that take them, and the 32/64-bit mismatch warning. */
import { MACHINES } from '../tables';
import { syscallMachine } from '../arch';
import type { LineState } from '../lineState';
import { Rc } from '../rc';
import { addSyscalls, sameMask } from '../syscalls';
import type { OptionTable } from './handler';

const SYSCALL_LIST_REFUSAL: Record<string, string> = {
  task: 'Error: syscall auditing being added to task list',
  user: 'Error: syscall auditing being added to user list',
  filesystem: 'Error: syscall auditing being added to filesystem list',
  exclude: 'Error: syscall auditing cannot be put on exclude list',
};

export const SYSCALL_OPTIONS: OptionTable = {
  S: (line, { arg, rc }) => {
    const list = line.list;
    if (list === 'io_uring') {
      const { mask, unknown } = addSyscalls(arg, line.target, line.mask, true);
      if (unknown !== undefined) return line.fail('auditctl-syscall-unknown', `io_uring op unknown: ${arg}`);
      line.mask = mask;
      line.syscallAdded = true;
      return Rc.Rule;
    }
    const refusal = SYSCALL_LIST_REFUSAL[list ?? ''];
    if (refusal) return line.finish(line.fail('auditctl-syscall-list', refusal));
    const unknownArch = !line.arch;
    const { mask, unknown } = addSyscalls(arg, syscallMachine(line), line.mask, false);
    if (unknown !== undefined) return line.fail('auditctl-syscall-unknown', `Syscall name unknown: ${arg.includes(',') ? unknown : arg}`);
    line.mask = mask;
    line.syscallAdded = true;
    line.explicitSyscalls = mask !== 'all';
    if (unknownArch && line.add) checkMismatch(line, arg);
    return rc;
  },
};

/** check_rule_mismatch(): the same names in the 32-bit table give other numbers → auditctl warns. */
function checkMismatch(line: LineState, arg: string): void {
  const twin = line.target.warnsMismatch && line.target.b32Twin ? MACHINES.get(line.target.b32Twin) : undefined;
  if (!twin) return;
  const { mask } = addSyscalls(arg, twin, new Set<number>(), false);
  if (!sameMask(mask, line.mask)) {
    line.problem('warning', 'auditctl-arch-mismatch', 'WARNING - 32/64 bit syscall mismatch in line {line}, you should specify an arch');
  }
}
