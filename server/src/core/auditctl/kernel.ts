/**
 * What the kernel refuses when auditctl sends a rule (kernel/auditfilter.c audit_field_valid,
 * audit_to_watch, audit_make_tree, audit_alloc_mark, audit_data_to_entry). auditctl reports all of
 * them as "Error sending add rule data request (Invalid argument)".
 */
import { COMPARE_PAIRS, FIELDS, type KernelOps } from './tables';
import type { Token } from './tokenize';
import type { BuiltRule, Operator, RuleField } from './types';

const OPS_ALLOWED: Record<KernelOps, readonly Operator[]> = {
  all: ['=', '!=', '<', '>', '<=', '>=', '&', '&='],
  nobit: ['=', '!=', '<', '>', '<=', '>='],
  eqne: ['=', '!='],
  eq: ['='],
};
const UID_FIELDS = new Set([1, 2, 3, 4, 109]);
const GID_FIELDS = new Set([5, 6, 7, 8, 110]);
const INVALID_ID = 4294967295;
const FILE_LISTS = ['exit', 'io_uring'];
const AUID = 9;
const FIELD_COMPARE = 111;
/** AUDIT_MAX_FIELD_COMPARE: the kernel's comparisons are numbered 1…n, one per valid -C pair. */
const MAX_FIELD_COMPARE = COMPARE_PAIRS.size / 2;

export interface KernelRefusal { code: string; message: string; hint: string; start: number; end: number }

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
    if (f.id === 105 || f.id === 107 || f.id === 102) fileFields++;
    if (f.id === 112) exes++;
    if (f.id === 210) keys++;
    if (fileFields > 1) return refuse(f, 'only one of path, dir and inode per rule');
    if (exes > 1) return refuse(f, 'only one exe per rule');
    if (keys > 1) return refuse(f, 'only one key field per rule');
  }
  return undefined;
}

function fieldRefusal(f: RuleField, rule: BuiltRule): string | undefined {
  const spec = [...FIELDS.values()].find((s) => s.id === f.id);
  const kernelOps: KernelOps = spec?.kernelOps ?? 'eqne';
  if (!OPS_ALLOWED[kernelOps].includes(f.op)) return `${f.name} does not take ${f.op}`;
  if (rule.list === 'filesystem' && f.id !== 26 && f.id !== 210) return 'the filesystem list takes only fstype and key';
  if (UID_FIELDS.has(f.id) && f.value === INVALID_ID) return `${f.name} cannot be unset or -1 (only auid can)`;
  // auid=-1 becomes the kernel's loginuid_set test, which takes = and != only.
  if (f.id === AUID && f.value === INVALID_ID && f.op !== '=' && f.op !== '!=') return 'auid unset (-1) takes only = or !=';
  if (f.id === FIELD_COMPARE && typeof f.value === 'number' && f.value > MAX_FIELD_COMPARE) return `field_compare must be at most ${MAX_FIELD_COMPARE}`;
  if (GID_FIELDS.has(f.id) && f.value === INVALID_ID) return `${f.name} cannot be -1`;
  if (f.id === 106 && rule.list === 'io_uring') return 'perm is not valid on the io_uring list';
  if ((f.id === 105 || f.id === 107 || f.id === 102) && !FILE_LISTS.includes(rule.list)) return `${f.name} needs the exit list`;
  if (f.id === 105 || f.id === 112) {
    const v = String(f.value);
    if (!v.startsWith('/')) return `${f.name} must be absolute`;
    if (v.endsWith('/')) return `${f.name} must not end with /`;
  }
  if (f.id === 107 && !String(f.value).startsWith('/')) return 'dir must be absolute';
  return undefined;
}
