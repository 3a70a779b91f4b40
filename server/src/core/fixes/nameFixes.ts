/**
 * Fixes that change what a rule names, so a person chooses them: adding -F arch= to a syscall rule, and
 * replacing a misspelt syscall, field, list or action name with the one close known name. Both find the
 * option a diagnostic is about again from the line's options, as getopt reads them.
 */
import { distance as levenshtein } from 'fastest-levenshtein';
import { Position, Range, TextEdit } from 'vscode-languageserver-types';
import { resolveArch } from '../auditctl/arch';
import { splitFieldpair } from '../auditctl/fieldpair';
import { getopt, type OptionEvent } from '../auditctl/getopt';
import { addSyscalls } from '../auditctl/syscalls';
import { ACTIONS, FIELDS, IO_URING_OPS, LISTS, syscallTable, type MachineSpec } from '../auditctl/tables';
import type { Token } from '../auditctl/tokenize';
import { analyzeLine } from '../auditctl/setopt';
import { unchanged } from './lineFixes';
import type { Found, FixKind } from './types';

// Finding an option of a line again from a diagnostic's range, and where its argument is written.


export interface Options { events: OptionEvent[]; tokens: readonly Token[] }

export function options(tokens: readonly Token[]): Options {
  return { events: getopt(tokens).events.filter((e): e is OptionEvent => e.kind === 'option'), tokens };
}

/** The option a problem points at: line problems span their option and its argument. */
function optionAt(opts: Options, start: number, end: number): OptionEvent | undefined {
  return opts.events.find((e) => e.start === start && e.end === end);
}

/** The rule's -a, -A or -d. */
function ruleOption(opts: Options): OptionEvent | undefined {
  return opts.events.find((e) => e.name === 'a' || e.name === 'A' || e.name === 'd');
}

/**
 * Where the option's argument starts in the line, if it is written there as auditctl reads it (a
 * backslash escape makes the two differ, and then no offset inside it can be trusted).
 */
function argumentStart(opts: Options, ev: OptionEvent, line: string): number | undefined {
  const arg = ev.arg ?? '';
  const start = ev.last > ev.first ? opts.tokens[ev.last].start : opts.tokens[ev.first].end - arg.length;
  return line.slice(start, start + arg.length) === arg ? start : undefined;
}

/** The machine whose table -S reads at `ev`: the last -F arch= before it, else the target (fieldpair's rule). */
function archAt(opts: Options, ev: OptionEvent, target: MachineSpec): MachineSpec {
  let arch = target;
  for (const e of opts.events) {
    if (e === ev) break;
    const pair = e.name === 'F' ? splitFieldpair(e.arg ?? '') : undefined;
    if (pair?.name.toLowerCase() === 'arch') arch = resolveArch(pair.value, { target }) ?? arch;
  }
  return arch;
}

// A syscall rule without -F arch= (auditctl's "32/64 bit syscall mismatch"): its names are looked up
// in the target's 64-bit table, and 32-bit programs, whose numbers differ, are not audited as meant.
// One fix pins it to b64; the other also adds the b32 copy, offered only if that copy loads (every
// syscall of the rule exists in the target's 32-bit table). -F arch= goes right after -a LIST,ACTION,
// since auditctl wants it before any -S. Both change what is audited, so neither is automatic.

const withArch = (text: string, at: number, arch: 'b64' | 'b32') => `${text.slice(0, at)} -F arch=${arch}${text.slice(at)}`;

export const addArch: FixKind<'add-arch'> = {
  id: 'add-arch',
  codes: ['auditctl-arch-mismatch'],
  scope: 'line',
  certain: false,
  find: ({ set, line, start, end, text, analysis, hasLine }) => {
    const opts = options(analysis.tokens);
    const rule = ruleOption(opts);
    if (!rule || !optionAt(opts, start, end)) return undefined;
    const twinText = withArch(text, rule.end, 'b32');
    // A copy the file already has would be a duplicate the kernel refuses.
    const twin = !analyzeLine(twinText, set.target).refused && !hasLine(twinText);
    return { fix: 'add-arch', line, text, at: rule.end, twin };
  },
  build: (p, model) => {
    if (!unchanged(model.split, p)) return [];
    const b64 = TextEdit.insert(Position.create(p.line, p.at), ' -F arch=b64');
    const fixes = [{ title: 'Add -F arch=b64', edits: [b64] }];
    if (p.twin) {
      const twin = TextEdit.insert(Position.create(p.line, p.text.length), model.split.eol + withArch(p.text, p.at, 'b32'));
      fixes.push({ title: 'Add -F arch=b64 and a -F arch=b32 twin', edits: [b64, twin] });
    }
    return fixes;
  },
};

// The word a refusal is about, when it is a name auditctl looked up and did not find: a syscall (in
// the table of the arch in effect at that -S), a -F field, or the list or action of -a/-A/-d. Each is
// found again from the line's options, with the table of names it should have been one of.

interface Misspelt { start: number; word: string; names: Iterable<string> }

type Finder = (opts: Options, found: Found) => Misspelt | undefined;

const LIST_NAMES = [...LISTS.values()].filter((l) => l.syscalls !== 'removed').map((l) => l.name);

export function misspelt(found: Found): Misspelt | undefined {
  return FINDERS[String(found.diagnostic.code)]?.(options(found.analysis.tokens), found);
}

/** The option the diagnostic spans, with its argument's offset in the line. */
function spanned(opts: Options, { start, end, text }: Found, names: readonly string[]) {
  const ev = optionAt(opts, start, end);
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

const MISSPELT_CODES = Object.keys(FINDERS);

// The one known name a misspelt word stands for, or none when that is not certain. Close means: the
// only name at the smallest edit distance, if that distance is at most 1 for a word of up to 4
// letters and 2 for a longer one (a swap of two neighbours alone counts as one edit); failing that, the
// only name that starts with the word (open_by_handle → open_by_handle_at). Two names equally close
// (unlinkt: unlink, unlinkat) or several that start with it (timerfd: timerfd_create, _settime,
// _gettime) leave the choice to the reader. Names compare without case, as auditctl's tables do.

const SHORT = 4;
const MIN_PREFIX = 3;

function closestName(word: string, names: Iterable<string>): string | undefined {
  const w = word.toLowerCase();
  const limit = w.length <= SHORT ? 1 : 2;
  let nearest: string[] = [];
  let nearestDistance = limit + 1;
  const starting: string[] = [];
  for (const name of names) {
    const n = name.toLowerCase();
    if (n === w) return undefined;
    const d = distance(w, n, limit);
    if (d < nearestDistance) {
      nearest = [name];
      nearestDistance = d;
    } else if (d === nearestDistance && d <= limit) {
      nearest.push(name);
    }
    if (w.length >= MIN_PREFIX && n.startsWith(w)) starting.push(name);
  }
  if (nearest.length > 0) return nearest.length === 1 ? nearest[0] : undefined;
  return starting.length === 1 ? starting[0] : undefined;
}

/**
 * Levenshtein distance (fastest-levenshtein), with a swap of two neighbours counted as one edit as
 * typing makes it (chmdo → chmod): past `cap` it counts as cap + 1, as it is not close either way.
 */
function distance(a: string, b: string, cap: number): number {
  if (Math.abs(a.length - b.length) > cap) return cap + 1;
  if (isNeighbourSwap(a, b)) return 1;
  return Math.min(levenshtein(a, b), cap + 1);
}

/** `b` is `a` with two adjacent letters swapped. */
function isNeighbourSwap(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  const i = [...a].findIndex((c, k) => c !== b[k]);
  return i >= 0 && i + 1 < a.length && a[i] === b[i + 1] && a[i + 1] === b[i] && a.slice(i + 2) === b.slice(i + 2);
}

// An unknown syscall, field, list or action with one close known name (closestName above): "Replace "opn"
// with "open"". Not automatic: a name that exists but was not meant would audit something else.

export const rename: FixKind<'rename'> = {
  id: 'rename',
  codes: MISSPELT_CODES,
  scope: 'line',
  certain: false,
  find: (found) => {
    const word = misspelt(found);
    const to = word && closestName(word.word, word.names);
    return word && to ? { fix: 'rename', line: found.line, text: found.text, start: word.start, from: word.word, to } : undefined;
  },
  build: (p, model) => {
    if (!unchanged(model.split, p)) return [];
    const range = Range.create(p.line, p.start, p.line, p.start + p.from.length);
    return [{ title: `Replace "${p.from}" with "${p.to}"`, edits: [TextEdit.replace(range, p.to)] }];
  },
};
