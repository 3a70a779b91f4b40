/**
 * The kernel's rule lists during a load: what is in them, found by the kernel's own equality, so a load
 * can answer "Rule exists" and "No such file or directory" as the kernel does.
 * audit_add_rule() clears the prepend flag of a rule once it is in its list, while audit_compare_rule()
 * compares flags: a stored rule is found as an -a rule, whether it came with -a or -A. So `-A X` after
 * `-a X` loads, `-a X` after `-A X` is "Rule exists", and `-d X` deletes a rule added with `-A X`.
 *
 * A rule's identities are kept as small numbers (hashes of the kernel's equality), not as strings: a
 * line keeps two numbers at most (three for a watch whose type the host decides). Two rules whose
 * numbers match are compared in full (identityText) before the store calls them equal, so a hash
 * collision never makes a false "Rule exists".
 */
import type { BuiltRule, HostIdentities, RuleField } from '../auditctl/types';
import { AUDIT_DIR, AUDIT_WATCH } from '../auditctl/tables';

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
  /** A watch whose path= or dir= the host decides. */
  host?: HostIdentities;
}

/**
 * A rule the kernel holds that equals the one looked up: on every host, or (`onHost`) only where the
 * watch's path is a directory ('dir') or is not one ('file').
 */
export interface Match<R> { rule: R; onHost?: 'file' | 'dir' }

/**
 * Whether a (its identity as looked up, or as stored) and the stored rule b, whose identity hashes match
 * at `hash`, are the same rule to the kernel.
 */
export type SameIdentity<R> = (a: R, aStored: boolean, b: R, hash: number) => boolean;

/**
 * The kernel's list as a load fills it: byIdentity maps each stored identity to the first rule that
 * holds it, inOrder keeps the load order (a Set: removal is O(1), where an array's indexOf + splice was
 * quadratic over many -W/-d lines) for a -D to come, and only then (`forDeletes`): a -D usually comes
 * first, when the list is empty, and 100,000 rules need not fill a Set nobody reads.
 */
export class RuleStore<R> {
  /** The rules holding each identity hash: one, or (a collision, or -A beside -a) several. */
  private readonly byIdentity = new Map<number, R | R[]>();
  private readonly inOrder?: Set<R>;

  constructor(private readonly facts: (r: R) => StoredRule, private readonly same: SameIdentity<R>, forDeletes: boolean) {
    if (forDeletes) this.inOrder = new Set<R>();
  }

  /**
   * The loaded rule the kernel takes as equal to this one: one equal on every host first, else one
   * equal only on some (a watch and an explicit path=/dir= rule, where the host decides the watch's type).
   */
  find(rule: R): Match<R> | undefined {
    const own = this.facts(rule);
    let onSomeHosts: Match<R> | undefined;
    for (const id of own.findIds) {
      const held = this.byIdentity.get(id);
      if (held === undefined) continue;
      for (const h of Array.isArray(held) ? held : [held]) {
        if (!this.same(rule, false, h, id)) continue;
        const onHost = hostCondition(own.host, id) ?? hostCondition(this.facts(h).host, id);
        if (!onHost) return { rule: h };
        onSomeHosts ??= { rule: h, onHost };
      }
    }
    return onSomeHosts;
  }

  add(rule: R): void {
    this.inOrder?.add(rule);
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
    this.inOrder?.delete(rule);
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
    if (!this.inOrder) {
      // Made without forDeletes, the store is asked before its first rule only: the list is empty then.
      if (this.byIdentity.size > 0) throw new Error('RuleStore: made without forDeletes, it cannot list its rules for a -D');
      return [];
    }
    const out: R[] = [];
    for (const r of this.inOrder) if (key === undefined || (this.facts(r).key ?? '').split('\x01').includes(key)) out.push(r);
    return out;
  }
}

/** Where a watch's identity `id` holds: only where its path is not a directory, or only where it is. */
function hostCondition(host: HostIdentities | undefined, id: number): 'file' | 'dir' | undefined {
  if (!host) return undefined;
  return id === host.ifFile ? 'file' : id === host.ifDir ? 'dir' : undefined;
}

/** A rule's identities as numbers: how a line's rule is looked up, and how the kernel stores it. */
export function identityHashes(rule: BuiltRule): { findIds: number[]; storedIds: number[]; host?: HostIdentities } {
  const findIds = formHashes(rule, rule.prepend);
  const storedIds = rule.prepend ? formHashes(rule, false) : findIds;
  if (!rule.hostDecidesType) return { findIds, storedIds };
  // A watch is never prepended: its forms are watch=, path= and dir= (identityForms), as looked up and as stored.
  return { findIds, storedIds, host: { path: String(rule.fields[0].value), ifFile: findIds[1], ifDir: findIds[2] } };
}

/** The identity (as find() or as stored) whose hash is `hash`, in full, to confirm a match. */
export function identityText(rule: BuiltRule, stored: boolean, hash: number): string | undefined {
  const prepend = stored ? false : rule.prepend;
  const at = formHashes(rule, prepend).indexOf(hash);
  return at < 0 ? undefined : identityForms(rule, prepend)[at];
}

/**
 * The kernel's rule equality (audit_compare_rule): list, action, prepend flag, fields in order, syscall
 * mask. A watch's first field is path= or dir= as auditctl finds the path on the loading host (a file or
 * a directory there): two watches of one path are always alike (the `watch=` form), and a watch matches
 * an explicit path=/dir= rule of the type the host gives it: the known one, or, when only the host
 * knows (hostDecidesType), either, which the load reports as depending on the host.
 * Spelt out only to confirm two rules whose hashes match (formHashes hashes the same parts, in the same order).
 */
function identityForms(rule: BuiltRule, prepend: boolean): string[] {
  const head = `${rule.list}|${rule.action}|${prepend ? 'A' : 'a'}|${maskKey(rule)}`;
  const rest = rule.fields.map(fieldKey);
  if (!rule.watch || rule.fields.length === 0) return [`${head}|${rest.join(' ')}`];
  const tail = rest.slice(1).join(' ');
  const path = rule.fields[0];
  const typed = rule.hostDecidesType ? [AUDIT_WATCH, AUDIT_DIR].map((id) => fieldKey({ ...path, id })) : [rest[0]];
  return [`${head}|watch=${valueKey(path)} ${tail}`, ...typed.map((form) => `${head}|${form} ${tail}`)];
}

/** identityForms' identities hashed as they are read, without building their strings. */
function formHashes(rule: BuiltRule, prepend: boolean): number[] {
  const head = new Hash().text(rule.list).text(rule.action).number(prepend ? 1 : 0);
  if (rule.syscalls === 'all') head.mark(MASK_ALL);
  // A typed array sorts numbers without a comparator to call or boxed elements to copy (every rule line hashes its mask).
  else for (const nr of Uint32Array.from(rule.syscalls).sort()) head.number(nr);
  const { fields } = rule;
  if (!rule.watch || fields.length === 0) {
    const whole = head.copy().mark(FIELDS);
    for (const f of fields) whole.field(f);
    return [whole.value()];
  }
  const forms = [head.copy().mark(WATCH).fieldValue(fields[0])];
  for (const id of rule.hostDecidesType ? [AUDIT_WATCH, AUDIT_DIR] : [fields[0].id]) forms.push(head.copy().mark(FIELDS).field(fields[0], id));
  for (let i = 1; i < fields.length; i++) for (const form of forms) form.field(fields[i]);
  // Pushed, not mapped: map() makes a holey array where a rule's single id is a packed one, and ids of
  // two kinds make V8 drop the optimised code of every function that reads them.
  const ids: number[] = [];
  for (const form of forms) ids.push(form.value());
  return ids;
}

const MASK_ALL = 1;
const FIELDS = 2;
const WATCH = 3;
const STRING = 4;
const NUMBER = 5;

/**
 * cyrb53's mixing, fed parts one by one, folded to 31 bits: a small integer, which Maps key fastest. A
 * match is confirmed in full (identityText), so a collision (a few in 100,000 rules) costs one more
 * comparison, never a wrong answer.
 */
class Hash {
  constructor(private h1 = 0xdeadbeef, private h2 = 0x41c6ce57) {}

  copy(): Hash {
    return new Hash(this.h1, this.h2);
  }

  private mix(n: number): this {
    this.h1 = Math.imul(this.h1 ^ n, 2654435761);
    this.h2 = Math.imul(this.h2 ^ n, 1597334677);
    return this;
  }

  /** A separator that no character or number mixes as. */
  mark(kind: number): this {
    return this.mix(-kind);
  }

  text(s: string): this {
    this.mark(STRING);
    for (let i = 0; i < s.length; i++) this.mix(s.charCodeAt(i));
    return this.mix(s.length);
  }

  number(n: number): this {
    this.mark(NUMBER);
    // Values are uint32: both halves, so that no two numbers mix alike.
    return this.mix(n & 0xffff).mix(Math.floor(n / 65536));
  }

  fieldValue(f: RuleField): this {
    return typeof f.value === 'number' ? this.number(f.value) : this.text(f.value);
  }

  /** `id`: the field's as the kernel would type it, where the host decides (no copy of the field for it). */
  field(f: RuleField, id = f.id): this {
    return this.number(id).text(f.op).fieldValue(f);
  }

  value(): number {
    const h1 = Math.imul(this.h1 ^ (this.h1 >>> 16), 2246822507) ^ Math.imul(this.h2 ^ (this.h2 >>> 13), 3266489909);
    const h2 = Math.imul(this.h2 ^ (this.h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
    return (h1 ^ h2) & 0x3fffffff;
  }
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
