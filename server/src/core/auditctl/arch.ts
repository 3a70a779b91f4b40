/**
 * Which syscall table a rule uses: `-F arch=` names (b32/b64 relative to the target machine,
 * machine names, ELF numbers), after lib/libaudit.c audit_determine_machine().
 */
import { MACHINES, type MachineSpec } from './tables';
import { isDigit, strtol } from './numbers';

export interface ArchState {
  /** The machine the rules are loaded on (setting auditd.targetArch). */
  target: MachineSpec;
  /** The arch given by -F arch on this line, if any. */
  arch?: MachineSpec;
}

function machineByName(name: string): MachineSpec | undefined {
  return MACHINES.get(name.toLowerCase());
}

export function machineByElf(elf: number): MachineSpec | undefined {
  for (const m of MACHINES.values()) if (m.elf === elf) return m;
  return undefined;
}

export function resolveArch(v: string, state: ArchState): MachineSpec | undefined {
  if (isDigit(v[0])) return machineByElf(strtol(v));
  const lower = v.toLowerCase();
  if (lower === 'b64') return state.target.bits === 64 ? state.target : undefined;
  if (lower === 'b32') {
    if (state.target.bits === 32) return state.target;
    return state.target.b32Twin ? machineByName(state.target.b32Twin) : undefined;
  }
  return machineByName(v) ?? machineByElf(strtol(v, 16));
}

/** The machine whose syscall table -S uses: the line's arch, else the target's. */
export function syscallMachine(state: ArchState): MachineSpec {
  return state.arch ?? state.target;
}
