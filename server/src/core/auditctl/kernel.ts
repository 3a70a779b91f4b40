/**
 * What the kernel refuses when auditctl sends a rule (kernel/auditfilter.c audit_field_valid,
 * audit_to_watch, audit_make_tree, audit_alloc_mark, audit_data_to_entry). auditctl reports all of
 * them as "Error sending add rule data request (Invalid argument)".
 */
import messageFilterFieldsTsv from '../../../data/auditctl/message-filter-fields.tsv';
import {
  AUDIT_DIR, AUDIT_EXE, AUDIT_FIELD_COMPARE, AUDIT_FILTERKEY, AUDIT_FSTYPE, AUDIT_INODE, AUDIT_LOGINUID, AUDIT_PERM, AUDIT_WATCH,
  COMPARE_PAIRS, FIELDS, GID_FIELDS, parseTsv, UID_FIELDS, type FieldSpec, type KernelOps,
} from './tables';
import type { Token } from './tokenize';
import type { BuiltRule, Operator, RuleField } from './types';

const OPS_ALLOWED: Record<KernelOps, readonly Operator[]> = {
  all: ['=', '!=', '<', '>', '<=', '>=', '&', '&='],
  nobit: ['=', '!=', '<', '>', '<=', '>='],
  eqne: ['=', '!='],
  eq: ['='],
};
const INVALID_ID = 4294967295;
const FILE_LISTS = ['exit', 'io_uring'];
/** AUDIT_MAX_FIELD_COMPARE: the kernel's comparisons are numbered 1…n, one per valid -C pair. */
const MAX_FIELD_COMPARE = COMPARE_PAIRS.size / 2;

interface KernelRefusal { code: string; message: string; hint: string; start: number; end: number }

export function kernelCheck(rule: BuiltRule, tokens: readonly Token[]): KernelRefusal | undefined {
  const verb = rule.op === 'add' ? 'add' : 'delete';
  const refuse = (at: { start: number; end: number }, why: string): KernelRefusal => ({
    code: 'kernel-invalid',
    message: `Error sending ${verb} rule data request (Invalid argument)`,
    hint: `The kernel refuses it: ${why}.`,
    start: at.start,
    end: at.end,
  });
  const whole = { start: tokens[0].start, end: tokens[tokens.length - 1].end };
  if (rule.list.startsWith('?')) return refuse(whole, `the kernel has no list "${rule.list.slice(1)}"`);
  if (rule.fields.length > 64) return refuse(whole, 'more than 64 fields');
  let fileFields = 0;
  let exes = 0;
  let keys = 0;
  for (const f of rule.fields) {
    const why = fieldRefusal(f, rule);
    if (why) return refuse(f, why);
    if (f.id === AUDIT_WATCH || f.id === AUDIT_DIR || f.id === AUDIT_INODE) fileFields++;
    if (f.id === AUDIT_EXE) exes++;
    if (f.id === AUDIT_FILTERKEY) keys++;
    if (fileFields > 1) return refuse(f, 'only one of path, dir and inode per rule');
    if (exes > 1) return refuse(f, 'only one exe per rule');
    if (keys > 1) return refuse(f, 'only one key field per rule');
  }
  return undefined;
}

/** The field table by kernel id (the first name of an id, as a search of the table finds it). */
const FIELDS_BY_ID: ReadonlyMap<number, FieldSpec> = new Map([...FIELDS.values()].reverse().map((s) => [s.id, s]));

function fieldRefusal(f: RuleField, rule: BuiltRule): string | undefined {
  const spec = FIELDS_BY_ID.get(f.id);
  const kernelOps: KernelOps = spec?.kernelOps ?? 'eqne';
  if (!OPS_ALLOWED[kernelOps].includes(f.op)) return `${f.name} does not take ${f.op}`;
  if (rule.list === 'filesystem' && f.id !== AUDIT_FSTYPE && f.id !== AUDIT_FILTERKEY) return 'the filesystem list takes only fstype and key';
  if (UID_FIELDS.has(f.id) && f.value === INVALID_ID) return `${f.name} cannot be unset or -1 (only auid can)`;
  // auid=-1 becomes the kernel's loginuid_set test, which takes = and != only.
  if (f.id === AUDIT_LOGINUID && f.value === INVALID_ID && f.op !== '=' && f.op !== '!=') return 'auid unset (-1) takes only = or !=';
  if (f.id === AUDIT_FIELD_COMPARE && typeof f.value === 'number' && f.value > MAX_FIELD_COMPARE) return `field_compare must be at most ${MAX_FIELD_COMPARE}`;
  if (GID_FIELDS.has(f.id) && f.value === INVALID_ID) return `${f.name} cannot be -1`;
  if (f.id === AUDIT_PERM && rule.list === 'io_uring') return 'perm is not valid on the io_uring list';
  if ((f.id === AUDIT_WATCH || f.id === AUDIT_DIR || f.id === AUDIT_INODE) && !FILE_LISTS.includes(rule.list)) return `${f.name} needs the exit list`;
  if (f.id === AUDIT_WATCH || f.id === AUDIT_EXE) {
    const v = String(f.value);
    if (!v.startsWith('/')) return `${f.name} must be absolute`;
    if (v.endsWith('/')) return `${f.name} must not end with /`;
  }
  if (f.id === AUDIT_DIR && !String(f.value).startsWith('/')) return 'dir must be absolute';
  return undefined;
}

/**
 * Fields a rule on the user or exclude list carries but the kernel never tests there. audit_filter()
 * knows a few fields on those lists; at any other it stops reading the list and lets the event through,
 * so the rule loads yet never applies, and the rules after it are skipped for the events it reaches.
 */
const TESTED_IDS: ReadonlySet<number> = new Set(
  parseTsv(messageFilterFieldsTsv).map(([name]) => FIELDS.get(name)?.id).filter((id): id is number => id !== undefined),
);
const MESSAGE_LISTS = ['user', 'exclude'];

/** The first field of the rule the list's filter does not test, if any. */
export function untestedField(rule: BuiltRule): RuleField | undefined {
  if (!MESSAGE_LISTS.includes(rule.list)) return undefined;
  return rule.fields.find((f) => !TESTED_IDS.has(f.id));
}
