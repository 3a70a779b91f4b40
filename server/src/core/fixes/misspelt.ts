/**
 * The word a refusal is about, when it is a name auditctl looked up and did not find: a syscall (in
 * the table of the arch in effect at that -S), a -F field, or the list or action of -a/-A/-d. Each is
 * found again from the line's options, with the table of names it should have been one of.
 */
import { ACTIONS, FIELDS, IO_URING_OPS, LISTS, syscallTable, type MachineSpec } from '../auditctl/tables';
import { splitFieldpair } from '../auditctl/fieldpair';
import { addSyscalls } from '../auditctl/syscalls';
import type { Found } from './types';
import { archAt, argumentStart, optionAt, options, ruleOption, type Options } from './options';

export interface Misspelt { start: number; word: string; names: Iterable<string> }

type Finder = (opts: Options, found: Found) => Misspelt | undefined;

const LIST_NAMES = [...LISTS.values()].filter((l) => l.syscalls !== 'removed').map((l) => l.name);

export function misspelt(found: Found): Misspelt | undefined {
  return FINDERS[String(found.diagnostic.code)]?.(options(found.analysis.tokens), found);
}

/** The option the diagnostic spans, with its argument's offset in the line. */
function spanned(opts: Options, { diagnostic: d, text }: Found, names: readonly string[]) {
  const ev = optionAt(opts, d.range.start.character, d.range.end.character);
  if (!ev || !names.includes(ev.name)) return undefined;
  const at = argumentStart(opts, ev, text);
  return at === undefined ? undefined : { ev, at, arg: ev.arg ?? '' };
}

/** The first name of a comma list the table lacks (auditctl stops there), with its offset in the list. */
function firstUnknown(arg: string, machine: MachineSpec, ioUring: boolean): { offset: number; word: string } | undefined {
  const { unknown } = addSyscalls(arg, machine, new Set<number>(), ioUring);
  if (unknown === undefined || /^\d/.test(unknown)) return undefined;
  let offset = 0;
  for (const name of arg.split(',')) {
    if (name === unknown) return { offset, word: name };
    offset += name.length + 1;
  }
  return undefined;
}

const syscall: Finder = (opts, found) => {
  const s = spanned(opts, found, ['S']);
  if (!s) return undefined;
  const ioUring = ruleOption(opts)?.arg?.toLowerCase().split(',').includes('io_uring') ?? false;
  const machine = archAt(opts, s.ev, found.set.target);
  const unknown = firstUnknown(s.arg, machine, ioUring);
  if (!unknown) return undefined;
  return { start: s.at + unknown.offset, word: unknown.word, names: (ioUring ? IO_URING_OPS : syscallTable(machine.table)).keys() };
};

const field: Finder = (opts, found) => {
  const s = spanned(opts, found, ['F']);
  const name = s && splitFieldpair(s.arg)?.name;
  if (!s || !name || FIELDS.has(name.toLowerCase())) return undefined;
  return { start: s.at, word: name, names: FIELDS.keys() };
};

/** As auditctl looks them up: actions as written, lists without case. */
function part(word: string): 'list' | 'action' | 'unknown' {
  if (ACTIONS.includes(word)) return 'action';
  return LIST_NAMES.includes(word.toLowerCase()) ? 'list' : 'unknown';
}

/** One of LIST,ACTION (either order) is no known word, and the other says which kind it should be. */
function keyword(arg: string, at: number, actionFirstOnly: boolean): Misspelt | undefined {
  const words = arg.split(',');
  if (words.length !== 2) return undefined;
  const kinds = words.map(part);
  const i = kinds.indexOf('unknown');
  if (i < 0 || (actionFirstOnly && i !== 1)) return undefined;
  const other = kinds[1 - i];
  if (other === 'unknown') return undefined;
  return { start: at + (i === 0 ? 0 : words[0].length + 1), word: words[i], names: other === 'list' ? ACTIONS : LIST_NAMES };
}

/** auditctl refuses a bad word in LIST,ACTION… */
const badKeyword: Finder = (opts, found) => {
  const s = spanned(opts, found, ['a', 'A', 'd']);
  return s && keyword(s.arg, s.at, false);
};

/** …except a list named second, after the action: auditctl sends it, and the kernel refuses it. */
const unknownList: Finder = (opts, { text }) => {
  const ev = ruleOption(opts);
  const at = ev && argumentStart(opts, ev, text);
  return ev && at !== undefined ? keyword(ev.arg ?? '', at, true) : undefined;
};

const FINDERS: Record<string, Finder> = {
  'auditctl-syscall-unknown': syscall,
  'auditctl-field': field,
  'auditctl-bad-keyword': badKeyword,
  'kernel-invalid': unknownList,
};

export const MISSPELT_CODES = Object.keys(FINDERS);
