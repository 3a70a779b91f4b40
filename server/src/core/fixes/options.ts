/** Finding an option of a line again from a diagnostic's range, and where its argument is written. */
import { getopt, type OptionEvent } from '../auditctl/getopt';
import type { Token } from '../auditctl/tokenize';
import { splitFieldpair } from '../auditctl/fieldpair';
import { resolveArch } from '../auditctl/arch';
import type { MachineSpec } from '../auditctl/tables';

export interface Options { events: OptionEvent[]; tokens: readonly Token[] }

export function options(tokens: readonly Token[]): Options {
  return { events: getopt(tokens).events.filter((e): e is OptionEvent => e.kind === 'option'), tokens };
}

/** The option a problem points at: line problems span their option and its argument. */
export function optionAt(opts: Options, start: number, end: number): OptionEvent | undefined {
  return opts.events.find((e) => e.start === start && e.end === end);
}

/** The rule's -a, -A or -d. */
export function ruleOption(opts: Options): OptionEvent | undefined {
  return opts.events.find((e) => e.name === 'a' || e.name === 'A' || e.name === 'd');
}

/**
 * Where the option's argument starts in the line, if it is written there as auditctl reads it (a
 * backslash escape makes the two differ, and then no offset inside it can be trusted).
 */
export function argumentStart(opts: Options, ev: OptionEvent, line: string): number | undefined {
  const arg = ev.arg ?? '';
  const start = ev.last > ev.first ? opts.tokens[ev.last].start : opts.tokens[ev.first].end - arg.length;
  return line.slice(start, start + arg.length) === arg ? start : undefined;
}

/** The machine whose table -S reads at `ev`: the last -F arch= before it, else the target (fieldpair's rule). */
export function archAt(opts: Options, ev: OptionEvent, target: MachineSpec): MachineSpec {
  let arch = target;
  for (const e of opts.events) {
    if (e === ev) break;
    const pair = e.name === 'F' ? splitFieldpair(e.arg ?? '') : undefined;
    if (pair?.name.toLowerCase() === 'arch') arch = resolveArch(pair.value, { target }) ?? arch;
  }
  return arch;
}
