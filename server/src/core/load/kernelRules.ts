/**
 * The kernel's rule lists during a load: what is in them, found by the kernel's own equality
 * (ruleIdentities below), so a load can answer "Rule exists" and "No such file or directory" as the kernel does.
 * audit_add_rule() clears the prepend flag of a rule once it is in its list, while audit_compare_rule()
 * compares flags: a stored rule is found as an -a rule, whether it came with -a or -A. So `-A X` after
 * `-a X` loads, `-a X` after `-A X` is "Rule exists", and `-d X` deletes a rule added with `-A X`.
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

export class RuleStore {
  private readonly byIdentity = new Map<string, LoadedRule>();
  private readonly inOrder: LoadedRule[] = [];

  /** The loaded rule the kernel takes as equal to this one. */
  find(rule: BuiltRule): LoadedRule | undefined {
    for (const id of ruleIdentities(rule)) {
      const found = this.byIdentity.get(id);
      if (found) return found;
    }
    return undefined;
  }

  add(rule: BuiltRule, ref: LineRef): void {
    const loaded = { rule, ref };
    this.inOrder.push(loaded);
    for (const id of storedIdentities(rule)) if (!this.byIdentity.has(id)) this.byIdentity.set(id, loaded);
  }

  remove(loaded: LoadedRule): void {
    const at = this.inOrder.indexOf(loaded);
    if (at >= 0) this.inOrder.splice(at, 1);
    for (const id of storedIdentities(loaded.rule)) if (this.byIdentity.get(id) === loaded) this.byIdentity.delete(id);
  }

  /** Rules -D (or -D -k KEY: one of the rule's keys is KEY) would delete. */
  matching(key: string | undefined): LoadedRule[] {
    return this.inOrder.filter((r) => key === undefined || (r.rule.key ?? '').split('\x01').includes(key));
  }

  rules(): LoadedRule[] {
    return [...this.inOrder];
  }
}

const storedMemo = new WeakMap<BuiltRule, string[]>();

/** A rule as it sits in the kernel's list: its prepend flag already cleared. */
function storedIdentities(rule: BuiltRule): string[] {
  if (!rule.prepend) return ruleIdentities(rule);
  let ids = storedMemo.get(rule);
  if (!ids) {
    ids = ruleIdentities({ ...rule, prepend: false });
    storedMemo.set(rule, ids);
  }
  return ids;
}

/**
 * The kernel's rule equality (audit_compare_rule): list, action, prepend flag, fields in order, syscall
 * mask. A watch's first field is path= or dir= as auditctl finds the path on the loading host (a file or
 * a directory there): two watches of one path are always alike, and a watch matches an explicit
 * path=/dir= rule when the host would pick that type, which the linter guesses (see watchFieldId).
 */
// Rules are shared by every line with the same text (the line cache), so their identities are worked
// out once: a re-lint after an edit then costs the edited lines, not the whole file.
const memo = new WeakMap<BuiltRule, string[]>();

/** Every identity the rule may have in the kernel; two rules are equal when they share one. */
export function ruleIdentities(rule: BuiltRule): string[] {
  let ids = memo.get(rule);
  if (!ids) {
    ids = computeIdentities(rule);
    memo.set(rule, ids);
  }
  return ids;
}

function computeIdentities(rule: BuiltRule): string[] {
  const head = `${rule.list}|${rule.action}|${rule.prepend ? 'A' : 'a'}|${maskKey(rule)}`;
  const rest = rule.fields.map(fieldKey);
  if (!rule.watch || rule.fields.length === 0) return [`${head}|${rest.join(' ')}`];
  const tail = rest.slice(1).join(' ');
  const watched = rule.fields[0];
  return [`${head}|watch=${valueKey(watched)} ${tail}`, `${head}|${rest[0]} ${tail}`];
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
