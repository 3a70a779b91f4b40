/**
 * What `auditctl -l` prints for the rules in the kernel at the end of the load (audit-userspace 4.2.1
 * src/auditctl-listing.c, the kernel's kernel/auditfilter.c audit_list_rules): one line per rule, in
 * the kernel's order, each either in watch form (`-w P -p PERMS -k KEY`) or in syscall form
 * (`-a ACTION,LIST -F arch=… -S … -F …`). Four of the five CIS scanners read exactly this text, and the
 * fifth (Datadog) reads the kernel rules with the same watch test, so their verdicts are predicted from it.
 */
import { machineByElf } from '../auditctl/arch';
import {
  AUDIT_ARCH, AUDIT_DIR, AUDIT_FIELD_COMPARE, AUDIT_FILTERKEY, AUDIT_PERM, AUDIT_WATCH, COMPARE_LISTED, ERRNO_NAMES, FIELDS,
  FSTYPE_NAMES, IO_URING_OP_NAMES, LISTS, MSGTYPE_NAMES, syscallNames, type FieldSpec, type MachineSpec,
} from '../auditctl/tables';
import { PERM_BITS } from '../auditctl/fieldpair';
import type { BuiltRule, LineFacts, RuleField } from '../auditctl/types';
import type { LineRef } from './kernelRules';
import type { LoadEntry, LoadResult } from './load';
import type { RuleSet } from './ruleSet';

/**
 * What one rule puts in the listing, worked out from the rule alone: its line (named by its own
 * arch, or the target's), and what the scanners ask of it beyond the text.
 */
interface ListedForm {
  text: string;
  /** Printed in watch form (auditctl's is_watch): the line has no -a, -S or -F. */
  watch: boolean;
  /** The path or dir value, if the rule has one. */
  path?: string;
  /** The kernel's filter list number, which orders the listing. */
  list: number;
  /** The ELF value of its last arch field (0: none): auditctl names the next rules' syscalls by it. */
  elf: number;
  /** Kept only for a rule whose syscall names depend on the rule printed before it (no arch, some syscalls). */
  rule?: BuiltRule;
  prepend: boolean;
  /** The kernel rule's shape, as readers of the kernel rules other than auditctl judge it. */
  shape: RuleShape;
}

interface RuleShape {
  /** Its syscall mask is all ones. */
  allSyscalls: boolean;
  hasPerm: boolean;
  hasArch: boolean;
  /** The first field other than path, dir, perm and key, by name. */
  otherField?: string;
}

/** One line of the listing and the line of the set that loaded its rule. */
export interface ListedRule extends ListedForm {
  ref: LineRef;
}

/** What auditctl prints when the kernel holds no rule (auditctl-listing.c: `printf("No rules\n")`). */
const NO_RULES = 'No rules';

// A line's form is read once, from its full analysis, and kept while its facts are (an edit costs the lines it touched).
const forms = new WeakMap<LineFacts, ListedForm>();
const listings = new WeakMap<LoadResult, ListedRule[]>();
const mentioning = new WeakMap<LoadResult, ListedRule[]>();

/** The listing of the set's loaded rules, worked out once per load (a walk over the whole load). */
export function kernelListing(set: RuleSet, load: LoadResult): ListedRule[] {
  let listing = listings.get(load);
  if (!listing) listings.set(load, (listing = listed(set, load.loadedRules())));
  return listing;
}

/**
 * The lines of the listing whose rules' texts hold one of `words`, in the listing's order: what a
 * reader of the listing looking for those words can find, at the cost of those rules alone.
 */
export function listingMentioning(set: RuleSet, load: LoadResult, words: readonly string[]): ListedRule[] {
  let listing = mentioning.get(load);
  if (!listing) {
    const entries = new Set(words.flatMap((w) => load.loadedMentioning(w)));
    mentioning.set(load, (listing = listed(set, [...entries].sort((a, b) => a.seq - b.seq))));
  }
  return listing;
}

function listed(set: RuleSet, entries: readonly LoadEntry[]): ListedRule[] {
  return ordered(entries.map((e) => {
    let form = forms.get(e.facts);
    if (!form) {
      form = listedForm(set.ruleOf(e)!, set.target);
      forms.set(e.facts, form);
    }
    return { ...form, ref: e.ref };
  }), set.target);
}

/** The listing as auditctl prints it, a newline after each line. */
export function listingText(listing: readonly ListedRule[]): string {
  return listing.length === 0 ? `${NO_RULES}\n` : listing.map((l) => `${l.text}\n`).join('');
}

const ruleForms = new WeakMap<BuiltRule, ListedForm>();
const NOWHERE: LineRef = { file: -1, line: -1 };

/** The listing of rules that are not in a set (a fix's candidate lines), in the kernel's order. */
export function listRules(rules: readonly BuiltRule[], target: MachineSpec): ListedRule[] {
  return ordered(rules.map((rule) => {
    let form = ruleForms.get(rule);
    if (!form) ruleForms.set(rule, (form = listedForm(rule, target)));
    return { ...form, ref: NOWHERE };
  }), target);
}

/**
 * The kernel's list order: the filter lists by number (user 0, task 1, exit 4, exclude 5, filesystem 6,
 * io_uring 7: `for (i = 0; i < AUDIT_NR_FILTERS; i++) list_for_each_entry(r, &audit_rules_list[i], list)`),
 * each in load order but for -A rules, which audit_add_rule() put at the head (`list_add`), so that the
 * last one added comes first. The prepend flag is cleared once the rule is in: it is listed with -a.
 */
function ordered(rules: ListedRule[], target: MachineSpec): ListedRule[] {
  const byList = new Map<number, { head: ListedRule[]; tail: ListedRule[] }>();
  for (const r of rules) {
    let list = byList.get(r.list);
    if (!list) byList.set(r.list, (list = { head: [], tail: [] }));
    if (r.prepend) list.head.unshift(r);
    else list.tail.push(r);
  }
  const out = [...byList.entries()].sort(([a], [b]) => a - b).flatMap(([, l]) => [...l.head, ...l.tail]);
  // auditctl sets the arch for syscall names (_audit_elf) when it prints an arch field and resets it
  // once per reply, not per rule: a rule without an arch is named by the arch of the rule printed before it.
  let elf = 0;
  return out.map((r) => {
    const named = r.rule && elf ? { ...r, text: printRule(r.rule, r.watch, elf, target).text } : r;
    if (r.elf) elf = r.elf;
    return named;
  });
}

/** A rule's line as the first line of a listing prints it, and what else the listing needs of it. */
function listedForm(rule: BuiltRule, target: MachineSpec): ListedForm {
  const watch = isWatch(rule);
  const { text, elf } = printRule(rule, watch, 0, target);
  const path = rule.fields.filter((f) => f.id === AUDIT_WATCH || f.id === AUDIT_DIR).pop();
  const namesSyscalls = !watch && !elf && rule.syscalls !== 'all' && rule.syscalls.size > 0 && !MASKLESS_LISTS.has(rule.list);
  return {
    text, watch, elf, prepend: rule.prepend,
    list: LISTS.get(rule.list)?.kernelId ?? Number.MAX_SAFE_INTEGER,
    path: path === undefined ? undefined : String(path.value),
    rule: namesSyscalls ? rule : undefined,
    shape: {
      allSyscalls: rule.syscalls === 'all',
      hasPerm: rule.fields.some((f) => f.id === AUDIT_PERM),
      hasArch: rule.arch !== undefined,
      otherField: rule.fields.find((f) => !WATCH_FIELDS.has(f.id))?.name,
    },
  };
}

/** The lists on which auditctl does not look at the syscall mask: rules there never take syscalls. */
const MASKLESS_LISTS: ReadonlySet<string> = new Set(['user', 'task', 'exclude', 'filesystem']);
const WATCH_FIELDS: ReadonlySet<number> = new Set([AUDIT_PERM, AUDIT_FILTERKEY, AUDIT_DIR, AUDIT_WATCH]);

/**
 * auditctl-listing.c is_watch(): "A watch is detected when we have syscall == all and a perm field",
 * and "Watches can have only 4 field types" (perm, key, dir, path). The action is not looked at, so a
 * `never` rule with a perm field is listed as a watch too.
 */
function isWatch(rule: BuiltRule): boolean {
  if (!rule.fields.every((f) => WATCH_FIELDS.has(f.id))) return false;
  const all = MASKLESS_LISTS.has(rule.list) || rule.syscalls === 'all';
  return all && rule.fields.some((f) => f.id === AUDIT_PERM);
}

/** A field's name as auditctl prints it: the first name of its number (auid, not loginuid). */
const FIELD_BY_ID: ReadonlyMap<number, FieldSpec> = (() => {
  const byId = new Map<number, FieldSpec>();
  for (const spec of FIELDS.values()) if (!byId.has(spec.id)) byId.set(spec.id, spec);
  return byId;
})();

/** AUDIT_PERM_READ, _WRITE, _EXEC, _ATTR, printed in this order whatever the order written. */
export function permLetters(bits: number): string {
  return (['r', 'w', 'x', 'a'] as const).filter((c) => bits & PERM_BITS[c]).join('');
}

/** print_rule(): the line, and the arch auditctl names syscalls by from then on. */
function printRule(rule: BuiltRule, watch: boolean, elfBefore: number, target: MachineSpec): { text: string; elf: number } {
  let out = '';
  let elf = elfBefore;
  if (!watch) {
    out += `-a ${rule.action},${rule.list}`;
    for (const f of rule.fields) {
      if (f.id !== AUDIT_ARCH) continue;
      elf = Number(f.value);
      out += ` -F arch${f.op}${archWord(elf)}`;
    }
    out += syscallsText(rule, elf ? machineByElf(elf) : target);
  }
  for (const f of rule.fields) if (f.id !== AUDIT_ARCH) out += fieldText(f, watch);
  return { text: out, elf };
}

/** print_arch(): b64 or b32 by the ELF value's __AUDIT_ARCH_64BIT bit, the hex value when no machine has it. */
function archWord(elf: number): string {
  if (!machineByElf(elf)) return `0x${elf.toString(16).toUpperCase()}`;
  return (elf & 0x80000000) !== 0 ? 'b64' : 'b32';
}

/**
 * print_syscall(): nothing on the lists that take no syscall, ` -S all` for a full mask, else the
 * names in ascending number order from the table of the machine in effect (a number it lacks, as a number).
 */
function syscallsText(rule: BuiltRule, machine: MachineSpec | undefined): string {
  if (MASKLESS_LISTS.has(rule.list)) return '';
  if (rule.syscalls === 'all') return ' -S all';
  if (rule.syscalls.size === 0) return '';
  const names = rule.list === 'io_uring' ? IO_URING_OP_NAMES : machine ? syscallNames(machine.table) : new Map<number, string>();
  return ` -S ${[...rule.syscalls].sort((a, b) => a - b).map((nr) => names.get(nr) ?? String(nr)).join(',')}`;
}

/** A field as print_rule() prints it, with its leading space (a watch's path has none). */
function fieldText(f: RuleField, watch: boolean): string {
  const spec = FIELD_BY_ID.get(f.id);
  if (!spec) return ` f${f.id}${f.op}${f.value}`;
  const name = spec.name;
  switch (f.id) {
    case AUDIT_WATCH:
    case AUDIT_DIR:
      return watch ? `-w ${f.value}` : ` -F ${name}${f.op}${f.value}`;
    case AUDIT_PERM: {
      const perms = permLetters(Number(f.value));
      return watch ? ` -p ${perms}` : ` -F perm=${perms}`;
    }
    case AUDIT_FILTERKEY:
      // print_rule_keys(): one -k (or -F key=) per part of the \x01-joined key; empty parts are skipped.
      return String(f.value).split('\x01').filter((part) => part !== '').map((part) => (watch ? ` -k ${part}` : ` -F key=${part}`)).join('');
    case AUDIT_FIELD_COMPARE: {
      const [left, right] = COMPARE_LISTED.get(String(f.value)) ?? String(f.value).split(',');
      return ` -C ${left}${f.op}${right}`;
    }
  }
  return ` -F ${name}${f.op}${valueText(spec, f.value)}`;
}

/** A field's value as print_rule() prints it: perm as letters, msgtype, errno and fstype by name, arg in hex. */
export function listedValue(f: RuleField): string {
  if (f.id === AUDIT_PERM) return permLetters(Number(f.value));
  const spec = FIELD_BY_ID.get(f.id);
  return spec ? valueText(spec, f.value) : String(f.value);
}

function valueText(spec: FieldSpec, value: number | string): string {
  // A user or group name only the loading host resolves: the listing would show its number, which only that host knows.
  if (typeof value === 'string') return value;
  switch (spec.kind) {
    case 'msgtype': return MSGTYPE_NAMES.get(value) ?? String(value | 0);
    case 'fstype': return FSTYPE_NAMES.get(value) ?? String(value | 0);
    case 'inode': return String(value >>> 0);
    case 'arg': return `0x${(value >>> 0).toString(16).toUpperCase()}`;
    case 'errno': {
      const v = value | 0;
      const name = ERRNO_NAMES.get(Math.abs(v));
      return v < 0 && name ? `-${name}` : String(v);
    }
    // C's `%d` of the kernel's u32.
    default: return String(value | 0);
  }
}
