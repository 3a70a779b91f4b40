/**
 * The kernel's rule lists during a load: what is in them, found by the kernel's own equality, so a load
 * can answer "Rule exists" and "No such file or directory" as the kernel does.
 * audit_add_rule() clears the prepend flag of a rule once it is in its list, while audit_compare_rule()
 * compares flags: a stored rule is found as an -a rule, whether it came with -a or -A. So `-A X` after
 * `-a X` loads, `-a X` after `-A X` is "Rule exists", and `-d X` deletes a rule added with `-A X`.
 *
 * A rule's identities are kept as small numbers (hashes of the kernel's equality), not as strings: a
 * line keeps two numbers at most. Two rules whose numbers match are compared in full (identityText) before
 * the store calls them equal, so a hash collision never makes a false "Rule exists".
 */
import type { BuiltRule, RuleField } from '../auditctl/types';

/**
 * Where a line of the load came from. A line longer than auditctl's read buffer is several lines to
 * auditctl: `column` is where this one starts in the editor's line, `lineno` is auditctl's own count
 * (what its messages say), when it is known.
 */
export interface LineRef { file: number; line: number; column?: number; lineno?: number }

/** A rule in the kernel's list, and the line that put it there. */
export interface LoadedRule { rule: BuiltRule; ref: LineRef }

/** What the store needs of a rule: its identities as looked up and as stored, and its key. */
interface StoredRule {
  findIds: readonly number[];
  storedIds: readonly number[];
  /** The joined key (parts separated by \x01). */
  key?: string;
}

/**
 * Whether a (its identity as looked up, or as stored) and the stored rule b, whose identity hashes match
 * at `hash`, are the same rule to the kernel.
 */
export type SameIdentity<R> = (a: R, aStored: boolean, b: R, hash: number) => boolean;

/**
 * The kernel's list as a load fills it: byIdentity maps each stored identity to the first rule that
 * holds it, inOrder keeps the load order (a Set: removal is O(1), where an array's indexOf + splice was
 * quadratic over many -W/-d lines).
 */
export class RuleStore<R> {
  /** The rules holding each identity hash: one, or (a collision, or -A beside -a) several. */
  private readonly byIdentity = new Map<number, R | R[]>();
  private readonly inOrder = new Set<R>();

  constructor(private readonly facts: (r: R) => StoredRule, private readonly same: SameIdentity<R>) {}

  /** The loaded rule the kernel takes as equal to this one. */
  find(rule: R): R | undefined {
    for (const id of this.facts(rule).findIds) {
      const held = this.byIdentity.get(id);
      if (held === undefined) continue;
      for (const h of Array.isArray(held) ? held : [held]) if (this.same(rule, false, h, id)) return h;
    }
    return undefined;
  }

  add(rule: R): void {
    this.inOrder.add(rule);
    for (const id of this.facts(rule).storedIds) {
      const held = this.byIdentity.get(id);
      if (held === undefined) this.byIdentity.set(id, rule);
      else {
        const list = Array.isArray(held) ? held : [held];
        if (!list.some((h) => this.same(rule, true, h, id))) this.byIdentity.set(id, [...list, rule]);
      }
    }
  }

  remove(rule: R): void {
    this.inOrder.delete(rule);
    for (const id of this.facts(rule).storedIds) {
      const held = this.byIdentity.get(id);
      if (held === rule) this.byIdentity.delete(id);
      else if (Array.isArray(held) && held.includes(rule)) {
        const rest = held.filter((h) => h !== rule);
        this.byIdentity.set(id, rest.length === 1 ? rest[0] : rest);
      }
    }
  }

  /** Rules -D (or -D -k KEY: one of the rule's keys is KEY) would delete. */
  matching(key: string | undefined): R[] {
    const out: R[] = [];
    for (const r of this.inOrder) if (key === undefined || (this.facts(r).key ?? '').split('\x01').includes(key)) out.push(r);
    return out;
  }
}

/** A rule's identities as numbers: how a line's rule is looked up, and how the kernel stores it. */
export function identityHashes(rule: BuiltRule): { findIds: number[]; storedIds: number[] } {
  const findIds = identityForms(rule, rule.prepend).map(hash31);
  return { findIds, storedIds: rule.prepend ? identityForms(rule, false).map(hash31) : findIds };
}

/** The identity (as find() or as stored) whose hash is `hash`, in full, to confirm a match. */
export function identityText(rule: BuiltRule, stored: boolean, hash: number): string | undefined {
  return identityForms(rule, stored ? false : rule.prepend).find((form) => hash31(form) === hash);
}

/**
 * The kernel's rule equality (audit_compare_rule): list, action, prepend flag, fields in order, syscall
 * mask. A watch's first field is path= or dir= as auditctl finds the path on the loading host (a file or
 * a directory there): two watches of one path are always alike, and a watch matches an explicit
 * path=/dir= rule when the host would pick that type, which the linter guesses (see watchFieldId).
 * Built only to hash a rule, or to confirm two rules whose hashes match: never kept.
 */
function identityForms(rule: BuiltRule, prepend: boolean): string[] {
  const head = `${rule.list}|${rule.action}|${prepend ? 'A' : 'a'}|${maskKey(rule)}`;
  const rest = rule.fields.map(fieldKey);
  if (!rule.watch || rule.fields.length === 0) return [`${head}|${rest.join(' ')}`];
  const tail = rest.slice(1).join(' ');
  return [`${head}|watch=${valueKey(rule.fields[0])} ${tail}`, `${head}|${rest[0]} ${tail}`];
}

function maskKey(rule: BuiltRule): string {
  return rule.syscalls === 'all' ? 'all' : [...rule.syscalls].sort((a, b) => a - b).join(',');
}

function fieldKey(f: RuleField): string {
  return `${f.id}${f.op}${valueKey(f)}`;
}

function valueKey(f: RuleField): string {
  return typeof f.value === 'number' ? String(f.value) : JSON.stringify(f.value);
}

/**
 * cyrb53 folded to 31 bits: a small integer, which Maps key fastest. A match is confirmed in full
 * (identityText), so a collision (a few in 100,000 rules) costs one more comparison, never a wrong answer.
 */
function hash31(s: string): number {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 2654435761);
    h2 = Math.imul(h2 ^ c, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return (h1 ^ h2) & 0x3fffffff;
}
